/**
 * Review of what waits for a person: signatures held over the soft per-IP limit, and messages
 * of solidarity. A held signature is approved to `confirmed` if its signer already confirmed
 * the email (else to `pending`, to count once they do) or rejected to `invalidated`, through
 * `transition()` so its tallies move with it.
 */
import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { campaigns, messages, type SignatureState, signatures } from '../schema.ts'
import { credit, transition } from '../signatures.ts'
import { type AuditInput, auditIfChanged, auditInsert } from './audit.ts'

export interface HeldSignature {
  id: number
  campaignId: number
  campaignSlug: string
  name: string | null
  country: string
  city: string | null
  comment: string | null
  /** The keyed email domain: equal keys, same domain (the domain itself is not stored). */
  emailDomainKey: string | null
  ipHash: string | null
  createdAt: number
  /** When the signer confirmed the email; null if they have not. */
  confirmedAt: number | null
}

type Who = Pick<AuditInput, 'actor' | 'organisationId'>

/** `campaign_id in (…)` over a JSON list: one bound parameter however many campaigns. */
const inCampaigns = (
  column: typeof signatures.campaignId | typeof messages.campaignId,
  ids: number[],
) => inArray(column, sql`(select value from json_each(${JSON.stringify(ids)}))`)

/**
 * Held signatures of the given campaigns, oldest first; `after` pages by id. The campaign
 * `in (…)` lets every campaign be read through its (campaign, status) index entries.
 */
export async function listHeld(
  db: Db,
  { campaignIds, after = 0, limit = 50 }: { campaignIds: number[]; after?: number; limit?: number },
): Promise<HeldSignature[]> {
  if (campaignIds.length === 0) return []
  return db
    .select({
      id: signatures.id,
      campaignId: signatures.campaignId,
      campaignSlug: campaigns.slug,
      name: signatures.name,
      country: signatures.country,
      city: signatures.city,
      comment: signatures.comment,
      emailDomainKey: signatures.emailDomainKey,
      ipHash: signatures.ipHash,
      createdAt: signatures.createdAt,
      confirmedAt: signatures.confirmedAt,
    })
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .where(
      and(
        inCampaigns(signatures.campaignId, campaignIds),
        eq(signatures.status, 'held'),
        gt(signatures.id, after),
      ),
    )
    .orderBy(asc(signatures.id))
    .limit(limit)
}

/** A signature with what reviewing it needs: its state, campaign and host. */
export async function signatureForReview(db: Db, id: number) {
  const [row] = await db
    .select({
      id: signatures.id,
      campaignId: signatures.campaignId,
      status: signatures.status,
      country: signatures.country,
      confirmedAt: signatures.confirmedAt,
      credit,
      slug: campaigns.slug,
      hostOrganisationId: campaigns.hostOrganisationId,
    })
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .where(eq(signatures.id, id))
  return row ?? null
}

export type ReviewOutcome =
  | { status: 'confirmed' | 'pending' | 'invalidated'; campaignSlug: string }
  | { status: 'not_held' }

/**
 * Approves or rejects one held signature. The move acts only if the signature is still as read:
 * when the signer confirms their email at the same moment, it is read again, so an approval
 * lands on `confirmed` instead of leaving a pending row whose email was already confirmed.
 */
export async function reviewHeld(
  db: Db,
  d1: D1Database,
  sig: NonNullable<Awaited<ReturnType<typeof signatureForReview>>>,
  decision: 'approve' | 'reject',
  who: Who,
): Promise<ReviewOutcome> {
  let current: typeof sig | null = sig
  for (let attempt = 0; attempt < 5; attempt++) {
    if (current?.status !== 'held') return { status: 'not_held' }
    const to: SignatureState =
      decision === 'reject' ? 'invalidated' : current.confirmedAt ? 'confirmed' : 'pending'
    if (await transition(d1, current, to)) {
      // Written once the move is known to have happened: transition() keeps its guard to itself.
      await auditInsert(db, {
        ...who,
        action: `signature.${decision}`,
        subject: current.slug,
        detail: { signature: current.id, to },
      })
      return { status: to as 'confirmed' | 'pending' | 'invalidated', campaignSlug: current.slug }
    }
    // A racing change (the signer confirming) came first: read again and decide again.
    current = await signatureForReview(db, sig.id)
  }
  return { status: 'not_held' }
}

export interface AdminMessage {
  id: number
  campaignSlug: string
  name: string
  country: string | null
  body: string
  lang: string
  status: 'pending' | 'approved' | 'rejected'
  createdAt: number
  moderatedAt: number | null
}

/** Messages in a status (pending by default) of the given campaigns, oldest first. */
export async function listMessages(
  db: Db,
  {
    status = 'pending',
    campaignIds,
    after = 0,
    limit = 50,
  }: { status?: AdminMessage['status']; campaignIds: number[]; after?: number; limit?: number },
): Promise<AdminMessage[]> {
  if (campaignIds.length === 0) return []
  return db
    .select({
      id: messages.id,
      campaignSlug: campaigns.slug,
      name: messages.name,
      country: messages.country,
      body: messages.body,
      lang: messages.lang,
      status: messages.status,
      createdAt: messages.createdAt,
      moderatedAt: messages.moderatedAt,
    })
    .from(messages)
    .innerJoin(campaigns, eq(campaigns.id, messages.campaignId))
    .where(
      and(
        inCampaigns(messages.campaignId, campaignIds),
        eq(messages.status, status),
        gt(messages.id, after),
      ),
    )
    .orderBy(asc(messages.id))
    .limit(limit)
}

/** A message's campaign and host, for the authorization check. */
export async function messageForReview(db: Db, id: number) {
  const [row] = await db
    .select({
      id: messages.id,
      slug: campaigns.slug,
      hostOrganisationId: campaigns.hostOrganisationId,
    })
    .from(messages)
    .innerJoin(campaigns, eq(campaigns.id, messages.campaignId))
    .where(eq(messages.id, id))
  return row ?? null
}

/**
 * Approves (shown on the campaign page) or rejects a message. An approved message can be
 * taken down later by rejecting it, and a rejected one approved on second thought.
 */
export async function moderateMessage(
  db: Db,
  message: { id: number; slug: string },
  decision: 'approve' | 'reject',
  who: Who,
  now = Date.now(),
): Promise<{ status: 'approved' | 'rejected' | 'unchanged'; campaignSlug: string }> {
  const to = decision === 'approve' ? 'approved' : 'rejected'
  const [update] = await db.batch([
    db
      .update(messages)
      .set({ status: to, moderatedAt: now })
      .where(and(eq(messages.id, message.id), ne(messages.status, to)))
      .returning({ id: messages.id }),
    auditIfChanged(db, { ...who, action: `message.${decision}`, subject: String(message.id) }, now),
  ])
  return { status: update.length === 1 ? to : 'unchanged', campaignSlug: message.slug }
}
