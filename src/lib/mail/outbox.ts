/** Development transport: mail is kept in a KV namespace and read at `GET /dev/outbox`. */
import type { Mail, MailTransport } from './index.ts'

export interface OutboxEntry {
  to: string
  subject: string
  text: string
  links: string[]
  at: string
}

let sequence = 0

// Keys sort newest first (KV lists keys in ascending order); the sequence orders mail sent
// within one millisecond.
const key = (now: number) => {
  sequence = (sequence + 1) % 1_000_000
  const time = (9_999_999_999_999 - now).toString().padStart(13, '0')
  return `${time}-${(999_999 - sequence).toString().padStart(6, '0')}-${crypto.randomUUID()}`
}

export function outboxTransport(kv: KVNamespace): MailTransport {
  return {
    async send(mail: Mail) {
      // The idempotency key makes a retried send a no-op, as the HTTP API does.
      const sent = `sent:${mail.idempotencyKey}`
      if (await kv.get(sent)) return
      const entry: OutboxEntry = {
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        links: mail.links,
        at: new Date().toISOString(),
      }
      await kv.put(`mail:${key(Date.now())}`, JSON.stringify(entry), { expirationTtl: 86_400 })
      await kv.put(sent, '1', { expirationTtl: 86_400 })
    },
  }
}

/** Newest first, optionally only mail to one address. */
export async function readOutbox(
  kv: KVNamespace,
  to?: string,
  limit = 100,
): Promise<OutboxEntry[]> {
  const listed = await kv.list({ prefix: 'mail:', limit: 1000 })
  const out: OutboxEntry[] = []
  for (const k of listed.keys) {
    const value = await kv.get<OutboxEntry>(k.name, 'json')
    if (!value) continue
    if (to && value.to.toLowerCase() !== to.toLowerCase()) continue
    out.push(value)
    if (out.length >= limit) break
  }
  return out
}
