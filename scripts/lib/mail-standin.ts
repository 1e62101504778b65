/**
 * A stand-in for the mail provider: a loopback HTTP server shaped like Resend's API (`POST
 * /emails`, `POST /emails/batch`, bearer key, `Idempotency-Key`). A call under a key it has
 * already accepted is answered again and delivers nothing again, as at Resend. The bench
 * counts what arrives; `npm run mail:standin` prints it, so a person can switch the provider
 * off and on under a running `npm start` and see every mail arrive once.
 */
import { createServer } from 'node:http'

export interface StandinMail {
  to: string[]
  subject?: string
  text?: string
}

export interface MailSink {
  url: string
  /** Calls received (one per single mail or batch), repeats of an accepted key included. */
  calls(): number
  /** Mails delivered, and how many distinct recipients they went to. */
  mails(): { total: number; recipients: Set<string> }
  /** Deliveries per recipient. */
  deliveries(): Map<string, number>
  close(): Promise<void>
}

export interface StandinOptions {
  port?: number
  /** Called for each mail delivered (not for a repeat of an accepted key). */
  onMail?: (mail: StandinMail, key: string | null) => void
  /** Called for each call under a key already accepted. */
  onRepeat?: (key: string) => void
}

export async function startMailSink(options: StandinOptions = {}): Promise<MailSink> {
  let calls = 0
  let total = 0
  const recipients = new Set<string>()
  const deliveries = new Map<string, number>()
  const accepted = new Set<string>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      calls++
      const key = req.headers['idempotency-key']
      const idempotencyKey = typeof key === 'string' ? key : null
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
        const mails = (Array.isArray(body) ? body : [body]) as StandinMail[]
        if (idempotencyKey !== null && accepted.has(idempotencyKey)) {
          options.onRepeat?.(idempotencyKey)
        } else {
          if (idempotencyKey !== null) accepted.add(idempotencyKey)
          for (const mail of mails) {
            total++
            for (const to of mail.to ?? []) {
              recipients.add(to)
              deliveries.set(to, (deliveries.get(to) ?? 0) + 1)
            }
            options.onMail?.(mail, idempotencyKey)
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ data: mails.map((_, i) => ({ id: `standin-${calls}-${i}` })) }))
      } catch {
        res.writeHead(422, { 'content-type': 'application/json' })
        res.end('{"message":"invalid JSON"}')
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (!address || typeof address !== 'object') throw new Error('mail stand-in: no port')
  return {
    url: `http://127.0.0.1:${address.port}/emails`,
    calls: () => calls,
    mails: () => ({ total, recipients }),
    deliveries: () => deliveries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
