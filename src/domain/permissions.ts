/**
 * Who may do what: the one table of roles and actions. Services call `allowed()` (through the
 * actor check in src/services/) before any query runs; routes never decide this themselves.
 *
 * Scope: an action is done *for* an organisation. On a campaign, the host organisation's people
 * act on the whole campaign; a partner's people only on what is theirs (their partner tally and
 * the supporters who chose them). `delivery` actions (the named delivery list, packs, recording
 * a delivery) belong to the host: partners never get the delivery list.
 */
import type { Role } from '../db/schema.ts'

export type Action =
  /** Reading campaigns as organisers see them (drafts included): every role. */
  | 'read'
  /** Organisations, people, roles, API tokens, partners of a campaign, settings. */
  | 'manage'
  /** Campaign content: edit, import a release, publish, close. */
  | 'edit'
  /** Held signatures and messages of solidarity; block lists. */
  | 'moderate'
  /** Invalidations of fraudulent signatures (preview, apply, revert). */
  | 'invalidate'
  /** Tallies and the dashboard's figures. */
  | 'tallies'
  /** The delivery list (signatures.csv), delivery packs, recording a delivery (host only). */
  | 'delivery'
  /** supporters.csv: those who chose to hear from the actor's own organisation. */
  | 'supporters'
  /** The audit log. */
  | 'audit'

const table: Record<Role, readonly Action[]> = {
  owner: [
    'read',
    'manage',
    'edit',
    'moderate',
    'invalidate',
    'tallies',
    'delivery',
    'supporters',
    'audit',
  ],
  editor: ['read', 'edit', 'tallies'],
  moderator: ['read', 'moderate', 'invalidate', 'tallies'],
  officer: ['read', 'tallies', 'delivery', 'supporters', 'invalidate'],
}

/** Whether a role may take an action at all (the organisation scope is checked beside it). */
export function allowed(role: Role, action: Action): boolean {
  return table[role].includes(action)
}

/** Actions a partner organisation's people may take on a campaign they promote. */
export const PARTNER_ACTIONS: readonly Action[] = ['read', 'tallies', 'supporters']

/** Whether a partner organisation's people may take this action on a campaign they promote. */
export function allowedToPartner(action: Action): boolean {
  return PARTNER_ACTIONS.includes(action)
}

/**
 * The organisation that runs the platform: the seeded host whose first owner signs in with
 * `ADMIN_TOKEN` (migration 0004). Its owners administer the coalition: they create
 * organisations and give them their first people and tokens.
 */
export const OPERATOR_ORGANISATION_ID = 1
