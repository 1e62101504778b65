/**
 * Confirmation mail that is never lost: the queue consumer over the production transport (a
 * Resend-shaped HTTP API, mocked with MSW), and each fault the delivery path must survive, run
 * on a simulated queue, clock and provider (test/mail-sim.ts). Each fault ends with every
 * accepted signer mailed exactly once, or listed as given up.
 */
import { env } from 'cloudflare:test'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mailBacklog } from '../src/db/mail.ts'
import { deliverMail, GIVE_UP_AFTER_MS, giveUpMail, sweepMail } from '../src/jobs/mail-delivery.ts'
import { confirmationsOf, type GroupMailMessage, type MailMessage } from '../src/lib/mail/queue.ts'
import { login } from './admin-helpers.ts'
import { fetchWorker, signAtOnce, uniqueEmail, validSignature } from './helpers.ts'
import { simulation } from './mail-sim.ts'

const API = 'https://mail.example.org/emails'
const SLUG = 'azimzhan-askarov'

interface Call {
  path: string
  key: string | null
  auth: string | null
  body: unknown
}

let calls: Call[] = []
const server = setupServer(
  http.post(`${API}*`, async ({ request }) => {
    calls.push({
      path: new URL(request.url).pathname,
      key: request.headers.get('idempotency-key'),
      auth: request.headers.get('authorization'),
      body: await request.json(),
    })
    return HttpResponse.json({ data: [] })
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }))
afterEach(() => {
  server.resetHandlers()
  calls = []
})
afterAll(() => server.close())

type Sim = ReturnType<typeof simulation>

/** Signs `n` new signers at once through the app with the simulation's queue. */
async function signMany(sim: Sim, n: number, prefix = 'mail'): Promise<string[]> {
  const emails = Array.from({ length: n }, () => uniqueEmail(prefix))
  const statuses = await signAtOnce(
    SLUG,
    emails.map((email) => validSignature({ email })),
    sim.env,
  )
  expect(statuses).toEqual(Array(n).fill(202))
  return emails
}

async function mailStates(emails: string[]): Promise<string[]> {
  // The consumer's own view: each row's state, by the mail it was sent (the provider's record).
  const { results } = await env.DB.prepare(
    `select mail_state as state from signatures where id in (select value from json_each(?))`,
  )
    .bind(JSON.stringify(await idsOf(emails)))
    .all<{ state: string }>()
  return results.map((r) => r.state)
}

/** Signature ids of these signers (rows are found by what the mail went to: the provider). */
async function idsOf(emails: string[]): Promise<number[]> {
  const { results } = await env.DB.prepare(
    'select id, email_cipher as c, email_key_id as k, campaign_id as cid from signatures where email_cipher is not null',
  ).all<{ id: number; c: string; k: string; cid: number }>()
  const { decryptEmail } = await import('../src/lib/crypto.ts')
  const wanted = new Set(emails)
  const ids: number[] = []
  for (const r of results) {
    const to = await decryptEmail(env.EMAIL_KEYS, r.k, r.c, `signature:${r.cid}`).catch(() => '')
    if (wanted.has(to)) ids.push(r.id)
  }
  return ids
}

describe('the mail consumer over the HTTP API', () => {
  it('sends in provider batches of up to 100 with idempotency keys, each mail once', async () => {
    const sim = simulation()
    const emails = await signMany(sim, 110, 'http')
    // Development with MAIL_API_URL and MAIL_API_KEY set sends over HTTP, outbox or not.
    expect(sim.env.ENVIRONMENT).toBe('development')
    expect(sim.env.OUTBOX).toBeDefined()
    const httpEnv = { ...sim.env, MAIL_API_URL: API, MAIL_API_KEY: 're_test' }
    await sim.queue.drain((batch) =>
      deliverMail(batch, httpEnv, { ...sim.deps, transport: undefined }),
    )
    const sizes = calls.map((c) => (c.body as unknown[]).length)
    expect(Math.max(...sizes)).toBe(100)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(110)
    const to = calls.flatMap((c) => (c.body as { to: string[] }[]).flatMap((m) => m.to))
    expect(to.sort()).toEqual([...emails].sort())
    for (const call of calls) {
      expect(call.path).toBe('/emails/batch')
      expect(call.auth).toBe('Bearer re_test')
      expect(call.key).toMatch(/^batch:[0-9a-f]{64}$/)
      for (const mail of call.body as Record<string, unknown>[]) {
        expect(Object.keys(mail).sort()).toEqual(['from', 'subject', 'text', 'to'])
        expect(mail.text).toMatch(/\/confirm\/[A-Za-z0-9_-]{43}\n/)
      }
    }
    expect(new Set(await mailStates(emails))).toEqual(new Set(['sent']))
  })

  it('carries no address in a queue message, clear or encrypted: one message names a group commit’s signatures', async () => {
    const sim = simulation()
    const emails = await signMany(sim, 20, 'private')
    // Signatures arriving together are one write and one queue message (or a few), not 20.
    expect(sim.queue.items.length).toBeLessThanOrEqual(3)
    const refs = sim.queue.items.flatMap((i) => (i.body as GroupMailMessage).m)
    expect(refs).toHaveLength(20)
    for (const item of sim.queue.items) expect(Object.keys(item.body)).toEqual(['m'])
    for (const [campaign, hash, gen] of refs) {
      expect(typeof campaign).toBe('number')
      expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(gen).toBe(0)
    }
    const text = JSON.stringify(sim.queue.items.map((i) => i.body))
    for (const email of emails) expect(text).not.toContain(email.split('@')[0])
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor(emails)).toEqual(Array(20).fill(1))
  })
})

describe('faults the delivery path survives', () => {
  it('the provider answering 503, then 429, for an hour: retried with backoff, each mailed once', async () => {
    const sim = simulation()
    const emails = await signMany(sim, 30, 'outage')
    const start = sim.clock.t
    sim.provider.retryAfter = 300
    sim.provider.answer = (at) =>
      at < start + 40 * 60_000 ? 503 : at < start + 60 * 60_000 ? 429 : 200
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor(emails)).toEqual(Array(30).fill(1))
    const failed = sim.provider.calls.filter((c) => c.status !== 200)
    // Backoff, not a hammering: a handful of calls in the hour, further and further apart.
    expect(failed.length).toBeGreaterThan(3)
    expect(failed.length).toBeLessThan(15)
    const gaps = failed.slice(1).map((c, i) => c.at - failed[i]!.at)
    expect(gaps.at(-1)!).toBeGreaterThanOrEqual(gaps[0]! * 4)
    expect(sim.clock.t - start).toBeGreaterThanOrEqual(60 * 60_000)
    expect(new Set(await mailStates(emails))).toEqual(new Set(['sent']))
  })

  it('keeps retrying for at least 24 hours, then gives up and lists the mail', async () => {
    const sim = simulation()
    const emails = await signMany(sim, 2, 'longoutage')
    const start = sim.clock.t
    sim.provider.answer = () => 503
    await sim.queue.drain(sim.consume)
    const last = sim.provider.calls.at(-1)!
    expect(last.at - start).toBeGreaterThanOrEqual(24 * 3600_000)
    expect(sim.clock.t - start).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS)
    expect(sim.provider.countsFor(emails)).toEqual([0, 0])
    expect(await mailStates(emails)).toEqual(['failed', 'failed'])
    expect((await mailBacklog(env.DB)).givenUp.count).toBeGreaterThanOrEqual(2)
  })

  it('the Worker killed right after the 202: the sweep finds the mail owed in D1', async () => {
    const sim = simulation()
    sim.queue.accepting = false
    const emails = await signMany(sim, 12, 'killed')
    sim.queue.accepting = true
    expect(sim.queue.items).toHaveLength(0)
    const backlog = await mailBacklog(env.DB)
    expect(backlog.waiting.count).toBeGreaterThanOrEqual(12)
    // Within its grace the mail may still be on its way through the queue: left alone.
    expect(await sweepMail(sim.env, sim.clock.t)).toBe(0)
    sim.clock.t += 31_000
    expect(await sweepMail(sim.env, sim.clock.t)).toBeGreaterThanOrEqual(12)
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor(emails)).toEqual(Array(12).fill(1))
    // Nothing is owed any more: later sweeps queue nothing.
    sim.clock.t += 10 * 60_000
    expect(await sweepMail(sim.env, sim.clock.t)).toBe(0)
    expect(sim.provider.countsFor(emails)).toEqual(Array(12).fill(1))
  })

  it('the queue losing a retry: the sweep queues it again once it is overdue', async () => {
    const sim = simulation()
    const emails = await signMany(sim, 3, 'lostretry')
    sim.provider.answer = () => 503
    await sim.queue.deliverOnce(sim.consume)
    // The retry message vanishes (a local queue does not survive a restart).
    sim.queue.items = []
    sim.provider.answer = () => 200
    sim.clock.t += 60_000
    expect(await sweepMail(sim.env, sim.clock.t)).toBe(3)
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor(emails)).toEqual([1, 1, 1])
  })

  it('the consumer failing mid-batch, after the provider accepted: each mailed once', async () => {
    const sim = simulation()
    const emails = await signMany(sim, 40, 'midbatch')
    let failures = 1
    const failingDb = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'batch') {
          return (stmts: D1PreparedStatement[]) => {
            // The write after the provider accepted the batch (reads before it go through).
            if (failures > 0 && sim.provider.calls.length > 0) {
              failures -= 1
              throw new Error('D1 went away')
            }
            return target.batch(stmts)
          }
        }
        const value = Reflect.get(target, prop)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    await sim.queue.drain((batch) => sim.consume(batch, { ...sim.env, DB: failingDb }))
    // The batch came back whole and was sent again under the same key, which the provider
    // had already accepted: nobody got a second mail.
    const keys = sim.provider.calls.map((c) => c.key)
    expect(keys.length).toBeGreaterThanOrEqual(2)
    expect(keys[1]).toBe(keys[0])
    expect(sim.provider.countsFor(emails)).toEqual(Array(40).fill(1))
    expect(new Set(await mailStates(emails))).toEqual(new Set(['sent']))
  })

  it('a mail that can never be sent is given up without holding up the others', async () => {
    const sim = simulation()
    const good = await signMany(sim, 6, 'good')
    const bad = await signMany(sim, 1, 'bounce')
    const queued = sim.queue.items.splice(0)
    // One queue batch holding all seven.
    sim.queue.items.push(...queued)
    sim.provider.answer = (_at, mails) => (mails.some((m) => m.to.startsWith('bounce')) ? 422 : 200)
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor(good)).toEqual(Array(6).fill(1))
    expect(sim.provider.countsFor(bad)).toEqual([0])
    expect(await mailStates(bad)).toEqual(['failed'])
    expect(sim.queue.dead).toEqual([])
    expect((await mailBacklog(env.DB)).givenUp.count).toBeGreaterThanOrEqual(1)
  })

  it('a mail that cannot even be written (its key gone) is given up, the rest of its batch sent', async () => {
    const sim = simulation()
    const good = await signMany(sim, 3, 'keyok')
    const [badId] = await idsOf(await signMany(sim, 1, 'keygone'))
    await env.DB.prepare("update signatures set email_key_id = 'gone' where id = ?")
      .bind(badId)
      .run()
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor(good)).toEqual([1, 1, 1])
    const row = await env.DB.prepare('select mail_state as state from signatures where id = ?')
      .bind(badId)
      .first<{ state: string }>()
    expect(row?.state).toBe('failed')
  })

  it('a message that exhausts its retries goes to the dead-letter queue and is listed as given up', async () => {
    const sim = simulation({ maxRetries: 3 })
    const emails = await signMany(sim, 2, 'poison')
    // A consumer that dies on this batch every time.
    await sim.queue.drain(async () => {
      throw new Error('crash')
    })
    // The two signatures were one group commit: one message, dead-lettered whole.
    expect(sim.queue.dead.flatMap(confirmationsOf)).toHaveLength(2)
    const acked: string[] = []
    const dlq = {
      queue: 'standwith-mail-dlq',
      messages: sim.queue.dead.map((body, i) => ({ id: `d${i}`, body, attempts: 1 })),
      ackAll: () => acked.push('all'),
      retryAll: () => {},
    } as unknown as MessageBatch<MailMessage>
    await giveUpMail(dlq, sim.env)
    expect(acked).toEqual(['all'])
    expect(await mailStates(emails)).toEqual(['failed', 'failed'])
  })
})

describe('signing again after a lost mail', () => {
  it('a mail given up is owed again, with fresh links that work', async () => {
    const sim = simulation()
    const [email] = await signMany(sim, 1, 'again')
    sim.provider.answer = () => 422
    await sim.queue.drain(sim.consume)
    expect(await mailStates([email!])).toEqual(['failed'])
    sim.provider.answer = () => 200
    expect(await signAtOnce(SLUG, [validSignature({ email })], sim.env)).toEqual([202])
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor([email!])).toEqual([1])
    const mail = sim.provider.mails.find((m) => m.to === email)!
    const confirm = new URL(mail.links[0]!).pathname
    expect((await fetchWorker(confirm, { method: 'POST' })).status).toBe(200)
  })

  it('mail still owed after a crash is sent at once, once', async () => {
    const sim = simulation()
    sim.queue.accepting = false
    const [email] = await signMany(sim, 1, 'crashagain')
    sim.queue.accepting = true
    expect(await signAtOnce(SLUG, [validSignature({ email })], sim.env)).toEqual([202])
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor([email!])).toEqual([1])
    // A third signature right away sends nothing more: nobody can flood an inbox through us.
    expect(await signAtOnce(SLUG, [validSignature({ email })], sim.env)).toEqual([202])
    await sim.queue.drain(sim.consume)
    sim.clock.t += 10 * 60_000
    await sweepMail(sim.env, sim.clock.t)
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor([email!])).toEqual([1])
  })
})

describe('the backlog on /admin', () => {
  it('shows waiting, retrying and given up as counts and ages, without addresses', async () => {
    const sim = simulation()
    sim.queue.accepting = false
    const emails = await signMany(sim, 2, 'backlog')
    const { cookie } = await login()
    const html = await (await fetchWorker('/admin', { headers: { cookie } })).text()
    const block = html.slice(html.indexOf('id="mail-backlog"'))
    expect(block).toMatch(/waiting<\/th><td>\d+<\/td><td>oldest \d+ s/)
    expect(block).toContain('given up')
    for (const email of emails) expect(html).not.toContain(email)
    expect(block).not.toContain('@')
    // Settle what this test left owed.
    sim.queue.accepting = true
    sim.clock.t += 31_000
    await sweepMail(sim.env, sim.clock.t)
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor(emails)).toEqual([1, 1])
  })
})
