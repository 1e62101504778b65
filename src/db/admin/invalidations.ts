/**
 * Invalidations: marking the signatures that match criteria (IP hashes, email domain, window of
 * submission time) `invalidated`, remembering each one's state before and the invalidation it
 * belongs to, so the whole invalidation can be reverted. Apply and revert are each one batch —
 * one transaction — whose tally deltas come from grouped selects over the very rows the batch
 * then updates, so counts and rows cannot drift apart.
 */
import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm'
import type { InvalidationCriteria } from '../../domain/admin/invalidation.ts'
import type { Db } from '../client.ts'
import { invalidations, signatures } from '../schema.ts'
import { newRev } from '../signatures.ts'
import type { AuditInput } from './audit.ts'

type Who = Pick<AuditInput, 'actor' | 'organisationId'>

/** States an invalidation takes signatures from. */
export const INVALIDATABLE = ['pending', 'confirmed', 'held'] as const
type Invalidatable = (typeof INVALIDATABLE)[number]

export type StateCounts = Record<Invalidatable, number>

export interface Invalidation {
  id: number
  campaignId: number
  criteria: InvalidationCriteria
  count: number
  appliedAt: number
  revertedAt: number | null
}

const TALLY = `insert into tallies (campaign_id, dimension, key, n)`
const UPSERT = `on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`
const DAY = `strftime('%Y-%m-%d', confirmed_at / 1000, 'unixepoch')`
/**
 * The organisation credited: the partner signed through, else the campaign's host (the same
 * rule as `credit` in src/db/signatures.ts, as SQL text for the raw batches).
 */
const CREDIT = `cast(coalesce(partner_id,
  (select host_organisation_id from campaigns where campaigns.id = signatures.campaign_id)) as text)`

/** The `where` of the signatures the criteria hit (hashes go in as one JSON parameter). */
function matching(campaignId: number, c: InvalidationCriteria, domainKey: string | null) {
  const parts = ['campaign_id = ?', `status in (${INVALIDATABLE.map((s) => `'${s}'`).join(', ')})`]
  const params: (string | number)[] = [campaignId]
  if (c.ipHash?.length) {
    parts.push('ip_hash in (select value from json_each(?))')
    params.push(JSON.stringify(c.ipHash))
  }
  if (c.emailDomain) {
    // The keyed column, or (rows written before migration 0003 and not yet keyed) the clear one.
    parts.push('(email_domain_key = ? or email_domain = ?)')
    params.push(domainKey ?? '', c.emailDomain)
  }
  if (c.from !== undefined) {
    parts.push('created_at >= ?')
    params.push(c.from)
  }
  if (c.to !== undefined) {
    parts.push('created_at < ?')
    params.push(c.to)
  }
  return { where: parts.join(' and '), params }
}

function toCounts(rows: { status: string; n: number }[]): StateCounts {
  const out: StateCounts = { pending: 0, confirmed: 0, held: 0 }
  for (const r of rows) if (r.status in out) out[r.status as Invalidatable] = r.n
  return out
}

/** The same criteria in the builder, for the reads. */
function matchingWhere(
  campaignId: number,
  c: InvalidationCriteria,
  domainKey: string | null,
): SQL | undefined {
  return and(
    eq(signatures.campaignId, campaignId),
    inArray(signatures.status, [...INVALIDATABLE]),
    c.ipHash?.length
      ? inArray(signatures.ipHash, sql`(select value from json_each(${JSON.stringify(c.ipHash)}))`)
      : undefined,
    // The keyed column, or (rows written before migration 0003 and not yet keyed) the clear one.
    c.emailDomain
      ? or(
          eq(signatures.emailDomainKey, domainKey ?? ''),
          eq(signatures.emailDomain, c.emailDomain),
        )
      : undefined,
    c.from !== undefined ? gte(signatures.createdAt, c.from) : undefined,
    c.to !== undefined ? lt(signatures.createdAt, c.to) : undefined,
  )
}

/** How many signatures, by state, the criteria would hit now. Changes nothing. */
export async function previewInvalidation(
  db: Db,
  campaignId: number,
  criteria: InvalidationCriteria,
  domainKey: string | null,
): Promise<StateCounts> {
  const rows = await db
    .select({ status: signatures.status, n: sql<number>`count(*)` })
    .from(signatures)
    .where(matchingWhere(campaignId, criteria, domainKey))
    .groupBy(signatures.status)
  return toCounts(rows)
}

/**
 * Applies an invalidation; returns it with the counts it hit, by state before. Raw SQL: the
 * batch relies on `changes()` and on "the newest invalidation is ours" inside its one
 * transaction, which the builder cannot say.
 */
export async function applyInvalidation(
  d1: D1Database,
  campaign: { id: number; slug: string },
  criteria: InvalidationCriteria,
  domainKey: string | null,
  who: Who,
  now = Date.now(),
): Promise<Invalidation & { byState: StateCounts }> {
  const m = matching(campaign.id, criteria, domainKey)
  const id = campaign.id
  // Within the batch no other write can interleave, so the newest invalidation is ours.
  const ours = '(select max(id) from invalidations)'
  const statements = [
    d1
      .prepare(
        `insert into invalidations (campaign_id, criteria, count, applied_at)
        values (?, ?, 0, ?) returning id`,
      )
      .bind(id, JSON.stringify(criteria), now),
    // Every tally the invalidation moves, in one statement: the rows it hits leave their state
    // (and, if confirmed, their country, day and partner cells) and join `invalidated`.
    d1
      .prepare(
        `with hit as (select campaign_id, status, country, confirmed_at, ${CREDIT} as credit
          from signatures where ${m.where})
        ${TALLY} select * from (
          select campaign_id, 'state', status, -count(*) from hit group by campaign_id, status
          union all select campaign_id, 'state', 'invalidated', count(*) from hit
            group by campaign_id
          union all select campaign_id, 'country', country, -count(*) from hit
            where status = 'confirmed' group by campaign_id, country
          union all select campaign_id, 'day', ${DAY}, -count(*) from hit
            where status = 'confirmed' and confirmed_at is not null group by campaign_id, 3
          union all select campaign_id, 'partner', credit, -count(*) from hit
            where status = 'confirmed' and credit is not null group by campaign_id, credit
        ) where true ${UPSERT}`,
      )
      .bind(...m.params),
    // The right-hand sides see the row as it was: status_before_invalidation gets the old state.
    d1
      .prepare(
        `update signatures set status_before_invalidation = status, status = 'invalidated',
        invalidation_id = ${ours}, rev = ? where ${m.where}`,
      )
      .bind(newRev(), ...m.params),
    d1.prepare(`update invalidations set count = changes() where id = ${ours}`),
    d1
      .prepare(
        `insert into audit_log (at, actor, organisation_id, action, subject, detail)
        select ?, ?, ?, 'invalidation.apply', ?, json_object('invalidation', id, 'count', count,
          'criteria', json(criteria))
        from invalidations where id = ${ours}`,
      )
      .bind(now, who.actor, who.organisationId ?? null, campaign.slug),
  ]
  // What was applied, read inside the same transaction (no round trip after the batch): the
  // invalidation's row, and the rows it hit by the state they had.
  statements.push(
    d1.prepare(
      `select id, campaign_id as campaignId, criteria, count, applied_at as appliedAt,
        reverted_at as revertedAt from invalidations where id = ${ours}`,
    ),
    d1.prepare(
      `select status_before_invalidation as status, count(*) as n from signatures
      where invalidation_id = ${ours} group by status_before_invalidation`,
    ),
  )
  const results = await d1.batch(statements)
  const row = results[statements.length - 2]?.results[0] as
    | typeof invalidations.$inferSelect
    | undefined
  const byState = (results[statements.length - 1]?.results ?? []) as {
    status: string | null
    n: number
  }[]
  if (!row) throw new Error('the invalidation just applied was not found')
  return {
    ...parsed(row),
    byState: toCounts(byState.map((r) => ({ status: r.status ?? '', n: r.n }))),
  }
}

const INVALIDATION = {
  id: invalidations.id,
  campaignId: invalidations.campaignId,
  criteria: invalidations.criteria,
  count: invalidations.count,
  appliedAt: invalidations.appliedAt,
  revertedAt: invalidations.revertedAt,
}

const parsed = (row: typeof invalidations.$inferSelect): Invalidation => ({
  ...row,
  criteria: JSON.parse(row.criteria) as InvalidationCriteria,
})

export async function findInvalidation(db: Db, id: number): Promise<Invalidation | null> {
  const [row] = await db.select(INVALIDATION).from(invalidations).where(eq(invalidations.id, id))
  return row ? parsed(row) : null
}

/** A campaign's invalidations, newest first. */
export async function listInvalidations(
  db: Db,
  campaignId: number,
  limit = 100,
): Promise<Invalidation[]> {
  const rows = await db
    .select(INVALIDATION)
    .from(invalidations)
    .where(eq(invalidations.campaignId, campaignId))
    .orderBy(desc(invalidations.id))
    .limit(limit)
  return rows.map(parsed)
}

/**
 * Puts every signature of an invalidation that is still `invalidated` back into its state
 * before, with its tallies, in one batch. Returns how many came back, or null if the
 * invalidation was already reverted. Raw SQL: the audit row counts with `changes()` and every
 * statement is guarded by the same in-transaction check of `reverted_at`.
 */
export async function revertInvalidation(
  d1: D1Database,
  invalidation: Invalidation,
  campaignSlug: string,
  who: Who,
  now = Date.now(),
): Promise<number | null> {
  const { id } = invalidation
  const results = await d1.batch([
    // Every tally the revert moves, in one statement: the rows leave `invalidated` and go back
    // to the state they had (and, if that was confirmed, to their country, day and partner).
    d1
      .prepare(
        `with hit as (select campaign_id, status_before_invalidation as was, country,
            confirmed_at, ${CREDIT} as credit
          from signatures where invalidation_id = ?1 and status = 'invalidated'
            and (select reverted_at from invalidations where id = ?1) is null)
        ${TALLY} select * from (
          select campaign_id, 'state', 'invalidated', -count(*) from hit group by campaign_id
          union all select campaign_id, 'state', was, count(*) from hit
            group by campaign_id, was
          union all select campaign_id, 'country', country, count(*) from hit
            where was = 'confirmed' group by campaign_id, country
          union all select campaign_id, 'day', ${DAY}, count(*) from hit
            where was = 'confirmed' and confirmed_at is not null group by campaign_id, 3
          union all select campaign_id, 'partner', credit, count(*) from hit
            where was = 'confirmed' and credit is not null group by campaign_id, credit
        ) where true ${UPSERT}`,
      )
      .bind(id),
    d1
      .prepare(
        `update signatures set status = status_before_invalidation,
        status_before_invalidation = null, invalidation_id = null, rev = ?
        where invalidation_id = ? and status = 'invalidated'
          and (select reverted_at from invalidations where id = ?) is null`,
      )
      .bind(newRev(), id, id),
    d1
      .prepare(
        `insert into audit_log (at, actor, organisation_id, action, subject, detail)
        select ?, ?, ?, 'invalidation.revert', ?, json_object('invalidation', ?, 'count', changes())
        from invalidations where id = ? and reverted_at is null`,
      )
      .bind(now, who.actor, who.organisationId ?? null, campaignSlug, id, id),
    d1
      .prepare('update invalidations set reverted_at = ? where id = ? and reverted_at is null')
      .bind(now, id),
  ])
  if (results[3]?.meta.changes !== 1) return null
  return results[1]?.meta.changes ?? 0
}

export interface IpHashActivity {
  ipHash: string
  total: number
  byState: Record<'pending' | 'confirmed' | 'held' | 'invalidated' | 'removed', number>
  first: number
  last: number
}

/**
 * IP hashes with several signatures on a campaign in the last days, busiest first: where a
 * flood shows. Hashes rotate daily, so one network appears once per day it signed. Read
 * through the creation-time index, so the cost is the last days' signatures, not the
 * campaign's whole history. Raw SQL for the planner hint (`indexed by`), which the builder
 * cannot write.
 */
export async function recentIpHashes(
  d1: D1Database,
  campaignId: number,
  { since, min = 2, limit = 100 }: { since: number; min?: number; limit?: number },
): Promise<IpHashActivity[]> {
  const { results } = await d1
    .prepare(
      `select ip_hash as ipHash, count(*) as total,
        sum(status = 'pending') as pending, sum(status = 'confirmed') as confirmed,
        sum(status = 'held') as held, sum(status = 'invalidated') as invalidated,
        sum(status = 'removed') as removed, min(created_at) as first, max(created_at) as last
      from signatures indexed by signatures_created
      where campaign_id = ? and created_at >= ? and ip_hash is not null
      group by ip_hash having count(*) >= ? order by total desc, last desc limit ?`,
    )
    .bind(campaignId, since, min, limit)
    .all<{
      ipHash: string
      total: number
      pending: number
      confirmed: number
      held: number
      invalidated: number
      removed: number
      first: number
      last: number
    }>()
  return results.map(({ ipHash, total, first, last, ...byState }) => ({
    ipHash,
    total,
    first,
    last,
    byState,
  }))
}
