/**
 * A stand-in for the mail provider during the bench: a loopback HTTP server shaped like
 * Resend's API (`POST /emails`, `POST /emails/batch`) that accepts everything and counts the
 * recipients, so the run can check that every recorded signature got its mail once.
 */
import { createServer } from 'node:http'

export interface MailSink {
  url: string
  /** Calls received (one per single mail or batch). */
  calls(): number
  /** Mails received, and how many distinct recipients they went to. */
  mails(): { total: number; recipients: Set<string> }
  close(): Promise<void>
}

export async function startMailSink(): Promise<MailSink> {
  let calls = 0
  let total = 0
  const recipients = new Set<string>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      calls++
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
        const mails = (Array.isArray(body) ? body : [body]) as { to?: string[] }[]
        for (const mail of mails) {
          total++
          for (const to of mail.to ?? []) recipients.add(to)
        }
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ data: mails.map((_, i) => ({ id: `bench-${calls}-${i}` })) }))
      } catch {
        res.writeHead(422, { 'content-type': 'application/json' })
        res.end('{"message":"invalid JSON"}')
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address !== 'object') throw new Error('mail sink: no port')
  return {
    url: `http://127.0.0.1:${address.port}/emails`,
    calls: () => calls,
    mails: () => ({ total, recipients }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
