import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { newApp } from '../src/app.ts'
import worker from '../src/index.ts'
import { forgetCachedPages } from '../src/middleware/page-cache/index.ts'
import { fetchWorker, linkPath, mailsTo, uniqueEmail, validSignature } from './helpers.ts'

const app = newApp()
const cachedEnv = { ...env, PAGE_CACHE_SECONDS: '5' }

/** The Worker's own entry's type: the app's fetch fits it too. */
type Fetch = typeof worker.fetch

/** One request through `fetch` (the app, or the Worker's own entry), its waitUntil work done. */
async function through(fetch: Fetch, path: string, init: RequestInit = {}, withEnv = cachedEnv) {
  const ctx = createExecutionContext()
  const request = new Request(`http://localhost:8787${path}`, init) as Parameters<Fetch>[0]
  const res = await fetch(request, withEnv, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

const get = (path: string, headers: Record<string, string> = {}) =>
  through(app.fetch, path, { headers })
const post = (path: string, init: RequestInit) => through(app.fetch, path, init)

describe('page cache', () => {
  it('serves repeated page and count requests from cache, for a few seconds', async () => {
    forgetCachedPages()
    const first = await get('/campaigns/surat-ikramov')
    expect(first.headers.get('x-cache')).toBe('miss')
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
    const second = await get('/campaigns/surat-ikramov')
    expect(second.headers.get('x-cache')).toBe('memory')
    expect(await second.text()).toBe(await first.text())
    // A cached answer carries the same security headers as the first.
    for (const name of [
      'content-security-policy',
      'x-content-type-options',
      'referrer-policy',
      'x-frame-options',
      'vary',
      'content-type',
    ]) {
      expect(second.headers.get(name), name).toBe(first.headers.get(name))
    }
    expect(second.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('keys on the negotiated language, not on the raw headers', async () => {
    forgetCachedPages()
    const en = await get('/', { 'accept-language': 'en' })
    const ru = await get('/', { 'accept-language': 'ru' })
    expect(await ru.text()).toContain('<html lang="ru">')
    expect(await en.text()).toContain('<html lang="en">')
    const ruCookie = await get('/', { cookie: 'lang=ru' })
    expect(ruCookie.headers.get('x-cache')).toBe('memory')
    expect(await ruCookie.text()).toContain('<html lang="ru">')
  })

  it('never stores a response that sets a cookie, and still sets it', async () => {
    forgetCachedPages()
    const res = await get('/?lang=ru')
    expect(res.headers.get('set-cookie')).toMatch(/lang=ru/)
    const again = await get('/?lang=ru')
    expect(again.headers.get('set-cookie')).toMatch(/lang=ru/)
  })

  it('does not cache 404s or POSTs', async () => {
    forgetCachedPages()
    await get('/campaigns/nope')
    expect((await get('/campaigns/nope')).headers.get('x-cache')).toBeNull()
  })

  it('shows a signer their confirmation at once: confirming forgets the campaign’s cached count', async () => {
    forgetCachedPages()
    const before = (await (await get('/api/v1/campaigns/surat-ikramov/count')).json()) as {
      confirmed: number
    }
    expect((await get('/api/v1/campaigns/surat-ikramov/count')).headers.get('x-cache')).toBe(
      'memory',
    )
    const email = uniqueEmail()
    const signed = await post('/api/v1/campaigns/surat-ikramov/signatures', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '10.200.0.1' },
      body: JSON.stringify(validSignature({ email })),
    })
    expect(signed.status).toBe(202)
    const [mail] = await mailsTo(email)
    expect((await post(linkPath(mail!, 'confirm'), { method: 'POST' })).status).toBe(200)
    const after = (await (await get('/api/v1/campaigns/surat-ikramov/count')).json()) as {
      confirmed: number
    }
    expect(after.confirmed).toBe(before.confirmed + 1)
  })

  it('is off when PAGE_CACHE_SECONDS is 0 (as in the other tests)', async () => {
    const res = await fetchWorker('/campaigns/surat-ikramov')
    expect(res.headers.get('x-cache')).toBeNull()
  })
})

describe('page cache ahead of the app (anonymous visitors)', () => {
  /** Through the Worker's own entry, where a fresh hit is answered before the app runs. */
  const visit = (path: string, headers: Record<string, string> = {}, withEnv = cachedEnv) =>
    through(worker.fetch, path, { headers }, withEnv)

  it('answers a repeated visit with the stored answer, headers and all', async () => {
    forgetCachedPages()
    const first = await visit('/campaigns/surat-ikramov')
    expect(first.headers.get('x-cache')).toBe('miss')
    const firstBody = await first.text()
    const second = await visit('/campaigns/surat-ikramov')
    expect(second.headers.get('x-cache')).toBe('memory')
    expect(await second.text()).toBe(firstBody)
    // Exactly the headers a hit inside the app sends.
    const inApp = await get('/campaigns/surat-ikramov')
    expect(inApp.headers.get('x-cache')).toBe('memory')
    expect([...second.headers]).toEqual([...inApp.headers])
  })

  it('serves each Accept-Language its own language', async () => {
    forgetCachedPages()
    await visit('/', { 'accept-language': 'ru-RU,ru;q=0.9' })
    await visit('/', { 'accept-language': 'en-GB' })
    const ru = await visit('/', { 'accept-language': 'ru' })
    const en = await visit('/')
    expect(ru.headers.get('x-cache')).toBe('memory')
    expect(en.headers.get('x-cache')).toBe('memory')
    expect(await ru.text()).toContain('<html lang="ru">')
    expect(await en.text()).toContain('<html lang="en">')
  })

  it('leaves a cookie or a query to the app, whose language rules they change', async () => {
    forgetCachedPages()
    await visit('/', { 'accept-language': 'en' })
    // The cookie outranks Accept-Language: the English entry must not answer it.
    const cookie = await visit('/', { 'accept-language': 'en', cookie: 'lang=ru' })
    expect(await cookie.text()).toContain('<html lang="ru">')
    // An explicit ?lang= is remembered in a cookie, which no stored answer carries.
    const query = await visit('/?lang=ru', { 'accept-language': 'en' })
    expect(query.headers.get('set-cookie')).toMatch(/lang=ru/)
    expect(await query.text()).toContain('<html lang="ru">')
  })

  it('answers from memory only while caching is on', async () => {
    forgetCachedPages()
    await visit('/campaigns/surat-ikramov')
    expect((await visit('/campaigns/surat-ikramov')).headers.get('x-cache')).toBe('memory')
    const off = await visit('/campaigns/surat-ikramov', {}, { ...env, PAGE_CACHE_SECONDS: '0' })
    expect(off.headers.get('x-cache')).toBeNull()
    forgetCachedPages()
  })
})

describe('page cache under load', () => {
  it('refreshes an expired page with one request while the others get the expired copy', async () => {
    forgetCachedPages()
    const shortEnv = { ...env, PAGE_CACHE_SECONDS: '1' }
    const at = async () => {
      const ctx = createExecutionContext()
      const res = await app.fetch(
        new Request('http://localhost:8787/api/v1/campaigns/surat-ikramov/count'),
        shortEnv,
        ctx,
      )
      await waitOnExecutionContext(ctx)
      return res
    }
    expect(['miss', 'cache']).toContain((await at()).headers.get('x-cache'))
    await new Promise((r) => setTimeout(r, 1100))
    // All at once after expiry: one goes on to refresh, the rest are answered from memory.
    const answers = await Promise.all(Array.from({ length: 8 }, () => at()))
    const sources = answers.map((r) => r.headers.get('x-cache')).sort()
    expect(sources.filter((s) => s === 'stale')).toHaveLength(7)
    expect(sources.filter((s) => s !== 'stale')).toHaveLength(1)
    for (const res of answers) expect(res.status).toBe(200)
    // Once refreshed, a fresh copy again.
    expect((await at()).headers.get('x-cache')).toBe('memory')
    forgetCachedPages()
  })
})
