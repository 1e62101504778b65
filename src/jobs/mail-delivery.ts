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
import { batchOf, createDb, type Db, statementOf } from '../db/client.ts'
import { consentEmailContext } from '../db/consents.ts'
import {
  type ConsentMailRef,
  type ConsentMailRow,
  claimOwedConsentMail,
  claimOwedMail,
  consentMailRows,
  type MailRef,
  type MailRow,
  mailContext,
  mailRows,
  markConsentGivenUpStatement,
  markConsentRetryStatement,
  markConsentSentStatement,
  markGivenUpStatement,
  markRetryStatement,
  markSentStatement,
  markSentWithLinksStatement,
} from '../db/mail.ts'
import { type Env, LANGS, type Lang } from '../env.ts'
import { decryptEmail, sha256Hex } from '../lib/crypto.ts'
import { consentLinkTokens, linkTokens } from '../lib/link-tokens.ts'
import { log } from '../lib/log.ts'
import { type Mail, MailError, type MailTransport, mailTransport } from '../lib/mail/index.ts'
import {
  type ConfirmationMailMessage,
  type ConsentMailMessage,
  confirmationsOf,
  isConsentMessage,
  type MailMessage,
  sendMailMessages,
} from '../lib/mail/queue.ts'
import { sleep } from '../lib/sleep.ts'
import { confirmationMail, partnerConsentMail } from '../views/mail.ts'

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

/**
 * How one mail's part of a queue message is settled: a message is itself one mail (sweep,
 * signing again, a consent), or a group commit's mails (`partsOf`).
 */
interface Settle {
  ack(): void
  retry(options?: { delaySeconds?: number }): void
}

/**
 * One settle a mail the message names: the message is acked once every one of its mails is
 * settled, or retried if any of them is (after the longest delay asked). A mail already sent
 * when the message comes back sends nothing: D1 says it is no longer owed.
 */
function partsOf(
  message: Message<MailMessage>,
): { body: ConfirmationMailMessage; settle: Settle }[] {
  const refs = confirmationsOf(message.body)
  if (refs.length === 0) message.ack()
  let pending = refs.length
  let delay: number | null = null
  const done = () => {
    pending -= 1
    if (pending > 0) return
    if (delay === null) message.ack()
    else message.retry({ delaySeconds: delay })
  }
  return refs.map((body) => ({
    body,
    settle: {
      ack: done,
      retry: (o) => {
        delay = Math.max(delay ?? 0, o?.delaySeconds ?? 0)
        done()
      },
    },
  }))
}

/** References read from D1 at a time (one statement's JSON parameter). */
const ROWS_PER_READ = 100

interface Owed {
  row: MailRow
  mail: Mail
  messages: Settle[]
  /** The hashes of the links in the mail, written on the row once it is sent. */
  confirmHash: string
  removeHash: string
}

/** Spaces this consumer's provider calls to the configured rate. */
type Paced = () => Promise<void>

/** The queue consumer: one batch of messages (up to 100). */
/**
 * What the rows read for a batch's mails say of each: no longer owed (sent already, owed again
 * as a newer mail, or gone: its message is acked), owed but nothing to send any more (`settled`:
 * marked sent), owed past `GIVE_UP_AFTER_MS` (`expired`), or owed, grouped by row with every
 * message that asks for it. Confirmations and consent asks differ only in the three questions.
 */
function triage<R extends { id: number }, M extends Settle>(
  items: { row: R | undefined; message: M }[],
  rule: { current: (row: R) => boolean; mailable: (row: R) => boolean; owedAt: (row: R) => number },
  started: number,
): { settled: R[]; expired: R[]; owed: Map<number, { row: R; messages: M[] }> } {
  const settled: R[] = []
  const expired: R[] = []
  const owed = new Map<number, { row: R; messages: M[] }>()
  for (const { row, message } of items) {
    if (!row || !rule.current(row)) message.ack()
    else if (!rule.mailable(row)) {
      settled.push(row)
      message.ack()
    } else if (started - rule.owedAt(row) >= GIVE_UP_AFTER_MS) {
      expired.push(row)
      message.ack()
    } else {
      const entry = owed.get(row.id)
      if (entry) entry.messages.push(message)
      else owed.set(row.id, { row, messages: [message] })
    }
  }
  return { settled, expired, owed }
}

/**
 * Writes, in one batch, what `triage` found with nothing left to send (marked sent) and past
 * `GIVE_UP_AFTER_MS` (given up), and logs how many expired: the same for both kinds of mail.
 */
async function closeTriaged<R, Ref>(
  db: Db,
  sorted: { settled: R[]; expired: R[] },
  ref: (row: R) => Ref,
  mark: {
    sent: (db: Db, refs: Ref[]) => BatchItem<'sqlite'>
    givenUp: (db: Db, refs: Ref[], now: number) => BatchItem<'sqlite'>
  },
  started: number,
): Promise<void> {
  const bookkeeping: BatchItem<'sqlite'>[] = []
  if (sorted.settled.length > 0) bookkeeping.push(mark.sent(db, sorted.settled.map(ref)))
  if (sorted.expired.length > 0) {
    bookkeeping.push(mark.givenUp(db, sorted.expired.map(ref), started))
  }
  await batchOf(db, bookkeeping)
  if (sorted.expired.length > 0) {
    log('warn', 'mail_given_up', { mails: sorted.expired.length, reason: 'expired' })
  }
}

/** Each mail to try again, with its delay and when it is due (for D1). */
function retriesOf<O extends { row: { mailAttempts: number } }>(
  outcome: ChunkOutcome<O>,
  now: number,
): { owed: O; delay: number; dueAt: number }[] {
  return outcome.retry.map(({ owed, retryAfter }) => {
    const delay = retryDelay(owed.row.mailAttempts, retryAfter)
    return { owed, delay, dueAt: now + delay * 1000 }
  })
}

export async function deliverMail(
  batch: MessageBatch<MailMessage>,
  env: Env,
  deps: DeliveryDeps = {},
): Promise<void> {
  const now = deps.now ?? Date.now
  const pause = deps.sleep ?? sleep
  const pacer = deps.pacer ?? isolatePacer
  const rate = Number(env.MAIL_RATE_PER_SECOND ?? 2) || 2
  const paced = () => pacer.wait(rate, now, pause)
  const confirmations: { body: ConfirmationMailMessage; settle: Settle }[] = []
  const asks: Message<ConsentMailMessage>[] = []
  for (const m of batch.messages) {
    if (isConsentMessage(m.body)) asks.push(m as Message<ConsentMailMessage>)
    else confirmations.push(...partsOf(m))
  }
  for (let i = 0; i < confirmations.length; i += ROWS_PER_READ) {
    await deliverConfirmations(confirmations.slice(i, i + ROWS_PER_READ), env, deps, paced)
  }
  if (asks.length > 0) await deliverConsentMail(asks, env, deps, paced)
}

async function deliverConfirmations(
  parts: { body: ConfirmationMailMessage; settle: Settle }[],
  env: Env,
  deps: DeliveryDeps,
  paced: Paced,
): Promise<void> {
  const now = deps.now ?? Date.now
  const rows = await mailRows(
    env.DB,
    parts.map((m) => m.body),
  )
  const byRef = new Map(rows.map((r) => [`${r.campaignId}\n${r.emailHash}`, r]))
  const started = now()
  const sorted = triage(
    parts.map(({ body, settle: message }) => {
      const row = byRef.get(`${body.c}\n${body.h}`)
      return { row: row?.mailGen === body.g ? row : undefined, message }
    }),
    {
      current: (row) => row.mailState === 'owed',
      // Owed to every accepted signature until it is confirmed or removed (one invalidated
      // while its mail waits may be reverted, and its signer must be able to confirm then).
      mailable: (row) =>
        row.emailCipher !== null &&
        row.confirmedAt === null &&
        row.status !== 'confirmed' &&
        row.status !== 'removed',
      owedAt: (row) => row.owedAt,
    },
    started,
  )
  const ref = (row: MailRow): MailRef => ({ id: row.id, gen: row.mailGen })
  const owedRows = sorted.owed
  const db = createDb(env.DB)
  await closeTriaged(
    db,
    sorted,
    ref,
    { sent: markSentStatement, givenUp: markGivenUpStatement },
    started,
  )
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
      broken.map(({ row }) => ref(row)),
      started,
    ).run()
    for (const b of broken) for (const m of b.messages) m.ack()
    log('error', 'mail_given_up', { mails: broken.length, reason: 'unreadable' })
  }
  for (let i = 0; i < list.length; i += MAX_PROVIDER_BATCH) {
    const chunk = list.slice(i, i + MAX_PROVIDER_BATCH)
    const outcome = await sendChunk(transport, chunk, paced)
    await settle(env, outcome, now())
  }
}

interface ChunkOutcome<O> {
  sent: O[]
  retry: { owed: O; retryAfter: number | null }[]
  givenUp: O[]
}

/**
 * One provider call for the chunk; a chunk refused for its content (one bad address fails a
 * whole Resend batch) is sent again one mail at a time, so the others still go.
 */
async function sendChunk<O extends { mail: Mail }>(
  transport: MailTransport,
  chunk: O[],
  paced: Paced,
): Promise<ChunkOutcome<O>> {
  const out: ChunkOutcome<O> = { sent: [], retry: [], givenUp: [] }
  const attempt = async (items: O[]) => {
    await paced()
    try {
      if (items.length === 1) await transport.send((items[0] as O).mail)
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

/** The delay before a failed mail's next attempt (Queues delay a retry by at most 12 hours). */
function retryDelay(attempts: number, retryAfter: number | null): number {
  return Math.min(43_200, Math.max(backoffSeconds(attempts + 1), retryAfter ?? 0))
}

/** Writes a chunk's outcome to D1, then settles its messages (ack, or retry after a delay). */
async function settle(env: Env, outcome: ChunkOutcome<Owed>, now: number): Promise<void> {
  const ref = (o: Owed) => ({ id: o.row.id, gen: o.row.mailGen })
  const retries = retriesOf(outcome, now)
  const d1 = env.DB
  const db = createDb(d1)
  const writes: D1PreparedStatement[] = []
  if (outcome.sent.length > 0) {
    writes.push(
      markSentWithLinksStatement(
        d1,
        outcome.sent.map((o) => ({
          ...ref(o),
          confirmHash: o.confirmHash,
          removeHash: o.removeHash,
        })),
      ),
    )
  }
  if (retries.length > 0) {
    const due = retries.map((r) => ({ ...ref(r.owed), dueAt: r.dueAt }))
    writes.push(statementOf(d1, markRetryStatement(db, due)))
  }
  if (outcome.givenUp.length > 0) {
    writes.push(statementOf(d1, markGivenUpStatement(db, outcome.givenUp.map(ref), now)))
  }
  if (writes.length > 0) await d1.batch(writes)
  settleMessages(outcome, retries)
}

/** Acks what was sent or given up, retries the rest after its delay, and logs the counts. */
function settleMessages<O extends { messages: Settle[] }>(
  outcome: ChunkOutcome<O>,
  retries: { owed: O; delay: number }[],
): void {
  for (const o of [...outcome.sent, ...outcome.givenUp]) for (const m of o.messages) m.ack()
  for (const r of retries) for (const m of r.owed.messages) m.retry({ delaySeconds: r.delay })
  if (outcome.sent.length > 0) log('info', 'mail_sent', { mails: outcome.sent.length })
  if (outcome.givenUp.length > 0) {
    log('warn', 'mail_given_up', { mails: outcome.givenUp.length, reason: 'refused' })
  }
}

const langOf = (row: { lang: string }): Lang =>
  (LANGS as readonly string[]).includes(row.lang) ? (row.lang as Lang) : 'en'

/** The mail each row is owed, rebuilt from the row alone: the same every time. */
async function mailsFor(
  env: Env,
  owed: { row: MailRow; messages: Settle[] }[],
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
      const [confirmHash, removeHash] = await Promise.all([
        sha256Hex(tokens.confirm),
        sha256Hex(tokens.remove),
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
      return { row, mail, messages, confirmHash, removeHash }
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

/** A consent's asking mail, ready to send. */
interface OwedAsk {
  row: ConsentMailRow
  mail: Mail
  messages: Message<MailMessage>[]
}

/**
 * The mails asking for a partner's consent (src/services/consents.ts): owed on the consent's
 * row, rebuilt identically on every attempt (links derived from the row; their hashes were
 * written when it was asked), sent one call each (they are rare) at the same pace, with the
 * same retries, give-up and idempotency as confirmation mail.
 */
async function deliverConsentMail(
  messages: Message<ConsentMailMessage>[],
  env: Env,
  deps: DeliveryDeps,
  paced: Paced,
): Promise<void> {
  const now = deps.now ?? Date.now
  const rows = await consentMailRows(env.DB, [...new Set(messages.map((m) => m.body.p))])
  const byId = new Map(rows.map((r) => [r.id, r]))
  const started = now()
  const sorted = triage(
    messages.map((message) => {
      const row = byId.get(message.body.p)
      // Asked again since: the newer mail is the one owed.
      return { row: row?.askedAt === message.body.a ? row : undefined, message }
    }),
    {
      current: (row) => row.mailState === 'owed',
      mailable: (row) =>
        row.emailCipher !== null &&
        row.status === 'pending' &&
        row.signatureStatus !== 'removed' &&
        row.signatureStatus !== 'invalidated',
      owedAt: (row) => row.askedAt,
    },
    started,
  )
  const ref = (row: ConsentMailRow): ConsentMailRef => ({ id: row.id, askedAt: row.askedAt })
  const owed = sorted.owed
  const db = createDb(env.DB)
  await closeTriaged(
    db,
    sorted,
    ref,
    { sent: markConsentSentStatement, givenUp: markConsentGivenUpStatement },
    started,
  )
  if (owed.size === 0) return

  const transport = deps.transport ?? mailTransport(env)
  const list = [...owed.values()]
  const { titles, hosts, partners } = await mailContext(
    env.DB,
    list.map(({ row }) => ({
      campaignId: row.campaignId,
      lang: langOf(row),
      partnerId: row.organisationId,
    })),
  )
  const origin = env.PUBLIC_ORIGIN
  const built = await Promise.allSettled(
    list.map(async ({ row, messages: ms }): Promise<OwedAsk> => {
      const cipher = row.emailCipher as string
      const [to, tokens] = await Promise.all([
        decryptEmail(
          env.EMAIL_KEYS,
          row.emailKeyId ?? '',
          cipher,
          consentEmailContext(row.organisationId),
        ),
        consentLinkTokens(env.EMAIL_PEPPER, cipher, row.askedAt),
      ])
      const text = partnerConsentMail(langOf(row), {
        campaignTitle: titles.get(`${row.campaignId}:${langOf(row)}`) ?? '',
        confirmUrl: `${origin}/consent/${tokens.consent}`,
        removeUrl: `${origin}/remove/${tokens.remove}`,
        consentUrl: `${origin}/consent/${tokens.remove}`,
        host: hosts.get(row.campaignId) ?? null,
        partner: partnerOf(partners, row.organisationId),
      })
      const mail: Mail = {
        ...text,
        to,
        idempotencyKey: `consent:${row.id}:${row.askedAt}`,
        createdAt: row.askedAt,
      }
      return { row, mail, messages: ms }
    }),
  )
  const ready: OwedAsk[] = []
  const broken: ConsentMailRef[] = []
  for (const [i, b] of built.entries()) {
    if (b.status === 'fulfilled') ready.push(b.value)
    else {
      const { row, messages: ms } = list[i] as (typeof list)[number]
      broken.push(ref(row))
      for (const m of ms) m.ack()
    }
  }
  if (broken.length > 0) {
    await markConsentGivenUpStatement(db, broken, started)
    log('error', 'mail_given_up', { mails: broken.length, reason: 'unreadable' })
  }
  for (const owedAsk of ready) {
    const outcome = await sendChunk(transport, [owedAsk], paced)
    const at = now()
    const askRef = (o: OwedAsk) => ref(o.row)
    const retries = retriesOf(outcome, at)
    const writes: BatchItem<'sqlite'>[] = []
    if (outcome.sent.length > 0) {
      writes.push(markConsentSentStatement(db, outcome.sent.map(askRef)))
    }
    if (retries.length > 0) {
      writes.push(
        markConsentRetryStatement(
          db,
          retries.map((r) => ({ ...askRef(r.owed), dueAt: r.dueAt })),
        ),
      )
    }
    if (outcome.givenUp.length > 0) {
      writes.push(markConsentGivenUpStatement(db, outcome.givenUp.map(askRef), at))
    }
    await batchOf(db, writes)
    settleMessages(outcome, retries)
  }
}

/** The organisation a consent is asked for; a mail that cannot name it is not written. */
function partnerOf<T>(partners: Map<number, T>, id: number): T {
  const partner = partners.get(id)
  if (!partner) throw new Error('the organisation asked for consent is gone')
  return partner
}

/** The dead-letter consumer: mail whose messages exhausted the queue's retries is given up. */
export async function giveUpMail(
  batch: MessageBatch<MailMessage>,
  env: Env,
  now = Date.now(),
): Promise<void> {
  const confirmations: ConfirmationMailMessage[] = []
  const asks: ConsentMailMessage[] = []
  for (const m of batch.messages) {
    if (isConsentMessage(m.body)) asks.push(m.body)
    else confirmations.push(...confirmationsOf(m.body))
  }
  const db = createDb(env.DB)
  const reads: Promise<MailRow[]>[] = []
  for (let i = 0; i < confirmations.length; i += ROWS_PER_READ) {
    reads.push(mailRows(env.DB, confirmations.slice(i, i + ROWS_PER_READ)))
  }
  const [rows, askRows] = await Promise.all([
    Promise.all(reads).then((r) => r.flat()),
    consentMailRows(
      env.DB,
      asks.map((a) => a.p),
    ),
  ])
  const wanted = new Set(confirmations.map((m) => `${m.c}\n${m.h}\n${m.g}`))
  const refs = rows
    .filter(
      (r) => r.mailState === 'owed' && wanted.has(`${r.campaignId}\n${r.emailHash}\n${r.mailGen}`),
    )
    .map((r) => ({ id: r.id, gen: r.mailGen }))
  const asked = new Set(asks.map((a) => `${a.p}\n${a.a}`))
  const askRefs = askRows
    .filter((r) => r.mailState === 'owed' && asked.has(`${r.id}\n${r.askedAt}`))
    .map((r) => ({ id: r.id, askedAt: r.askedAt }))
  const writes: BatchItem<'sqlite'>[] = []
  for (let i = 0; i < refs.length; i += ROWS_PER_READ) {
    writes.push(markGivenUpStatement(db, refs.slice(i, i + ROWS_PER_READ), now))
  }
  if (askRefs.length > 0) writes.push(markConsentGivenUpStatement(db, askRefs, now))
  await batchOf(db, writes)
  if (writes.length > 0) {
    log('warn', 'mail_given_up', { mails: refs.length + askRefs.length, reason: 'dead_letter' })
  }
  batch.ackAll()
}

/** Queues again what D1 says is owed and the queue may have lost. Returns how many. */
export async function sweepMail(env: Env, now = Date.now()): Promise<number> {
  const lease = { graceMs: SWEEP_GRACE_MS, leaseMs: SWEEP_LEASE_MS }
  const [found, asks] = await Promise.all([
    claimOwedMail(env.DB, now, lease),
    claimOwedConsentMail(env.DB, now, lease),
  ])
  const messages: MailMessage[] = [...found.map((f) => f.message), ...asks]
  if (messages.length > 0) {
    await sendMailMessages(env.MAIL_QUEUE, messages)
    log('info', 'mail_swept', { mails: messages.length })
  }
  return messages.length
}
