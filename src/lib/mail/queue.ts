/**
 * The producer side of the mail queue. A queue message names the signature whose mail is owed
 * and the mail's generation, nothing else: the consumer reads the email ciphertext from D1 (the
 * one place it is kept, encrypted) and checks there that the mail is still owed. So the queue
 * holds no address, clear or encrypted, and a stale or duplicated message sends nothing.
 *
 * Messages written by requests arriving together in one isolate leave in one `sendBatch`,
 * sent by the first of those requests from its own `waitUntil` after a short window. The mail
 * is already owed in D1 when the request answers; losing this send (a killed Worker) only
 * delays the mail until the sweep finds it.
 */
import type { Env } from '../../env.ts'
import { log } from '../log.ts'
import { sleep } from '../sleep.ts'

export interface MailMessage {
  /** Campaign id. */
  c: number
  /** The signature's email HMAC (with the campaign, its unique key). */
  h: string
  /** Mail generation. */
  g: number
}

/** Queues take at most 100 messages per `sendBatch`. */
export const MAX_SEND_BATCH = 100

export interface MailQueueBatcherOptions {
  windowMs?: number
  /** After this long without its batch taken, a starter is presumed gone. */
  staleMs?: number
  now?: () => number
}

export class MailQueueBatcher {
  private pending: MailMessage[] = []
  private formingSince: number | null = null
  private readonly options: Required<MailQueueBatcherOptions>

  constructor(options: MailQueueBatcherOptions = {}) {
    this.options = { windowMs: 5, staleMs: 5000, now: Date.now, ...options }
  }

  /** Queues a message; the request that starts a batch sends it from its `waitUntil`. */
  enqueue(env: Env, message: MailMessage, waitUntil: (p: Promise<unknown>) => void): void {
    this.pending.push(message)
    const now = this.options.now()
    if (this.formingSince !== null && now - this.formingSince < this.options.staleMs) return
    this.formingSince = now
    waitUntil(this.sendNext(env))
  }

  private async sendNext(env: Env): Promise<void> {
    await sleep(this.options.windowMs)
    const messages = this.pending.splice(0)
    this.formingSince = null
    await sendMailMessages(env.MAIL_QUEUE, messages)
  }
}

/** Sends messages in batches of at most 100. A failure is logged: the sweep recovers it. */
export async function sendMailMessages(
  queue: Queue<MailMessage>,
  messages: MailMessage[],
  delaySeconds = 0,
): Promise<void> {
  for (let i = 0; i < messages.length; i += MAX_SEND_BATCH) {
    const chunk = messages.slice(i, i + MAX_SEND_BATCH)
    try {
      await queue.sendBatch(
        chunk.map((body) => ({ body, contentType: 'json' as const })),
        delaySeconds > 0 ? { delaySeconds } : undefined,
      )
    } catch (err) {
      log('warn', 'mail_enqueue_failed', {
        messages: chunk.length,
        error: String(err).slice(0, 200),
      })
    }
  }
}

/** The isolate's batcher for confirmation-mail messages. */
export const mailQueue = new MailQueueBatcher()
