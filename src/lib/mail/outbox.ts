/** Development transport: mail is kept in a KV namespace and read at `GET /dev/outbox`. */
import type { Mail, MailTransport } from './index.ts'

export interface OutboxEntry {
  to: string
  /** The sender's display name, as the transport would put it in `From`. */
  fromName?: string
  subject: string
  text: string
  links: string[]
  at: string
}

let sequence = 0
const seqs = new WeakMap<Mail, number>()

/** A per-isolate order for mail written within one millisecond, fixed at first send. */
function seqOf(mail: Mail): number {
  let seq = seqs.get(mail)
  if (seq === undefined) {
    sequence += 1
    seq = sequence
    seqs.set(mail, seq)
  }
  return seq
}

interface StoredEntry extends OutboxEntry {
  seq: number
}

function entryOf(mail: Mail): StoredEntry {
  return {
    to: mail.to,
    fromName: mail.fromName,
    subject: mail.subject,
    text: mail.text,
    links: mail.links,
    at: new Date(mail.createdAt ?? Date.now()).toISOString(),
    seq: seqOf(mail),
  }
}

/** Keys sort newest first (KV lists in ascending order). */
function keyFor(entries: StoredEntry[]): string {
  const newest = Math.max(...entries.map((e) => Date.parse(e.at)))
  const top = Math.max(...entries.map((e) => e.seq))
  const time = (9_999_999_999_999 - newest).toString().padStart(13, '0')
  return `mail:${time}-${(999_999_999 - (top % 1_000_000_000)).toString().padStart(9, '0')}`
}

/**
 * One KV write per send: one mail, or a batch of them under one key. A mail's entry and key
 * are fixed at its first send, so a retry writes the same thing again instead of a copy (what
 * an idempotency key does at a provider).
 */
export function outboxTransport(kv: KVNamespace): MailTransport {
  const put = async (mails: Mail[]) => {
    const entries = mails.map(entryOf)
    await kv.put(keyFor(entries), JSON.stringify(entries), { expirationTtl: 86_400 })
  }
  return {
    send: (mail) => put([mail]),
    sendBatch: (mails) => put(mails),
  }
}

/** Newest first, optionally only mail to one address. */
export async function readOutbox(
  kv: KVNamespace,
  to?: string,
  limit = 100,
): Promise<OutboxEntry[]> {
  const listed = await kv.list({ prefix: 'mail:', limit: 1000 })
  const all: StoredEntry[] = []
  for (const k of listed.keys) {
    const value = await kv.get<StoredEntry[]>(k.name, 'json')
    for (const e of value ?? []) {
      if (!to || e.to.toLowerCase() === to.toLowerCase()) all.push(e)
    }
  }
  all.sort((a, b) => b.at.localeCompare(a.at) || b.seq - a.seq)
  return all.slice(0, limit).map(({ seq: _seq, ...entry }) => entry)
}
