/**
 * Review of what waits for a person: signatures held over the soft per-IP limit, and messages
 * of solidarity. A held signature is approved to `confirmed` if its signer already confirmed
 * the email (else to `pending`, to count once they do) or rejected to `invalidated`, through
 * `transition()` so its tallies move with it.
 */
import type { SignatureState } from '../schema.ts'
import { CREDIT_SQL, transition } from '../signatures.ts'
import { auditStatement } from './audit.ts'

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

/**
 * Held signatures, oldest first, optionally of one campaign; `after` pages by id. The campaign
 * `in (…)` lets every campaign be read through its (campaign, status) index entries.
 */
export async function listHeld(
  d1: D1Database,
  { campaignId, after = 0, limit = 50 }: { campaignId?: number; after?: number; limit?: number },
): Promise<HeldSignature[]> {
  const { results } = await d1
    .prepare(
      `select s.id, s.campaign_id as campaignId, c.slug as campaignSlug, s.name, s.country, s.city,
        s.comment, s.email_domain_key as emailDomainKey, s.ip_hash as ipHash, s.created_at as createdAt,
        s.confirmed_at as confirmedAt
      from signatures s join campaigns c on c.id = s.campaign_id
      where s.campaign_id in (${campaignId === undefined ? 'select id from campaigns' : '?'})
        and s.status = 'held' and s.id > ?
      order by s.id limit ?`,
    )
    .bind(...(campaignId === undefined ? [] : [campaignId]), after, limit)
    .all<HeldSignature>()
  return results
}

export type ReviewOutcome =
  | { status: 'confirmed' | 'pending' | 'invalidated'; campaignSlug: string }
  | { status: 'not_found' | 'not_held' }

/**
 * Approves or rejects one held signature. The move acts only if the signature is still as read:
 * when the signer confirms their email at the same moment, it is read again, so an approval
 * lands on `confirmed` instead of leaving a pending row whose email was already confirmed.
 */
export async function reviewHeld(
  d1: D1Database,
  id: number,
  decision: 'approve' | 'reject',
  actor: string,
): Promise<ReviewOutcome> {
  const read = () =>
    d1
      .prepare(
        `select s.id, s.campaign_id as campaignId, s.status, s.country,
          s.confirmed_at as confirmedAt, ${CREDIT_SQL} as credit, c.slug
        from signatures s join campaigns c on c.id = s.campaign_id where s.id = ?`,
      )
      .bind(id)
      .first<{
        id: number
        campaignId: number
        status: SignatureState
        country: string
        confirmedAt: number | null
        credit: string | null
        slug: string
      }>()
  let sig = await read()
  if (!sig) return { status: 'not_found' }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (sig?.status !== 'held') return { status: 'not_held' }
    const to = decision === 'reject' ? 'invalidated' : sig.confirmedAt ? 'confirmed' : 'pending'
    if (await transition(d1, sig, to)) {
      // Written once the move is known to have happened.
      await auditStatement(d1, {
        actor,
        action: `signature.${decision}`,
        subject: sig.slug,
        detail: { signature: id, to },
      }).run()
      return { status: to, campaignSlug: sig.slug }
    }
    sig = await read()
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

/** Messages in a status (pending by default), oldest first, optionally of one campaign. */
export async function listMessages(
  d1: D1Database,
  {
    status = 'pending',
    campaignId,
    after = 0,
    limit = 50,
  }: { status?: AdminMessage['status']; campaignId?: number; after?: number; limit?: number },
): Promise<AdminMessage[]> {
  const { results } = await d1
    .prepare(
      `select m.id, c.slug as campaignSlug, m.name, m.country, m.body, m.lang, m.status,
        m.created_at as createdAt, m.moderated_at as moderatedAt
      from messages m join campaigns c on c.id = m.campaign_id
      where m.campaign_id in (${campaignId === undefined ? 'select id from campaigns' : '?'})
        and m.status = ? and m.id > ?
      order by m.id limit ?`,
    )
    .bind(...(campaignId === undefined ? [] : [campaignId]), status, after, limit)
    .all<AdminMessage>()
  return results
}

/**
 * Approves (shown on the campaign page) or rejects a message. An approved message can be
 * taken down later by rejecting it, and a rejected one approved on second thought.
 */
export async function moderateMessage(
  d1: D1Database,
  id: number,
  decision: 'approve' | 'reject',
  actor: string,
  now = Date.now(),
): Promise<
  { status: 'approved' | 'rejected' | 'unchanged'; campaignSlug: string } | { status: 'not_found' }
> {
  const to = decision === 'approve' ? 'approved' : 'rejected'
  const [update] = await d1.batch([
    d1
      .prepare('update messages set status = ?, moderated_at = ? where id = ? and status != ?')
      .bind(to, now, id, to),
    auditStatement(
      d1,
      {
        actor,
        action: `message.${decision}`,
        subject: String(id),
      },
      { ifChanged: true, now },
    ),
  ])
  const found = await d1
    .prepare(
      'select c.slug from messages m join campaigns c on c.id = m.campaign_id where m.id = ?',
    )
    .bind(id)
    .first<string>('slug')
  if (!found) return { status: 'not_found' }
  return { status: update?.meta.changes === 1 ? to : 'unchanged', campaignSlug: found }
}
