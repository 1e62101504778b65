/**
 * Retention, run daily by the Cron Trigger. What we no longer need goes:
 *  - the IP hash of signatures and messages older than 30 days;
 *  - signatures never confirmed (pending, or held without a confirmed email) older than 30
 *    days, with their tokens — their `state` tallies go down in the same batch;
 *  - expired link tokens, and admin sessions past their lifetime;
 *  - email domains still in clear (rows from before migration 0003) are keyed;
 *  - the personal data (name, city, comment, email ciphertext and key id, IP hash, email domain) of
 *    signatures on campaigns closed longer than RETENTION_DAYS_AFTER_CLOSE days (182 by
 *    default), and the address kept with the host's consents (the host's notice promises
 *    this). State and country stay, so every count stays as it was; a partner's consent keeps
 *    its address under that partner's own notice, until the signer withdraws it.
 * Each step is one batch and safe to repeat. The queries are shaped to be read through an
 * index, so a day's run costs about a day's signatures, not the whole history.
 */
import { and, eq, gt, gte, inArray, isNotNull, isNull, lt, notExists, or, sql } from 'drizzle-orm'
import { auditInsert } from '../db/admin/audit.ts'
import { createDb, type Db } from '../db/client.ts'
import {
  adminSessions,
  auditLog,
  campaigns,
  consents,
  messages,
  signatures,
  signatureTokens,
  tallies,
} from '../db/schema.ts'
import { CONFIRM_TTL_MS, REMOVE_TTL_MS } from '../db/signatures.ts'
import { normaliseDomain } from '../domain/admin/blocklist.ts'
import type { Env } from '../env.ts'
import { emailDomainKey } from '../lib/crypto.ts'
import { log } from '../lib/log.ts'
import { ABSOLUTE_MS, IDLE_MS } from '../middleware/admin-auth/session.ts'

const DAY_MS = 24 * 3600 * 1000
export const IP_HASH_DAYS = 30
export const UNCONFIRMED_DAYS = 30
export const DEFAULT_DAYS_AFTER_CLOSE = 182

export interface RetentionReport {
  ipHashesCleared: number
  messageIpHashesCleared: number
  unconfirmedDeleted: number
  tokensDeleted: number
  sessionsDeleted: number
  /** Signatures whose clear email domain (from before migration 0003) was keyed. */
  domainsKeyed: number
  /** Signatures whose personal data was erased, and the campaigns they belong to. */
  anonymised: number
  campaignsAnonymised: string[]
}

export function daysAfterClose(env: Env): number {
  const days = Number(env.RETENTION_DAYS_AFTER_CLOSE ?? DEFAULT_DAYS_AFTER_CLOSE)
  return Number.isFinite(days) && days >= 0 ? days : DEFAULT_DAYS_AFTER_CLOSE
}

/**
 * Unconfirmed signatures past their time. `campaign_id in (…)` with the states listed lets
 * SQLite seek the (campaign, status) index instead of scanning every signature.
 */
const unconfirmed = (db: Db, cutoff: number) =>
  and(
    inArray(signatures.campaignId, db.select({ id: campaigns.id }).from(campaigns)),
    inArray(signatures.status, ['pending', 'held']),
    lt(signatures.createdAt, cutoff),
    or(eq(signatures.status, 'pending'), isNull(signatures.confirmedAt)),
  )

async function deleteUnconfirmed(db: Db, cutoff: number): Promise<number> {
  // One batch: nothing can move these rows between the tally deltas and the delete.
  const [, , deleted] = await db.batch([
    db
      .insert(tallies)
      .select(
        db
          .select({
            campaignId: signatures.campaignId,
            dimension: sql<'state'>`'state'`.as('dimension'),
            key: signatures.status,
            n: sql<number>`-count(*)`.as('n'),
          })
          .from(signatures)
          .where(unconfirmed(db, cutoff))
          .groupBy(signatures.campaignId, signatures.status),
      )
      .onConflictDoUpdate({
        target: [tallies.campaignId, tallies.dimension, tallies.key],
        set: { n: sql`${tallies.n} + excluded.n` },
      }),
    db
      .delete(signatureTokens)
      .where(
        inArray(
          signatureTokens.signatureId,
          db.select({ id: signatures.id }).from(signatures).where(unconfirmed(db, cutoff)),
        ),
      ),
    db.delete(signatures).where(unconfirmed(db, cutoff)),
  ])
  return deleted.meta.changes ?? 0
}

/**
 * Erases the personal data of campaigns closed before `cutoff`. A campaign is done once per
 * closing: the audit row written in the same batch marks it, so later runs skip it without
 * reading its signatures again (a reopened and closed-again campaign is done again). One batch
 * per campaign.
 */
async function anonymiseClosed(
  db: Db,
  cutoff: number,
  now: number,
): Promise<{ rows: number; slugs: string[] }> {
  const done = db
    .select({ one: sql`1` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'retention.anonymise'),
        eq(auditLog.subject, campaigns.slug),
        gte(auditLog.at, campaigns.closedAt),
      ),
    )
  const results = await db
    .select({ id: campaigns.id, slug: campaigns.slug })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'closed'), lt(campaigns.closedAt, cutoff), notExists(done)))
  let rows = 0
  for (const campaign of results) {
    const [, update] = await db.batch([
      db
        .update(consents)
        .set({ emailCipher: null, emailKeyId: null })
        .where(
          and(
            inArray(
              consents.signatureId,
              db
                .select({ id: signatures.id })
                .from(signatures)
                .where(eq(signatures.campaignId, campaign.id)),
            ),
            eq(
              consents.organisationId,
              db
                .select({ id: campaigns.hostOrganisationId })
                .from(campaigns)
                .where(eq(campaigns.id, campaign.id)),
            ),
            isNotNull(consents.emailCipher),
          ),
        ),
      db
        .update(signatures)
        .set({
          name: null,
          city: null,
          comment: null,
          emailCipher: null,
          emailKeyId: null,
          ipHash: null,
          emailDomain: null,
          emailDomainKey: null,
        })
        .where(
          and(
            eq(signatures.campaignId, campaign.id),
            or(
              isNotNull(signatures.name),
              isNotNull(signatures.city),
              isNotNull(signatures.comment),
              isNotNull(signatures.emailCipher),
              isNotNull(signatures.emailKeyId),
              isNotNull(signatures.ipHash),
              isNotNull(signatures.emailDomain),
              isNotNull(signatures.emailDomainKey),
            ),
          ),
        ),
      // `changes()` (the update's row count, inside the batch's transaction) has no builder
      // form: the selected row is SQL, every column of `audit_log` in schema order.
      db.insert(auditLog).select(
        sql`select null, ${now}, 'retention', null, 'retention.anonymise', ${campaign.slug},
            json_object('signatures', changes())`,
      ),
    ])
    rows += update.meta.changes ?? 0
  }
  return { rows, slugs: results.map((r) => r.slug) }
}

/** Rows keyed per batch, and batches per run: a backlog is worked off over a few runs. */
const KEY_PAGE = 500
const KEY_PAGES_PER_RUN = 20

/**
 * Keys the email domains stored in clear before migration 0003 (SQL cannot compute the HMAC),
 * emptying the clear column. Reads through the partial index of rows that still have one, so
 * once the backlog is gone this costs nothing.
 */
export async function keyLegacyDomains(env: Env): Promise<number> {
  const db = createDb(env.DB)
  let keyed = 0
  for (let page = 0; page < KEY_PAGES_PER_RUN; page++) {
    const rows = await db
      .select({ id: signatures.id, domain: signatures.emailDomain })
      .from(signatures)
      .where(isNotNull(signatures.emailDomain))
      .limit(KEY_PAGE)
    if (rows.length === 0) break
    const keys = await Promise.all(
      rows.map((r) =>
        emailDomainKey(env.EMAIL_PEPPER, normaliseDomain(r.domain ?? '') ?? r.domain ?? ''),
      ),
    )
    const [first, ...rest] = rows.map((r, i) =>
      db
        .update(signatures)
        .set({ emailDomainKey: keys[i], emailDomain: null })
        .where(and(eq(signatures.id, r.id), eq(signatures.emailDomain, r.domain ?? ''))),
    )
    if (first) await db.batch([first, ...rest])
    keyed += rows.length
    if (rows.length < KEY_PAGE) break
  }
  return keyed
}

export async function runRetention(env: Env, now = Date.now()): Promise<RetentionReport> {
  const db = createDb(env.DB)
  const domainsKeyed = await keyLegacyDomains(env)
  const ipCutoff = now - IP_HASH_DAYS * DAY_MS
  const unconfirmedDeleted = await deleteUnconfirmed(db, now - UNCONFIRMED_DAYS * DAY_MS)
  const owedAt = sql`coalesce(${signatures.mailOwedAt}, ${signatures.createdAt})`
  const [ips, messageIps, tokens, confirmHashes, removeHashes, sessions] = await db.batch([
    // `ip_hash > ''` reads the IP hash index: only rows that still have a hash (30 days' worth);
    // the unary `+` keeps the planner off the created_at index.
    db
      .update(signatures)
      .set({ ipHash: null })
      .where(and(gt(signatures.ipHash, ''), sql`+${signatures.createdAt} < ${ipCutoff}`)),
    db
      .update(messages)
      .set({ ipHash: null })
      .where(and(lt(messages.createdAt, ipCutoff), isNotNull(messages.ipHash))),
    db.delete(signatureTokens).where(lt(signatureTokens.expiresAt, now)),
    // The current mail's link hashes on the row (migrations/0007) expire as the token rows do
    // (a look-up refuses them already): a confirm link 7 days after its mail, or, used, as long
    // as a remove link (read from its partial index); remove hashes by the created_at index.
    db
      .update(signatures)
      .set({ confirmHash: null })
      .where(
        and(
          isNotNull(signatures.confirmHash),
          or(
            and(isNull(signatures.confirmedAt), sql`${owedAt} < ${now - CONFIRM_TTL_MS}`),
            lt(signatures.confirmedAt, now - REMOVE_TTL_MS),
          ),
        ),
      ),
    db
      .update(signatures)
      .set({ confirmHash: null, removeHash: null })
      .where(
        and(
          lt(signatures.createdAt, now - REMOVE_TTL_MS),
          isNotNull(signatures.removeHash),
          sql`${owedAt} < ${now - REMOVE_TTL_MS}`,
        ),
      ),
    db
      .delete(adminSessions)
      .where(
        or(
          lt(adminSessions.createdAt, now - ABSOLUTE_MS),
          lt(adminSessions.lastSeenAt, now - IDLE_MS),
        ),
      ),
  ])
  const anonymised = await anonymiseClosed(db, now - daysAfterClose(env) * DAY_MS, now)
  const report: RetentionReport = {
    ipHashesCleared: ips.meta.changes ?? 0,
    messageIpHashesCleared: messageIps.meta.changes ?? 0,
    unconfirmedDeleted,
    tokensDeleted:
      (tokens.meta.changes ?? 0) +
      (confirmHashes.meta.changes ?? 0) +
      (removeHashes.meta.changes ?? 0),
    sessionsDeleted: sessions.meta.changes ?? 0,
    domainsKeyed,
    anonymised: anonymised.rows,
    campaignsAnonymised: anonymised.slugs,
  }
  await auditInsert(db, { actor: 'retention', action: 'retention.run', detail: report }, now)
  log('info', 'retention', { ...report })
  return report
}
