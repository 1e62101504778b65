/**
 * Mail: one interface, two transports. Development catches mail in the outbox (KV, never D1,
 * so the database never holds a clear-text address) unless an HTTP API is configured;
 * production sends through the HTTP API. Retries, backoff and the provider's rate are the
 * queue consumer's (src/jobs/mail-delivery.ts).
 */
import type { Env } from '../../env.ts'
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

/** A send the provider refused, with its HTTP status (and its `Retry-After`, in seconds). */
export class MailError extends Error {
  readonly status: number
  readonly retryAfter: number | null

  constructor(status: number, retryAfter: number | null = null) {
    super(`mail API answered ${status}`)
    this.status = status
    this.retryAfter = retryAfter
  }

  /** Refused for what was sent (not for load or an outage): sending it again will not help. */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429
  }
}

/**
 * The HTTP API when `MAIL_API_URL` and `MAIL_API_KEY` are set (in development too, so the path
 * can be tried against a local stand-in); otherwise, in development, the outbox.
 */
export function mailTransport(env: Env): MailTransport {
  if (env.MAIL_API_URL && env.MAIL_API_KEY) {
    return httpTransport({
      url: env.MAIL_API_URL,
      apiKey: env.MAIL_API_KEY,
      from: env.MAIL_FROM ?? 'standwith <no-reply@localhost>',
    })
  }
  if (env.ENVIRONMENT === 'development' && env.OUTBOX) return outboxTransport(env.OUTBOX)
  throw new Error('no mail transport: set MAIL_API_URL and MAIL_API_KEY (or run in development)')
}
