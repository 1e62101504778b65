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
import { and, eq, isNotNull } from 'drizzle-orm'
import { auditStatement } from '../db/admin/audit.ts'
import { createDb } from '../db/client.ts'
import { signatures } from '../db/schema.ts'
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
const UNCONFIRMED = `campaign_id in (select id from campaigns) and status in ('pending', 'held')
  and created_at < ?1 and (status = 'pending' or confirmed_at is null)`

async function deleteUnconfirmed(d1: D1Database, cutoff: number): Promise<number> {
  // One batch: nothing can move these rows between the tally deltas and the delete.
  const [, , deleted] = await d1.batch([
    d1
      .prepare(
        `insert into tallies (campaign_id, dimension, key, n)
        select campaign_id, 'state', status, -count(*) from signatures where ${UNCONFIRMED}
        group by campaign_id, status
        on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`,
      )
      .bind(cutoff),
    d1
      .prepare(
        `delete from signature_tokens where signature_id in
        (select id from signatures where ${UNCONFIRMED})`,
      )
      .bind(cutoff),
    d1.prepare(`delete from signatures where ${UNCONFIRMED}`).bind(cutoff),
  ])
  return deleted?.meta.changes ?? 0
}

/**
 * Erases the personal data of campaigns closed before `cutoff`. A campaign is done once per
 * closing: the audit row written in the same batch marks it, so later runs skip it without
 * reading its signatures again (a reopened and closed-again campaign is done again).
 */
async function anonymiseClosed(
  d1: D1Database,
  cutoff: number,
  now: number,
): Promise<{ rows: number; slugs: string[] }> {
  const { results } = await d1
    .prepare(
      `select id, slug from campaigns c where status = 'closed' and closed_at < ?
      and not exists (select 1 from audit_log a where a.action = 'retention.anonymise'
        and a.subject = c.slug and a.at >= c.closed_at)`,
    )
    .bind(cutoff)
    .all<{ id: number; slug: string }>()
  let rows = 0
  for (const campaign of results) {
    const [, update] = await d1.batch([
      d1
        .prepare(
          `update consents set email_cipher = null, email_key_id = null
          where signature_id in (select id from signatures where campaign_id = ?1)
            and organisation_id = (select host_organisation_id from campaigns where id = ?1)
            and email_cipher is not null`,
        )
        .bind(campaign.id),
      d1
        .prepare(
          `update signatures set name = null, city = null, comment = null, email_cipher = null,
            email_key_id = null, ip_hash = null, email_domain = null, email_domain_key = null
          where campaign_id = ? and (name is not null or city is not null or comment is not null
            or email_cipher is not null or email_key_id is not null or ip_hash is not null
            or email_domain is not null or email_domain_key is not null)`,
        )
        .bind(campaign.id),
      d1
        .prepare(
          `insert into audit_log (at, actor, action, subject, detail)
          values (?, 'retention', 'retention.anonymise', ?, json_object('signatures', changes()))`,
        )
        .bind(now, campaign.slug),
    ])
    rows += update?.meta.changes ?? 0
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
  const d1 = env.DB
  const domainsKeyed = await keyLegacyDomains(env)
  const ipCutoff = now - IP_HASH_DAYS * DAY_MS
  const unconfirmedDeleted = await deleteUnconfirmed(d1, now - UNCONFIRMED_DAYS * DAY_MS)
  const [ips, messageIps, tokens, sessions] = await d1.batch([
    // `ip_hash > ''` reads the IP hash index: only rows that still have a hash (30 days' worth).
    d1
      .prepare("update signatures set ip_hash = null where ip_hash > '' and +created_at < ?")
      .bind(ipCutoff),
    d1
      .prepare('update messages set ip_hash = null where created_at < ? and ip_hash is not null')
      .bind(ipCutoff),
    d1.prepare('delete from signature_tokens where expires_at < ?').bind(now),
    d1
      .prepare('delete from admin_sessions where created_at < ? or last_seen_at < ?')
      .bind(now - ABSOLUTE_MS, now - IDLE_MS),
  ])
  const anonymised = await anonymiseClosed(d1, now - daysAfterClose(env) * DAY_MS, now)
  const report: RetentionReport = {
    ipHashesCleared: ips?.meta.changes ?? 0,
    messageIpHashesCleared: messageIps?.meta.changes ?? 0,
    unconfirmedDeleted,
    tokensDeleted: tokens?.meta.changes ?? 0,
    sessionsDeleted: sessions?.meta.changes ?? 0,
    domainsKeyed,
    anonymised: anonymised.rows,
    campaignsAnonymised: anonymised.slugs,
  }
  await auditStatement(
    d1,
    { actor: 'retention', action: 'retention.run', detail: report },
    { now },
  ).run()
  log('info', 'retention', { ...report })
  return report
}
