/**
 * Confirmation mail that is never lost: the queue consumer, the dead-letter consumer and the
 * sweep.
 *
 * A signature's row says what mail it is owed (written with the signature, before its 202).
 * The signing request queues a message naming it; the consumer reads the rows of a whole
 * queue batch from D1, sends what is still owed in provider calls of up to 100 at the
 * configured rate (`MAIL_RATE_PER_SECOND`), and marks it sent. The same mail is rebuilt
 * identically on every attempt (links derived from the row, src/lib/link-tokens.ts), under the
 * same `Idempotency-Key`, so a provider that saw it before delivers it once. A provider outage
 * or rate limit is retried with backoff (30 s doubling to an hour) for `GIVE_UP_AFTER_MS`; a
 * mail the provider refuses for its content (a bad address) is given up at once and listed in
 * /admin, without holding up the rest of its batch. A message that exhausts the queue's
 * retries lands in the dead-letter queue, whose consumer gives its mail up the same way.
 *
 * The queue is not the record: the sweep (every minute from the Cron Trigger; `npm start` calls
 * it in development) queues again what is owed in D1 and overdue, e.g. after a Worker was killed
 * between its 202 and its queue send.
 */

import type { BatchItem } from 'drizzle-orm/batch'
import { batchOf, createDb } from '../db/client.ts'
import {
  claimOwedMail,
  type MailRef,
  type MailRow,
  mailContext,
  mailRows,
  markGivenUpStatement,
  markRetryStatement,
  markSentStatement,
} from '../db/mail.ts'
import { type Env, LANGS, type Lang } from '../env.ts'
import { decryptEmail, sha256Hex } from '../lib/crypto.ts'
import { linkTokens } from '../lib/link-tokens.ts'
import { log } from '../lib/log.ts'
import { type Mail, MailError, type MailTransport, mailTransport } from '../lib/mail/index.ts'
import { type MailMessage, sendMailMessages } from '../lib/mail/queue.ts'
import { sleep } from '../lib/sleep.ts'
import { confirmationMail } from '../views/mail.ts'

/** Mails in one provider call (Resend's batch endpoint takes 100). */
export const MAX_PROVIDER_BATCH = 100
/** Retries run at least 24 hours; a mail still not accepted after this is given up. */
export const GIVE_UP_AFTER_MS = 26 * 3600 * 1000
/** A fresh row this old that is still owed, or a retry this overdue, is queued again. */
export const SWEEP_GRACE_MS = 30 * 1000
/** How long the sweep waits for what it queued before queueing it once more. */
export const SWEEP_LEASE_MS = 5 * 60 * 1000
/** The cron of the sweep (the other cron runs the retention jobs). */
export const MAIL_SWEEP_CRON = '* * * * *'

/** Seconds before attempt `attempt + 1` after `attempt` failures: 30 s, doubling, at most 1 h. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1))
}

/** Spaces provider calls to the configured rate (one consumer runs at a time: see wrangler.toml). */
export class Pacer {
  private nextAt = 0

  async wait(perSecond: number, now: () => number, pause: (ms: number) => Promise<unknown>) {
    const interval = 1000 / perSecond
    const t = now()
    // Never longer than one interval: a clock that jumped (tests) must not stall the consumer.
    const wait = Math.min(this.nextAt - t, interval)
    if (wait > 0) await pause(wait)
    this.nextAt = Math.max(t, this.nextAt) + interval
  }
}

const isolatePacer = new Pacer()

export interface DeliveryDeps {
  transport?: MailTransport
  now?: () => number
  sleep?: (ms: number) => Promise<unknown>
  pacer?: Pacer
}

interface Owed {
  row: MailRow
  mail: Mail
  messages: Message<MailMessage>[]
}

/** The queue consumer: one batch of messages (up to 100). */
export async function deliverMail(
  batch: MessageBatch<MailMessage>,
  env: Env,
  deps: DeliveryDeps = {},
): Promise<void> {
  const now = deps.now ?? Date.now
  const pause = deps.sleep ?? sleep
  const pacer = deps.pacer ?? isolatePacer
  const rate = Number(env.MAIL_RATE_PER_SECOND ?? 2) || 2

  const rows = await mailRows(
    env.DB,
    batch.messages.map((m) => m.body),
  )
  const byRef = new Map(rows.map((r) => [`${r.campaignId}\n${r.emailHash}`, r]))
  const owedRows = new Map<number, { row: MailRow; messages: Message<MailMessage>[] }>()
  const settled: MailRef[] = []
  const expired: MailRef[] = []
  const started = now()
  for (const message of batch.messages) {
    const row = byRef.get(`${message.body.c}\n${message.body.h}`)
    // Sent already, re-owed as a newer mail, or the signature is gone: this message is done.
    if (row?.mailState !== 'owed' || row.mailGen !== message.body.g) {
      message.ack()
      continue
    }
    // Owed to every accepted signature until it is confirmed or removed (one invalidated
    // while its mail waits may be reverted, and its signer must be able to confirm then).
    const mailable =
      row.emailCipher !== null &&
      row.confirmedAt === null &&
      row.status !== 'confirmed' &&
      row.status !== 'removed'
    if (!mailable) {
      settled.push({ id: row.id, gen: row.mailGen })
      message.ack()
    } else if (started - row.owedAt >= GIVE_UP_AFTER_MS) {
      expired.push({ id: row.id, gen: row.mailGen })
      message.ack()
    } else {
      const entry = owedRows.get(row.id)
      if (entry) entry.messages.push(message)
      else owedRows.set(row.id, { row, messages: [message] })
    }
  }
  const db = createDb(env.DB)
  const bookkeeping: BatchItem<'sqlite'>[] = []
  if (settled.length > 0) bookkeeping.push(markSentStatement(db, settled))
  if (expired.length > 0) bookkeeping.push(markGivenUpStatement(db, expired, started))
  await batchOf(db, bookkeeping)
  if (expired.length > 0) log('warn', 'mail_given_up', { mails: expired.length, reason: 'expired' })
  if (owedRows.size === 0) return

  const transport = deps.transport ?? mailTransport(env)
  const { list, broken } = await mailsFor(
    env,
    [...owedRows.values()].sort((a, b) => a.row.id - b.row.id),
  )
  if (broken.length > 0) {
    // A mail that cannot even be written (its key gone from EMAIL_KEYS, say) never will be.
    await markGivenUpStatement(
      db,
      broken.map(({ row }) => ({ id: row.id, gen: row.mailGen })),
      started,
    ).run()
    for (const b of broken) for (const m of b.messages) m.ack()
    log('error', 'mail_given_up', { mails: broken.length, reason: 'unreadable' })
  }
  for (let i = 0; i < list.length; i += MAX_PROVIDER_BATCH) {
    const chunk = list.slice(i, i + MAX_PROVIDER_BATCH)
    const outcome = await sendChunk(transport, chunk, () => pacer.wait(rate, now, pause))
    await settle(env, outcome, now())
  }
}

interface ChunkOutcome {
  sent: Owed[]
  retry: { owed: Owed; retryAfter: number | null }[]
  givenUp: Owed[]
}

/**
 * One provider call for the chunk; a chunk refused for its content (one bad address fails a
 * whole Resend batch) is sent again one mail at a time, so the others still go.
 */
async function sendChunk(
  transport: MailTransport,
  chunk: Owed[],
  paced: () => Promise<void>,
): Promise<ChunkOutcome> {
  const out: ChunkOutcome = { sent: [], retry: [], givenUp: [] }
  const attempt = async (items: Owed[]) => {
    await paced()
    try {
      if (items.length === 1) await transport.send((items[0] as Owed).mail)
      else {
        const key = `batch:${await sha256Hex(items.map((o) => o.mail.idempotencyKey).join('\n'))}`
        await transport.sendBatch(
          items.map((o) => o.mail),
          key,
        )
      }
      return null
    } catch (err) {
      log('warn', 'mail_send_failed', { mails: items.length, error: String(err).slice(0, 200) })
      return err instanceof MailError ? err : new MailError(0)
    }
  }
  const failed = await attempt(chunk)
  if (!failed) out.sent.push(...chunk)
  else if (!failed.permanent) {
    for (const owed of chunk) out.retry.push({ owed, retryAfter: failed.retryAfter })
  } else if (chunk.length === 1) out.givenUp.push(...chunk)
  else {
    for (const owed of chunk) {
      const alone = await attempt([owed])
      if (!alone) out.sent.push(owed)
      else if (alone.permanent) out.givenUp.push(owed)
      else out.retry.push({ owed, retryAfter: alone.retryAfter })
    }
  }
  return out
}

/** Writes a chunk's outcome to D1, then settles its messages (ack, or retry after a delay). */
async function settle(env: Env, outcome: ChunkOutcome, now: number): Promise<void> {
  const ref = (o: Owed) => ({ id: o.row.id, gen: o.row.mailGen })
  const retries = outcome.retry.map(({ owed, retryAfter }) => {
    // Queues delay a retry by at most 12 hours.
    const delay = Math.min(
      43_200,
      Math.max(backoffSeconds(owed.row.mailAttempts + 1), retryAfter ?? 0),
    )
    return { owed, delay, dueAt: now + delay * 1000 }
  })
  const db = createDb(env.DB)
  const writes: BatchItem<'sqlite'>[] = []
  if (outcome.sent.length > 0) writes.push(markSentStatement(db, outcome.sent.map(ref)))
  if (retries.length > 0) {
    writes.push(
      markRetryStatement(
        db,
        retries.map((r) => ({ ...ref(r.owed), dueAt: r.dueAt })),
      ),
    )
  }
  if (outcome.givenUp.length > 0) {
    writes.push(markGivenUpStatement(db, outcome.givenUp.map(ref), now))
  }
  await batchOf(db, writes)
  for (const o of [...outcome.sent, ...outcome.givenUp]) for (const m of o.messages) m.ack()
  for (const r of retries) for (const m of r.owed.messages) m.retry({ delaySeconds: r.delay })
  if (outcome.sent.length > 0) log('info', 'mail_sent', { mails: outcome.sent.length })
  if (outcome.givenUp.length > 0) {
    log('warn', 'mail_given_up', { mails: outcome.givenUp.length, reason: 'refused' })
  }
}

const langOf = (row: MailRow): Lang =>
  (LANGS as readonly string[]).includes(row.lang) ? (row.lang as Lang) : 'en'

/** The mail each row is owed, rebuilt from the row alone: the same every time. */
async function mailsFor(
  env: Env,
  owed: { row: MailRow; messages: Message<MailMessage>[] }[],
): Promise<{ list: Owed[]; broken: typeof owed }> {
  const { titles, hosts, partners } = await mailContext(
    env.DB,
    owed.map(({ row }) => ({
      campaignId: row.campaignId,
      lang: langOf(row),
      partnerId: row.partnerId,
    })),
  )
  const built = await Promise.allSettled(
    owed.map(async ({ row, messages }): Promise<Owed> => {
      const cipher = row.emailCipher as string
      const lang = langOf(row)
      const [to, tokens] = await Promise.all([
        decryptEmail(env.EMAIL_KEYS, row.emailKeyId ?? '', cipher, `signature:${row.campaignId}`),
        linkTokens(env.EMAIL_PEPPER, cipher, row.mailGen),
      ])
      const text = confirmationMail(lang, {
        campaignTitle: titles.get(`${row.campaignId}:${lang}`) ?? '',
        confirmUrl: `${env.PUBLIC_ORIGIN}/confirm/${tokens.confirm}`,
        removeUrl: `${env.PUBLIC_ORIGIN}/remove/${tokens.remove}`,
        // Withdrawing one organisation's consent keeps the signature (src/routes/consent.tsx).
        consentUrl: `${env.PUBLIC_ORIGIN}/consent/${tokens.remove}`,
        host: hosts.get(row.campaignId) ?? null,
        partner: row.partnerId === null ? null : (partners.get(row.partnerId) ?? null),
      })
      const mail: Mail = {
        ...text,
        to,
        // The same for every attempt at this mail, and for no other mail.
        idempotencyKey: `confirm:${row.campaignId}:${row.emailHash}:${row.mailGen}`,
        createdAt: row.owedAt,
      }
      return { row, mail, messages }
    }),
  )
  const list: Owed[] = []
  const broken: typeof owed = []
  for (const [i, b] of built.entries()) {
    if (b.status === 'fulfilled') list.push(b.value)
    else broken.push(owed[i] as (typeof owed)[number])
  }
  return { list, broken }
}

/** The dead-letter consumer: mail whose messages exhausted the queue's retries is given up. */
export async function giveUpMail(
  batch: MessageBatch<MailMessage>,
  env: Env,
  now = Date.now(),
): Promise<void> {
  const rows = await mailRows(
    env.DB,
    batch.messages.map((m) => m.body),
  )
  const wanted = new Set(batch.messages.map((m) => `${m.body.c}\n${m.body.h}\n${m.body.g}`))
  const refs = rows
    .filter(
      (r) => r.mailState === 'owed' && wanted.has(`${r.campaignId}\n${r.emailHash}\n${r.mailGen}`),
    )
    .map((r) => ({ id: r.id, gen: r.mailGen }))
  if (refs.length > 0) {
    await markGivenUpStatement(createDb(env.DB), refs, now)
    log('warn', 'mail_given_up', { mails: refs.length, reason: 'dead_letter' })
  }
  batch.ackAll()
}

/** Queues again what D1 says is owed and the queue may have lost. Returns how many. */
export async function sweepMail(env: Env, now = Date.now()): Promise<number> {
  const found = await claimOwedMail(env.DB, now, {
    graceMs: SWEEP_GRACE_MS,
    leaseMs: SWEEP_LEASE_MS,
  })
  if (found.length > 0) {
    await sendMailMessages(
      env.MAIL_QUEUE,
      found.map((f) => f.message),
    )
    log('info', 'mail_swept', { mails: found.length })
  }
  return found.length
}
