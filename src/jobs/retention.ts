/**
 * Retention, run daily by the Cron Trigger. What we no longer need goes:
 *  - the IP hash of signatures and messages older than 30 days;
 *  - signatures never confirmed (pending, or held without a confirmed email) older than 30
 *    days, with their tokens — their `state` tallies go down in the same batch;
 *  - expired link tokens, and admin sessions past their lifetime;
 *  - the personal data (name, city, comment, email ciphertext and key id, IP hash) of
 *    signatures on campaigns closed longer than RETENTION_DAYS_AFTER_CLOSE days (182 by
 *    default). Their state and country stay, so every count stays as it was.
 * Each step is one batch and safe to repeat; a step that finds nothing changes nothing.
 */
import { auditStatement } from '../db/admin/audit.ts'
import type { Env } from '../env.ts'
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
  anonymised: number
}

export function daysAfterClose(env: Env): number {
  const days = Number(env.RETENTION_DAYS_AFTER_CLOSE ?? DEFAULT_DAYS_AFTER_CLOSE)
  return Number.isFinite(days) && days >= 0 ? days : DEFAULT_DAYS_AFTER_CLOSE
}

/** Unconfirmed signatures past their time (the same `where` for the tallies and the delete). */
const UNCONFIRMED = `created_at < ?1 and (status = 'pending' or (status = 'held' and confirmed_at is null))`

export async function runRetention(env: Env, now = Date.now()): Promise<RetentionReport> {
  const d1 = env.DB
  const ipCutoff = now - IP_HASH_DAYS * DAY_MS
  const unconfirmedCutoff = now - UNCONFIRMED_DAYS * DAY_MS
  const closedCutoff = now - daysAfterClose(env) * DAY_MS

  // One batch: nothing can move these rows between the tally deltas and the delete.
  const [, , deleted] = await d1.batch([
    d1
      .prepare(
        `insert into tallies (campaign_id, dimension, key, n)
        select campaign_id, 'state', status, -count(*) from signatures where ${UNCONFIRMED}
        group by campaign_id, status
        on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`,
      )
      .bind(unconfirmedCutoff),
    d1
      .prepare(
        `delete from signature_tokens where signature_id in
        (select id from signatures where ${UNCONFIRMED})`,
      )
      .bind(unconfirmedCutoff),
    d1.prepare(`delete from signatures where ${UNCONFIRMED}`).bind(unconfirmedCutoff),
  ])

  const [ips, messageIps, tokens, sessions, anonymised] = await d1.batch([
    d1
      .prepare('update signatures set ip_hash = null where created_at < ? and ip_hash is not null')
      .bind(ipCutoff),
    d1
      .prepare('update messages set ip_hash = null where created_at < ? and ip_hash is not null')
      .bind(ipCutoff),
    d1.prepare('delete from signature_tokens where expires_at < ?').bind(now),
    d1
      .prepare('delete from admin_sessions where created_at < ? or last_seen_at < ?')
      .bind(now - ABSOLUTE_MS, now - IDLE_MS),
    d1
      .prepare(
        `update signatures set name = null, city = null, comment = null, email_cipher = null,
          email_key_id = null, ip_hash = null
        where campaign_id in
          (select id from campaigns where status = 'closed' and closed_at < ?)
          and (name is not null or city is not null or comment is not null
            or email_cipher is not null or email_key_id is not null or ip_hash is not null)`,
      )
      .bind(closedCutoff),
  ])

  const report: RetentionReport = {
    ipHashesCleared: ips?.meta.changes ?? 0,
    messageIpHashesCleared: messageIps?.meta.changes ?? 0,
    unconfirmedDeleted: deleted?.meta.changes ?? 0,
    tokensDeleted: tokens?.meta.changes ?? 0,
    sessionsDeleted: sessions?.meta.changes ?? 0,
    anonymised: anonymised?.meta.changes ?? 0,
  }
  await auditStatement(
    d1,
    { actor: 'retention', action: 'retention.run', detail: report },
    { now },
  ).run()
  log('info', 'retention', { ...report })
  return report
}
