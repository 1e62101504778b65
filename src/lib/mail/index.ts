/**
 * Mail: one interface, two transports. Development catches mail in the outbox (KV, never D1,
 * so the database never holds a clear-text address); production sends through an HTTP API.
 */
import type { Env } from '../../env.ts'
import { log } from '../log.ts'
import { sleep } from '../sleep.ts'
import { httpTransport } from './http.ts'
import { outboxTransport } from './outbox.ts'

export interface Mail {
  to: string
  subject: string
  text: string
  /** Links in the mail, in order (the outbox lists them for tests and people). */
  links: string[]
  /** The display name of the sender: the host organisation's sender name. */
  fromName?: string
  /** Same key for the same logical mail: a retried send is delivered once. */
  idempotencyKey: string
  /** When the mail was written (orders the development outbox). */
  createdAt?: number
}

export interface MailTransport {
  send(mail: Mail): Promise<void>
  /** Several mails in one call; the key names this batch, so a retry is delivered once. */
  sendBatch(mails: Mail[], idempotencyKey: string): Promise<void>
}

/** A send the provider refused, with its HTTP status. */
export class MailError extends Error {
  readonly status: number

  constructor(status: number) {
    super(`mail API answered ${status}`)
    this.status = status
  }

  /** Refused for what was sent (not for load or an outage): sending it again will not help. */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429
  }
}

export function mailTransport(env: Env): MailTransport {
  if (env.ENVIRONMENT === 'development' && env.OUTBOX) return outboxTransport(env.OUTBOX)
  if (env.MAIL_API_URL && env.MAIL_API_KEY) {
    return httpTransport({
      url: env.MAIL_API_URL,
      apiKey: env.MAIL_API_KEY,
      from: env.MAIL_FROM ?? 'standwith <no-reply@localhost>',
    })
  }
  throw new Error('no mail transport: set MAIL_API_URL and MAIL_API_KEY (or run in development)')
}

/**
 * Runs `attempt` with retries and backoff; true once it succeeds. Never throws: the signature
 * is already stored, and a signer whose mail was lost can sign again to get a fresh one. Logs
 * carry no address. A permanent refusal is not retried.
 */
export async function withRetry(
  attempt: () => Promise<void>,
  { attempts = 3, baseDelayMs = 200 } = {},
): Promise<{ ok: true } | { ok: false; permanent: boolean }> {
  for (let i = 1; i <= attempts; i++) {
    try {
      await attempt()
      return { ok: true }
    } catch (err) {
      const permanent = err instanceof MailError && err.permanent
      log('warn', 'mail_send_failed', { attempt: i, error: String(err).slice(0, 200) })
      if (permanent) return { ok: false, permanent }
      if (i < attempts) await sleep(baseDelayMs * 2 ** (i - 1))
    }
  }
  log('error', 'mail_given_up', { attempts })
  return { ok: false, permanent: false }
}
