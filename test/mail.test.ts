/**
 * Confirmation mail through the production transport (a Resend-shaped HTTP API, mocked with
 * MSW) and the batcher in front of it: signatures arriving together leave in one call.
 */
import { env } from 'cloudflare:test'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BATCH, MailBatcher } from '../src/lib/mail/batch.ts'
import type { Mail, MailTransport } from '../src/lib/mail/index.ts'
import { signAtOnce, uniqueEmail, validSignature } from './helpers.ts'

const API = 'https://mail.example.org/emails'
const SLUG = 'azimzhan-askarov'

interface Call {
  path: string
  key: string | null
  auth: string | null
  body: unknown
}

let calls: Call[] = []
let answer: (path: string, attempt: number) => number = () => 200
const server = setupServer(
  http.post(`${API}*`, async ({ request }) => {
    const path = new URL(request.url).pathname
    calls.push({
      path,
      key: request.headers.get('idempotency-key'),
      auth: request.headers.get('authorization'),
      body: await request.json(),
    })
    const status = answer(path, calls.filter((c) => c.path === path).length)
    return HttpResponse.json({ data: [] }, { status })
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }))
afterEach(() => {
  server.resetHandlers()
  calls = []
  answer = () => 200
})
afterAll(() => server.close())

/** Production-like mail settings: no development outbox, the HTTP API instead. */
const mailEnv = { ...env, OUTBOX: undefined, MAIL_API_URL: API, MAIL_API_KEY: 're_test_key' }

/** Signs `n` times at once, each request with its own context, and waits for their mail. */
async function signTogether(n: number): Promise<string[]> {
  const emails = Array.from({ length: n }, () => uniqueEmail('batch'))
  const statuses = await signAtOnce(
    SLUG,
    emails.map((email) => validSignature({ email })),
    mailEnv,
  )
  expect(statuses).toEqual(Array(n).fill(202))
  return emails
}

/** Every recipient of the mail the API accepted, batch or single. */
function recipients(statuses: (path: string) => boolean = () => true): string[] {
  return calls
    .filter((c) => statuses(c.path))
    .flatMap((c) => (Array.isArray(c.body) ? c.body : [c.body]))
    .flatMap((m) => (m as { to: string[] }).to)
}

describe('confirmation mail over the HTTP API', () => {
  it('sends the mail of signatures arriving together in one batch call', async () => {
    const emails = await signTogether(12)
    expect(calls.length).toBeLessThan(12)
    expect(calls.every((c) => c.path === '/emails/batch')).toBe(true)
    expect(recipients().sort()).toEqual([...emails].sort())
    for (const call of calls) {
      expect(call.auth).toBe('Bearer re_test_key')
      expect(call.key).toMatch(/^batch:[0-9a-f]{64}$/)
      for (const mail of call.body as Record<string, unknown>[]) {
        expect(Object.keys(mail).sort()).toEqual(['from', 'subject', 'text', 'to'])
        expect(mail.text).toMatch(/\/confirm\/[A-Za-z0-9_-]{43}\n/)
      }
    }
  })

  it('retries a failed batch under the same idempotency key, and delivers each mail once', async () => {
    answer = (_path, attempt) => (attempt === 1 ? 503 : 200)
    const emails = await signTogether(5)
    const batches = calls.filter((c) => c.path === '/emails/batch')
    expect(batches.length).toBeGreaterThanOrEqual(2)
    // The retry is the same batch: same key, same mails.
    expect(batches[1]!.key).toBe(batches[0]!.key)
    expect(batches[1]!.body).toEqual(batches[0]!.body)
    const delivered = new Set(recipients())
    expect([...delivered].sort()).toEqual([...emails].sort())
  })

  it('sends a refused batch one mail at a time, so one bad mail does not stop the others', async () => {
    answer = (path) => (path === '/emails/batch' ? 422 : 200)
    const emails = await signTogether(4)
    const singles = calls.filter((c) => c.path === '/emails')
    expect(recipients((p) => p === '/emails').sort()).toEqual([...emails].sort())
    for (const single of singles) expect(single.key).toMatch(/^confirm:[0-9a-f]{64}$/)
    // A refusal for content is not retried as a batch.
    expect(calls.filter((c) => c.path === '/emails/batch')).toHaveLength(1)
  })
})

/** A transport that keeps every recipient, and the size of each call (1 for a single mail). */
function recordingTransport() {
  const seen: string[] = []
  const calls: number[] = []
  const transport: MailTransport = {
    send: async (mail) => {
      calls.push(1)
      seen.push(mail.to)
    },
    sendBatch: async (mails) => {
      calls.push(mails.length)
      seen.push(...mails.map((m) => m.to))
    },
  }
  return { transport, seen, calls }
}

describe('the mail batcher', () => {
  it('splits what is queued into calls of at most 100 and sends every mail once', async () => {
    const { transport, seen, calls: sent } = recordingTransport()
    const batcher = new MailBatcher({ transportFor: () => transport })
    const pending: Promise<unknown>[] = []
    const mails: Mail[] = Array.from({ length: 250 }, (_, i) => ({
      to: `m${i}@example.org`,
      subject: 's',
      text: 't',
      links: [],
      idempotencyKey: `k${i}`,
    }))
    for (const mail of mails) batcher.enqueue(env, mail, (p) => pending.push(p))
    // One request started the batch; the others handed their mail over.
    expect(pending).toHaveLength(1)
    await Promise.all(pending)
    expect(Math.max(...sent)).toBe(MAX_BATCH)
    expect(sent.reduce((a, b) => a + b, 0)).toBe(250)
    expect(seen.sort()).toEqual(mails.map((m) => m.to).sort())
  })

  it('starts another batch when the request that started one never sent it', async () => {
    const { transport, seen } = recordingTransport()
    let clock = 0
    let sleeps = 0
    const batcher = new MailBatcher({
      transportFor: () => transport,
      now: () => clock,
      // The first starter's request is cancelled: its window never ends.
      sleep: () => (sleeps++ === 0 ? new Promise(() => {}) : Promise.resolve()),
    })
    const mail = (to: string): Mail => ({
      to,
      subject: 's',
      text: 't',
      links: [],
      idempotencyKey: to,
    })
    const pending: Promise<unknown>[] = []
    batcher.enqueue(env, mail('a@example.org'), () => {})
    batcher.enqueue(env, mail('b@example.org'), (p) => pending.push(p))
    // Still within the window a starter may take: b waits with a.
    expect(pending).toHaveLength(0)
    clock = 6000
    batcher.enqueue(env, mail('c@example.org'), (p) => pending.push(p))
    expect(pending).toHaveLength(1)
    await Promise.all(pending)
    expect(seen.sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org'])
  })
})
