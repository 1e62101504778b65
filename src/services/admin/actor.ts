/**
 * Who acts in the admin area, and the one place that decides what they may do. An actor is a
 * person (signed in by an emailed link, or the first owner by `ADMIN_TOKEN`) or an API token,
 * each with an organisation and a role. Every admin service calls `authorize` or
 * `campaignFor` before its first query; routes never decide this themselves.
 */

import { type ActorRow, personActor } from '../../db/admin/people.ts'
import { type CampaignScopeRow, campaignScope } from '../../db/admin/scope.ts'
import { tokenActor } from '../../db/admin/tokens.ts'
import type { Db } from '../../db/client.ts'
import type { Role } from '../../db/schema.ts'
import {
  type Action,
  allowed,
  allowedToPartner,
  OPERATOR_ORGANISATION_ID,
} from '../../domain/permissions.ts'
import type { Env, Lang } from '../../env.ts'
import { sha256Hex } from '../../lib/crypto.ts'
import { ApiError, notFound } from '../../lib/errors.ts'

/** The person `ADMIN_TOKEN` signs in as: the first owner of the demo host (migration 0004). */
export const BOOTSTRAP_PERSON_ID = 1
/** API tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'swt_'

export interface Actor {
  kind: 'person' | 'token'
  id: number
  name: string
  role: Role
  organisation: { id: number; slug: string; name: string }
  /** What the audit log records: `person:<id>` or `token:<id>` (+ ` access:<subject>`). */
  ref: string
}

export const forbidden = () =>
  new ApiError(403, 'forbidden', 'Your role or organisation does not allow this.')

function actorOf(kind: Actor['kind'], row: ActorRow, access?: string | null): Actor {
  return {
    kind,
    id: row.id,
    name: row.name,
    role: row.role,
    organisation: {
      id: row.organisationId,
      slug: row.organisationSlug,
      name: row.organisationName,
    },
    ref: `${kind}:${row.id}${access ? ` ${access}` : ''}`,
  }
}

/** A signed-in person as an actor; null when removed, disabled or without a role. */
export async function personAsActor(
  db: Db,
  personId: number,
  access?: string | null,
): Promise<Actor | null> {
  const row = await personActor(db, personId)
  return row ? actorOf('person', row, access) : null
}

/**
 * The actor a bearer token stands for: `ADMIN_TOKEN` (the caller compared it: `bootstrap`) is
 * the first owner; anything else must be a live API token, found by its SHA-256.
 */
export async function bearerActor(
  db: Db,
  token: string | null,
  { bootstrap, access }: { bootstrap: boolean; access?: string | null },
): Promise<Actor | null> {
  if (!token) return null
  if (bootstrap) return personAsActor(db, BOOTSTRAP_PERSON_ID, access)
  if (!token.startsWith(API_TOKEN_PREFIX)) return null
  const row = await tokenActor(db, await sha256Hex(token))
  return row ? actorOf('token', row, access) : null
}

/** Refuses, before any query, an action the actor's role does not allow. */
export function authorize(actor: Actor, action: Action): void {
  if (!allowed(actor.role, action)) throw forbidden()
}

/**
 * Owners administer their own organisation; owners of the operator (the organisation that
 * runs the platform) administer every organisation of the coalition.
 */
export function authorizeOwnerOf(actor: Actor, organisationId: number): void {
  authorize(actor, 'manage')
  const operator = actor.organisation.id === OPERATOR_ORGANISATION_ID
  if (actor.organisation.id !== organisationId && !operator) throw forbidden()
}

/** Only the operator's owners create organisations. */
export function authorizeOperator(actor: Actor): void {
  authorize(actor, 'manage')
  if (actor.organisation.id !== OPERATOR_ORGANISATION_ID) throw forbidden()
}

export interface ScopedCampaign extends CampaignScopeRow {
  /** `host`: the actor's organisation hosts it; `partner`: it promotes it. */
  scope: 'host' | 'partner'
}

/**
 * The campaign an action is taken on, if the actor may take it there: the role must allow the
 * action (checked before any query), an unknown campaign is a 404, and the organisation must
 * host the campaign, or be its partner for the few actions partners have (their own tally and
 * supporters, reading the campaign). Anything else is a 403.
 */
export async function campaignFor(
  db: Db,
  actor: Actor,
  action: Action,
  slug: string,
): Promise<ScopedCampaign> {
  authorize(actor, action)
  const row = await campaignScope(db, slug, actor.organisation.id)
  if (!row) throw notFound('campaign')
  if (row.hostOrganisationId === actor.organisation.id) return { ...row, scope: 'host' }
  if (row.partnerStatus && allowedToPartner(action)) return { ...row, scope: 'partner' }
  throw forbidden()
}

/** What every admin service is given: who acts, the data, and where the public pages live. */
export interface AdminContext {
  env: Env
  db: Db
  actor: Actor
  lang: Lang
  /** The origin whose cached public pages a change must forget. */
  origin: string
}
