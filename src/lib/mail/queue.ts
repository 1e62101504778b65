/**
 * The producer side of the mail queue. A queue message names the mail owed, nothing else: the
 * consumer reads the row it is owed on from D1 (where the address is kept, encrypted) and
 * checks there that the mail is still owed. So the queue holds no address, clear or encrypted,
 * and a stale or duplicated message sends nothing.
 *
 * The confirmation mails of a group commit leave as one message, sent by the request that wrote
 * the group from its own `waitUntil` (src/db/signatures.ts): the queue carries one message a
 * group, the consumer takes up to 100 of them at a time. The mail is already owed in
 * D1 when the request answers; losing this send (a killed Worker) only delays the mail until
 * the sweep finds it.
 */
import { log } from '../log.ts'

/** A signature's confirmation mail. */
export interface ConfirmationMailMessage {
  /** Campaign id. */
  c: number
  /** The signature's email HMAC (with the campaign, its unique key). */
  h: string
  /** Mail generation. */
  g: number
}

/**
 * The confirmation mails of the signatures one group commit recorded (up to 100), as
 * `[campaign id, email HMAC, generation]`: one queue message a group, not one a signature.
 */
export interface GroupMailMessage {
  m: [number, string, number][]
}

/** The mail asking a signer for a partner's consent (src/services/consents.ts). */
export interface ConsentMailMessage {
  /** The consent's id. */
  p: number
  /** When it was asked for: a consent asked for again is a new mail. */
  a: number
}

export type MailMessage = ConfirmationMailMessage | GroupMailMessage | ConsentMailMessage

export const isConsentMessage = (m: MailMessage): m is ConsentMailMessage => 'p' in m

/** The confirmation mails a message names (none for a consent's). */
export function confirmationsOf(m: MailMessage): ConfirmationMailMessage[] {
  if ('m' in m) return m.m.map(([c, h, g]) => ({ c, h, g }))
  return 'p' in m ? [] : [m]
}

/** Queues take at most 100 messages per `sendBatch`. */
export const MAX_SEND_BATCH = 100

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
