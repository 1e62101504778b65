/**
 * Confirmation mail leaves in batches. Mail written by requests that arrive together in one
 * isolate goes out in one call to the provider (Resend's `/emails/batch` takes 100), so a
 * viral hour costs the provider, its rate limit and this Worker one call per batch rather
 * than one per signature.
 *
 * A request hands its mail over and is done with it. The first request to find no batch
 * forming sends the next one from its own `waitUntil`, after a short window: it sends what
 * was queued then, in calls of at most 100, and nothing else, so no `waitUntil` runs on
 * under load. Nothing waits on another request's I/O, and no request settles another's
 * promise.
 */
import type { Env } from '../../env.ts'
import { sha256Hex } from '../crypto.ts'
import { log } from '../log.ts'
import { sleep } from '../sleep.ts'
import { type Mail, type MailTransport, mailTransport, withRetry } from './index.ts'

export const MAX_BATCH = 100

export interface MailBatcherOptions {
  /** How long the first mail of a batch waits for company. */
  windowMs?: number
  /** After this long without its batch taken, a starter is presumed gone (its request was
   * cancelled before its `waitUntil` ran) and the next mail starts another batch. */
  staleMs?: number
  transportFor?: (env: Env) => MailTransport
  sleep?: (ms: number) => Promise<unknown>
  now?: () => number
}

export class MailBatcher {
  private queue: Mail[] = []
  /** When the batch now forming was started; null when none is. */
  private formingSince: number | null = null
  private readonly options: Required<MailBatcherOptions>

  constructor(options: MailBatcherOptions = {}) {
    this.options = {
      windowMs: 5,
      staleMs: 5000,
      transportFor: mailTransport,
      sleep,
      now: Date.now,
      ...options,
    }
  }

  /** Queues a mail; the request that starts a batch sends it from its `waitUntil`. */
  enqueue(env: Env, mail: Mail, waitUntil: (p: Promise<unknown>) => void): void {
    this.queue.push(mail)
    const now = this.options.now()
    if (this.formingSince !== null && now - this.formingSince < this.options.staleMs) return
    this.formingSince = now
    waitUntil(this.sendNext(this.options.transportFor(env)))
  }

  private async sendNext(transport: MailTransport): Promise<void> {
    await this.options.sleep(this.options.windowMs)
    const mails = this.queue.splice(0)
    this.formingSince = null
    const chunks: Mail[][] = []
    for (let i = 0; i < mails.length; i += MAX_BATCH) chunks.push(mails.slice(i, i + MAX_BATCH))
    await Promise.all(chunks.map((chunk) => sendChunk(transport, chunk)))
  }
}

/**
 * One batch with retries under one idempotency key (made from its mails' keys, so a retry is
 * the same batch). A batch refused for its content (one bad address fails a whole Resend
 * batch) is sent again one mail at a time, so the others still go.
 */
async function sendChunk(transport: MailTransport, mails: Mail[]): Promise<void> {
  if (mails.length === 1) {
    await withRetry(() => transport.send(mails[0] as Mail))
    return
  }
  const key = `batch:${await sha256Hex(mails.map((m) => m.idempotencyKey).join('\n'))}`
  const sent = await withRetry(() => transport.sendBatch(mails, key))
  if (sent.ok) {
    log('info', 'mail_batch_sent', { mails: mails.length })
    return
  }
  if (sent.permanent) {
    await Promise.all(mails.map((mail) => withRetry(() => transport.send(mail))))
  }
}

/** The isolate's batcher for confirmation mail. */
export const confirmationMailer = new MailBatcher()
