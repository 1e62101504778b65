import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { newApp } from '../src/app.ts'
import { normaliseEmail } from '../src/domain/email.ts'
import { decryptEmail, hmac } from '../src/lib/crypto.ts'
import { blockValue, dailyIpHash } from '../src/lib/ip-hash.ts'
import { SITEVERIFY_URL } from '../src/lib/turnstile.ts'
import {
  apiSign,
  awayFromMinuteEnd,
  confirmedCount,
  fetchWorker,
  formSign,
  freshIp,
  mailsTo,
  type SignBody,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'
import { freshCampaign, kept, recount } from './recount.ts'

const SLUG = 'international-solidarity'

async function statusOf(email: string) {
  const hash = await hmac(env.EMAIL_PEPPER, normaliseEmail(email))
  const res = await env.DB.prepare('select status from signatures where email_hash = ?')
    .bind(hash)
    .first<{ status: string }>()
  return res?.status
}

describe('hard rate limit per client IP', () => {
  it('allows 10 submissions a minute from one IP, then answers 429 with Retry-After', async () => {
    await awayFromMinuteEnd()
    const ip = freshIp()
    for (let i = 0; i < 10; i++) {
      expect((await apiSign(SLUG, validSignature(), ip)).status).toBe(202)
    }
    const res = await apiSign(SLUG, validSignature(), ip)
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await res.json()).toMatchObject({ error: 'rate_limited' })
    // The HTML form shares the limit and explains it.
    const form = await formSign(
      SLUG,
      { name: 'A', email: uniqueEmail(), country: 'GB', consent: 'yes' },
      ip,
    )
    expect(form.status).toBe(429)
    expect(await form.text()).toContain('Too many submissions')
    // Another IP is unaffected.
    expect((await apiSign(SLUG, validSignature(), freshIp())).status).toBe(202)
  })

  it('keys on CF-Connecting-IP only, not on X-Forwarded-For or X-Real-IP', async () => {
    await awayFromMinuteEnd()
    const ip = freshIp()
    for (let i = 0; i < 10; i++) {
      const spoof = { 'x-forwarded-for': freshIp(), 'x-real-ip': freshIp() }
      expect((await apiSign(SLUG, validSignature(), ip, spoof)).status).toBe(202)
    }
    expect(
      (await apiSign(SLUG, validSignature(), ip, { 'x-forwarded-for': freshIp() })).status,
    ).toBe(429)
  })
})

describe('silent defences answer exactly like a real signature', () => {
  it('holds signatures over the soft per-IP-per-campaign limit for review, with the same 202', async () => {
    const ip = freshIp()
    const answers: string[] = []
    const emails = Array.from({ length: 7 }, () => uniqueEmail('soft'))
    for (const email of emails) {
      const res = await apiSign('surat-ikramov', validSignature({ email }), ip)
      answers.push(`${res.status} ${await res.text()}`)
    }
    expect(new Set(answers)).toEqual(new Set(['202 {"status":"pending"}']))
    const { results } = await env.DB.prepare(
      `select status from signatures where campaign_id = (select id from campaigns where slug = 'surat-ikramov')
      and ip_hash = ? order by id`,
    )
      .bind(await dailyIpHash(env.IP_HASH_KEY, ip, Date.now()))
      .all<{ status: string }>()
    expect(results.map((r) => r.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      'held',
      'held',
    ])
    // A held signature does not count even after its email is confirmed.
    const before = await confirmedCount('surat-ikramov')
    const [mail] = await mailsTo(emails[6]!)
    const confirm = await fetchWorker(new URL(mail!.links[0]!).pathname, { method: 'POST' })
    expect(await confirm.text()).toContain('after a routine review')
    expect(await confirmedCount('surat-ikramov')).toBe(before)
  })

  it('counts signatures arriving together from one network against the soft limit too', async () => {
    const { id, slug } = await freshCampaign({ prefix: 'soft-burst' })
    const ip = freshIp()
    // Sent at once, they share a write batch: the limit must count within it as well.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        apiSign(slug, validSignature({ email: uniqueEmail('burst') }), ip),
      ),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(202))
    const { results } = await env.DB.prepare(
      'select status, count(*) as n from signatures where campaign_id = ? group by status',
    )
      .bind(id)
      .all<{ status: string; n: number }>()
    expect(Object.fromEntries(results.map((r) => [r.status, r.n]))).toEqual({ pending: 5, held: 3 })
    expect(await kept(id)).toEqual(await recount(id))
  })

  it('a honeypot hit gets the same 202 and stores nothing', async () => {
    const email = uniqueEmail('bot')
    const res = await apiSign(SLUG, validSignature({ email, website: 'http://spam.example' }))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'pending' })
    expect(await statusOf(email)).toBeUndefined()
    expect(await mailsTo(email, { timeoutMs: 200 })).toEqual([])
  })

  it('a duplicate gets the same 202 and leaves one row', async () => {
    const email = uniqueEmail()
    const a = await apiSign(SLUG, validSignature({ email }))
    const b = await apiSign(
      SLUG,
      validSignature({ email: email.toUpperCase(), name: 'Someone Else' }),
    )
    expect([a.status, await a.text()]).toEqual([b.status, await b.text()])
    const { n } = (await env.DB.prepare(
      'select count(*) as n from signatures where email_domain = ? and name = ?',
    )
      .bind('example.org', 'Someone Else')
      .first<{ n: number }>())!
    expect(n).toBe(0)
  })

  it('blocked email domains and IP networks get the same 202 and store nothing', async () => {
    const ip = '198.51.100.77'
    await env.DB.batch([
      env.DB.prepare("insert into blocklist (kind, value) values ('domain', 'spam.test')"),
      env.DB.prepare("insert into blocklist (kind, value) values ('ip', ?)").bind(
        await blockValue(env.IP_HASH_KEY, '198.51.100.0/24'),
      ),
    ])
    const domain = await apiSign(SLUG, validSignature({ email: 'x@spam.test' }))
    expect(domain.status).toBe(202)
    const email = uniqueEmail()
    const net = await apiSign(SLUG, validSignature({ email }), ip)
    expect(net.status).toBe(202)
    expect(await statusOf('x@spam.test')).toBeUndefined()
    expect(await mailsTo(email, { timeoutMs: 200 })).toEqual([])
    // IPv6: a block on the /64 catches every address in it.
    await env.DB.prepare("insert into blocklist (kind, value) values ('ip', ?)")
      .bind(await blockValue(env.IP_HASH_KEY, '2001:db8:1:2::/64'))
      .run()
    const v6email = uniqueEmail()
    expect(
      (await apiSign(SLUG, validSignature({ email: v6email }), '2001:db8:1:2:abcd::9')).status,
    ).toBe(202)
    expect(await mailsTo(v6email, { timeoutMs: 200 })).toEqual([])
  })
})

describe('Turnstile, when TURNSTILE_SECRET_KEY is set', () => {
  const server = setupServer(
    http.post(SITEVERIFY_URL, async ({ request }) => {
      const form = await request.formData()
      const ok = form.get('secret') === 'test-secret' && form.get('response') === 'good-token'
      return HttpResponse.json({ success: ok, hostname: 'localhost' })
    }),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())

  async function send(body: SignBody) {
    const app = newApp()
    const ctx = createExecutionContext()
    const res = await app.fetch(
      new Request(`http://localhost/api/v1/campaigns/${SLUG}/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
        body: JSON.stringify(body),
      }),
      { ...env, TURNSTILE_SECRET_KEY: 'test-secret', TURNSTILE_SITE_KEY: 'site-key' },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    return res
  }

  it('accepts a token siteverify approves', async () => {
    const email = uniqueEmail()
    expect((await send(validSignature({ email, turnstileToken: 'good-token' }))).status).toBe(202)
    expect(await statusOf(email)).toBe('pending')
  })

  it('refuses a missing or bad token with 400 on turnstileToken, storing nothing', async () => {
    for (const token of [undefined, 'bad-token']) {
      const email = uniqueEmail()
      const res = await send(validSignature({ email, turnstileToken: token }))
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ issues: [{ field: 'turnstileToken' }] })
      expect(await statusOf(email)).toBeUndefined()
    }
  })

  it('shows the widget on the form only when a site key is set', async () => {
    const app = newApp()
    const html = await (
      await app.fetch(new Request(`http://localhost/campaigns/${SLUG}`), {
        ...env,
        TURNSTILE_SITE_KEY: 'site-key',
      })
    ).text()
    expect(html).toContain('data-sitekey="site-key"')
    expect(await (await fetchWorker(`/campaigns/${SLUG}`)).text()).not.toContain('cf-turnstile')
  })
})

describe('privacy at rest', () => {
  it('stores no clear-text email or IP; the email is recoverable only with the key', async () => {
    const email = `Privacy.Check+${crypto.randomUUID().slice(0, 6)}@Example.org`
    const ip = '2001:db8:abcd:12:1:2:3:4'
    await apiSign(SLUG, validSignature({ email }), ip)
    const dump = JSON.stringify(
      await Promise.all(
        ['signatures', 'signature_tokens', 'tallies', 'messages', 'audit_log'].map(
          async (t) => (await env.DB.prepare(`select * from ${t}`).all()).results,
        ),
      ),
    ).toLowerCase()
    expect(dump).not.toContain(email.toLowerCase())
    expect(dump).not.toContain('privacy.check')
    expect(dump).not.toContain('2001:db8:abcd')
    const row = (await env.DB.prepare(
      'select email_cipher, email_key_id, campaign_id, ip_hash from signatures order by id desc limit 1',
    ).first<{
      email_cipher: string
      email_key_id: string
      campaign_id: number
      ip_hash: string
    }>())!
    expect(row.email_key_id).toBe('k1')
    expect(
      await decryptEmail(
        env.EMAIL_KEYS,
        row.email_key_id,
        row.email_cipher,
        `signature:${row.campaign_id}`,
      ),
    ).toBe(email)
    // The same /64 hashes alike on a day, and differently the next day.
    const now = Date.now()
    expect(row.ip_hash).toBe(await dailyIpHash(env.IP_HASH_KEY, '2001:db8:abcd:12:ffff::1', now))
    expect(row.ip_hash).not.toBe(await dailyIpHash(env.IP_HASH_KEY, ip, now + 86_400_000))
  })

  it('keeps tokens only as hashes', async () => {
    const email = uniqueEmail()
    await apiSign(SLUG, validSignature({ email }))
    const [mail] = await mailsTo(email)
    const token = new URL(mail!.links[0]!).pathname.split('/').pop()!
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const raw = await env.DB.prepare(
      'select count(*) as n from signature_tokens where token_hash = ?',
    )
      .bind(token)
      .first<{ n: number }>()
    expect(raw!.n).toBe(0)
  })

  it('never writes an email, a name or an IP into a log line', async () => {
    const lines: string[] = []
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(' '))
    const spies = [
      vi.spyOn(console, 'log').mockImplementation(capture),
      vi.spyOn(console, 'warn').mockImplementation(capture),
      vi.spyOn(console, 'error').mockImplementation(capture),
      vi.spyOn(console, 'info').mockImplementation(capture),
    ]
    try {
      const email = uniqueEmail('logcheck')
      const name = 'Logged Nobody'
      const ip = '192.0.2.201'
      const mail = await signAndConfirm(SLUG, {
        ...validSignature({ email, name }),
        showName: true,
      })
      await apiSign(SLUG, validSignature({ email, name }), ip)
      await apiSign(SLUG, validSignature({ email: 'bad', name }), ip)
      await fetchWorker(new URL(mail.links[1]!).pathname, { method: 'POST' })
      expect(lines.length).toBeGreaterThan(0)
      const all = lines.join('\n')
      for (const secret of [email, name, ip, 'logcheck']) expect(all).not.toContain(secret)
    } finally {
      for (const s of spies) s.mockRestore()
    }
  })
})

describe('the development outbox', () => {
  it('exists only when ENVIRONMENT is development', async () => {
    expect((await fetchWorker('/dev/outbox')).status).toBe(200)
    const app = newApp()
    const res = await app.fetch(new Request('http://localhost/dev/outbox'), {
      ...env,
      ENVIRONMENT: 'production',
    })
    expect(res.status).toBe(404)
  })

  it('lists newest first and filters by address', async () => {
    const email = uniqueEmail()
    await apiSign(SLUG, validSignature({ email }))
    await apiSign('azimzhan-askarov', validSignature({ email }))
    const mails = await mailsTo(email, { atLeast: 2 })
    expect(mails.map((m) => m.subject)).toEqual([
      'Please confirm your signature: Justice for Azimzhan Askarov',
      "Please confirm your signature: Stand with Central Asia's human rights defenders",
    ])
    expect(mails.every((m) => m.to === email && m.links.length === 2)).toBe(true)
  })
})
