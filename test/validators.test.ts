/** HTTP validators: a browser that revalidates what it holds gets a 304, not the whole body. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { newApp } from '../src/app.ts'
import worker from '../src/index.ts'
import { forgetCachedPages } from '../src/middleware/page-cache/index.ts'
import { fetchWorker, signAndConfirm, validSignature } from './helpers.ts'

const SLUG = 'surat-ikramov'
const cachedEnv = { ...env, PAGE_CACHE_SECONDS: '5' }
const app = newApp()

type Fetch = typeof worker.fetch

async function through(fetch: Fetch, path: string, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext()
  const request = new Request(`http://localhost:8787${path}`, { headers }) as Parameters<Fetch>[0]
  const res = await fetch(request, cachedEnv, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

describe('GET /embed.js validators', () => {
  it('answers 304 to its tag, in a list, weak, or *; 200 to another tag', async () => {
    const first = await fetchWorker('/embed.js')
    const tag = first.headers.get('etag')!
    expect(tag).toMatch(/^"[0-9a-f]{24}"$/)
    for (const ifNoneMatch of [tag, `"stale-one", ${tag}`, `W/${tag}`, '*']) {
      const res = await fetchWorker('/embed.js', { headers: { 'if-none-match': ifNoneMatch } })
      expect(res.status, ifNoneMatch).toBe(304)
      expect(await res.text()).toBe('')
      expect(res.headers.get('etag')).toBe(tag)
      expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    }
    const other = await fetchWorker('/embed.js', { headers: { 'if-none-match': '"another"' } })
    expect(other.status).toBe(200)
    expect(await other.text()).toBe(await first.text())
  })
})

describe('cached pages validators', () => {
  it('a cached page carries an ETag and answers 304 to it, in the app and ahead of it', async () => {
    forgetCachedPages()
    const miss = await through(app.fetch, `/campaigns/${SLUG}`)
    expect(miss.status).toBe(200)
    const tag = miss.headers.get('etag')!
    expect(tag).toMatch(/^"[0-9a-f]{32}"$/)
    // The same bytes from memory carry the same tag.
    const hit = await through(worker.fetch, `/campaigns/${SLUG}`)
    expect(hit.headers.get('x-cache')).toBe('memory')
    expect(hit.headers.get('etag')).toBe(tag)
    for (const fetch of [worker.fetch, app.fetch]) {
      for (const ifNoneMatch of [tag, `W/${tag}`, `"x", ${tag}`]) {
        const res = await through(fetch, `/campaigns/${SLUG}`, { 'if-none-match': ifNoneMatch })
        expect(res.status, ifNoneMatch).toBe(304)
        expect(await res.text()).toBe('')
        expect(res.headers.get('etag')).toBe(tag)
        expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
        expect(res.headers.get('content-type')).toBeNull()
      }
      const other = await through(fetch, `/campaigns/${SLUG}`, { 'if-none-match': '"x"' })
      expect(other.status).toBe(200)
      expect(await other.text()).toBe(await miss.clone().text())
    }
    // A count too.
    const count = await through(app.fetch, `/api/v1/campaigns/${SLUG}/count`)
    const countTag = count.headers.get('etag')!
    const again = await through(app.fetch, `/api/v1/campaigns/${SLUG}/count`, {
      'if-none-match': countTag,
    })
    expect(again.status).toBe(304)
    forgetCachedPages()
  })

  it('answers 304 on the request that refreshes the entry, when the page did not change', async () => {
    forgetCachedPages()
    const tag = (await through(app.fetch, `/defenders/azimzhan-askarov`)).headers.get('etag')!
    forgetCachedPages()
    await caches.default.delete(`http://localhost:8787/defenders/azimzhan-askarov?__lang=en`)
    const res = await through(app.fetch, '/defenders/azimzhan-askarov', { 'if-none-match': tag })
    expect(res.headers.get('x-cache')).toBe('miss')
    expect(res.status).toBe(304)
    forgetCachedPages()
  })

  it('a changed page gets a new tag: the browser holding the old one gets the new page', async () => {
    forgetCachedPages()
    const before = await through(app.fetch, `/api/v1/campaigns/${SLUG}/count`)
    const tag = before.headers.get('etag')!
    const { confirmed } = (await before.json()) as { confirmed: number }
    // Confirming forgets the cached count (see forgetCampaign).
    await signAndConfirm(SLUG, validSignature())
    const after = await through(app.fetch, `/api/v1/campaigns/${SLUG}/count`, {
      'if-none-match': tag,
    })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(tag)
    expect(((await after.json()) as { confirmed: number }).confirmed).toBe(confirmed + 1)
    forgetCachedPages()
  })

  it('a page whose form suggests a country has a tag per country: another country gets its own page', async () => {
    forgetCachedPages()
    for (const fetch of [app.fetch, worker.fetch] as Fetch[]) {
      const kz = await through(fetch, `/campaigns/${SLUG}`, { 'accept-language': 'ru-KZ' })
      const kzTag = kz.headers.get('etag')!
      expect(await kz.text()).toContain('<option value=KZ selected>')
      const same = await through(fetch, `/campaigns/${SLUG}`, {
        'accept-language': 'ru-KZ',
        'if-none-match': kzTag,
      })
      expect(same.status).toBe(304)
      const kg = await through(fetch, `/campaigns/${SLUG}`, {
        'accept-language': 'ru-KG',
        'if-none-match': kzTag,
      })
      expect(kg.status).toBe(200)
      expect(kg.headers.get('etag')).not.toBe(kzTag)
      const html = await kg.text()
      expect(html).toContain('<option value=KG selected>')
      expect(html).not.toContain('<option value=KZ selected>')
    }
    forgetCachedPages()
  })
})
