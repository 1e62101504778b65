/**
 * Short-lived caching of public GET pages and counts: first a small in-isolate memory (the
 * fastest hit there is), then the Cache API (shared by the isolates of one location). The
 * key is the URL with the negotiated language, so cookies and Accept-Language still decide the
 * language. TTLs are seconds: a count is never staler than that. `PAGE_CACHE_SECONDS=0`
 * turns caching off (the workerd tests do, except the tests of this middleware).
 */
import type { MiddlewareHandler } from 'hono'
import { forgetSigningCampaign } from '../../db/signing-campaigns.ts'
import { type AppEnv, LANGS, type Lang } from '../../env.ts'

interface Entry {
  body: ArrayBuffer
  status: number
  headers: [string, string][]
  expires: number
}

const MAX_ENTRIES = 256
const memory = new Map<string, Entry>()

function remember(key: string, entry: Entry) {
  if (memory.size >= MAX_ENTRIES) {
    const oldest = memory.keys().next().value
    if (oldest !== undefined) memory.delete(oldest)
  }
  memory.set(key, entry)
}

/**
 * Browsers must ask again each time: a person who has just confirmed must see their signature
 * counted when they go back to the page. The edge keeps the copy for `ttl` seconds.
 */
const CLIENT_CACHE_CONTROL = 'public, max-age=0, must-revalidate'

function respond(entry: Entry, source: string): Response {
  const res = new Response(entry.body, { status: entry.status, headers: entry.headers })
  res.headers.set('Cache-Control', CLIENT_CACHE_CONTROL)
  res.headers.set('X-Cache', source)
  return res
}

/** The URL without `?lang=`, its query sorted, and the negotiated language appended. */
export function cacheKey(requestUrl: string, lang: Lang): string {
  // Most requests have no query: skip parsing the URL for them.
  if (!requestUrl.includes('?')) return `${requestUrl}?__lang=${lang}`
  const url = new URL(requestUrl)
  url.searchParams.delete('lang')
  url.searchParams.sort()
  url.searchParams.set('__lang', lang)
  return url.toString()
}

/** Caches 200 answers of GET requests for `ttl` seconds (from env, or the given default). */
export function pageCache(defaultTtl = 5): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ttl = Number(c.env.PAGE_CACHE_SECONDS ?? defaultTtl)
    if (c.req.method !== 'GET' || !(ttl > 0)) return next()
    const key = cacheKey(c.req.url, c.get('lang'))
    const now = Date.now()

    const hit = memory.get(key)
    if (hit && hit.expires > now) {
      c.res = respond(hit, 'memory')
      return
    }
    const cache = typeof caches === 'undefined' ? undefined : caches.default
    const stored = await cache?.match(key)
    if (stored) {
      const body = await stored.arrayBuffer()
      const entry: Entry = {
        body,
        status: stored.status,
        headers: [...stored.headers],
        expires: now + ttl * 1000,
      }
      remember(key, entry)
      c.res = respond(entry, 'cache')
      return
    }

    await next()
    if (c.res.status !== 200 || c.res.headers.has('set-cookie')) return
    const body = await c.res.clone().arrayBuffer()
    const headers = [...c.res.headers].filter(([k]) => k.toLowerCase() !== 'set-cookie')
    const entry: Entry = { body, status: 200, headers, expires: now + ttl * 1000 }
    remember(key, entry)
    c.res.headers.set('Cache-Control', CLIENT_CACHE_CONTROL)
    c.res.headers.set('X-Cache', 'miss')
    if (cache) {
      const copy = new Response(body, { status: 200, headers })
      copy.headers.set('Cache-Control', `public, max-age=${ttl}`)
      c.executionCtx.waitUntil(cache.put(key, copy))
    }
  }
}

/**
 * Forgets the cached pages a campaign's count shows on, here and in this location's cache,
 * after a change a person expects to see at once (their own confirmation or removal).
 * Other locations catch up within the TTL.
 */
export async function forgetCampaign(origin: string, slug: string): Promise<void> {
  const paths = [
    '/',
    `/campaigns/${slug}`,
    `/api/v1/campaigns/${slug}`,
    `/api/v1/campaigns/${slug}/count`,
    '/api/v1/campaigns',
    `/embed/${slug}`,
  ]
  const keys = paths.flatMap((p) => LANGS.map((lang) => cacheKey(`${origin}${p}`, lang)))
  for (const key of keys) memory.delete(key)
  forgetSigningCampaign(slug)
  if (typeof caches !== 'undefined') await Promise.all(keys.map((k) => caches.default.delete(k)))
}

/** Drops every page cached in this isolate's memory. */
export function forgetCachedPages(): void {
  memory.clear()
}
