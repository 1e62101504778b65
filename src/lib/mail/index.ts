/**
 * Mail: one interface, two transports. Development catches mail in the outbox (KV, never D1,
 * so the database never holds a clear-text address); production sends through an HTTP API.
 */
import type { Env } from '../../env.ts'
import { log } from '../log.ts'
import { httpTransport } from './http.ts'
import { outboxTransport } from './outbox.ts'

export interface Mail {
  to: string
  subject: string
  text: string
  /** Links in the mail, in order (the outbox lists them for tests and people). */
  links: string[]
  /** Same key for the same logical mail: a retried send is delivered once. */
  idempotencyKey: string
  /** When the mail was written (orders the development outbox). */
  createdAt?: number
}

export interface MailTransport {
  send(mail: Mail): Promise<void>
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
 * Sends with retries and backoff. Never throws: the signature is already stored, and a
 * signer whose mail was lost can sign again to get a fresh one. Logs carry no address.
 */
export async function sendWithRetry(
  transport: MailTransport,
  mail: Mail,
  { attempts = 3, baseDelayMs = 200 } = {},
): Promise<boolean> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await transport.send(mail)
      return true
    } catch (err) {
      log('warn', 'mail_send_failed', { attempt, error: String(err).slice(0, 200) })
      if (attempt < attempts)
        await new Promise((r) => setTimeout(r, baseDelayMs * 2 ** (attempt - 1)))
    }
  }
  log('error', 'mail_given_up', { attempts })
  return false
}
