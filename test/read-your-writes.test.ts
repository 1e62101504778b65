/**
 * Reading one's own writes with D1 Sessions: the answer to a person's write carries its
 * bookmark, their next page reads start from it (past the page cache), and cached public pages
 * never set a cookie.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { newApp } from '../src/app.ts'
import { forgetCachedPages } from '../src/middleware/page-cache/index.ts'
import { BOOKMARK_COOKIE } from '../src/middleware/read-replica/index.ts'
import { login, postForm } from './admin-helpers.ts'
import { apiSign, linkPath, mailsTo, ORIGIN, uniqueEmail, validSignature } from './helpers.ts'

const SLUG = 'surat-ikramov'
const app = newApp()

/** A D1 binding that records the sessions opened on it and the bookmarks they ended with. */
function sessionsOf(d1: D1Database) {
  const opened: { constraint: string; session: D1DatabaseSession }[] = []
  const db = new Proxy(d1, {
    get(target, prop) {
      if (prop === 'withSession') {
        return (constraint: string) => {
          const session = target.withSession(constraint)
          opened.push({ constraint, session })
          return session
        }
      }
      const value = Reflect.get(target, prop)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db, opened }
}

async function send(path: string, init: RequestInit, d1: D1Database, cacheSeconds = '5') {
  const ctx = createExecutionContext()
  const res = await app.fetch(
    new Request(`${ORIGIN}${path}`, init),
    { ...env, DB: d1, PAGE_CACHE_SECONDS: cacheSeconds },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

function bookmarkCookie(res: Response): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const m = line.match(new RegExp(`^${BOOKMARK_COOKIE}=([^;]+)`))
    if (m) return m[1]
  }
  return undefined
}

async function apiCount(d1: D1Database, cookie?: string) {
  const res = await send(
    `/api/v1/campaigns/${SLUG}/count`,
    { headers: cookie ? { cookie } : {} },
    d1,
  )
  return { res, confirmed: ((await res.clone().json()) as { confirmed: number }).confirmed }
}

beforeEach(() => forgetCachedPages())

describe('read your own writes', () => {
  it('the confirm answer carries the bookmark of its write, and the next read starts from it', async () => {
    const email = uniqueEmail('ryw')
    expect((await apiSign(SLUG, validSignature({ email }))).status).toBe(202)
    const [mail] = await mailsTo(email)
    const { db, opened } = sessionsOf(env.DB)
    const before = (await apiCount(db)).confirmed

    const answer = await send(linkPath(mail!, 'confirm'), { method: 'POST' }, db)
    expect(answer.status).toBe(200)
    const written = opened.find((o) => o.constraint === 'first-primary')
    expect(written).toBeDefined()
    const bookmark = bookmarkCookie(answer)
    expect(bookmark).toBe(written!.session.getBookmark() ?? undefined)
    const line = answer.headers.getSetCookie().find((l) => l.startsWith(BOOKMARK_COOKIE))!
    expect(line).toMatch(/HttpOnly/i)
    expect(line).toMatch(/Path=\//)
    expect(line).toMatch(/Max-Age=\d+/)

    // The next page read opens its session at that bookmark, and sees the signature.
    opened.length = 0
    const after = await apiCount(db, `${BOOKMARK_COOKIE}=${bookmark}`)
    expect(opened.map((o) => o.constraint)).toEqual([bookmark])
    expect(after.confirmed).toBe(before + 1)
    expect(after.res.headers.getSetCookie()).toEqual([])
  })

  it('the remove answer carries a bookmark too', async () => {
    const email = uniqueEmail('ryw')
    await apiSign(SLUG, validSignature({ email }))
    const [mail] = await mailsTo(email)
    const res = await send(linkPath(mail!, 'remove'), { method: 'POST' }, env.DB)
    expect(res.status).toBe(200)
    expect(bookmarkCookie(res)).toMatch(/^[0-9a-f-]+$/)
    // A refused link (nothing written for the person) carries none.
    const bad = await send(`/remove/${'x'.repeat(43)}`, { method: 'POST' }, env.DB)
    expect(bad.status).toBe(404)
    expect(bookmarkCookie(bad)).toBeUndefined()
  })

  it('an organiser’s write in /admin carries a bookmark', async () => {
    const session = await login()
    const res = await postForm(`/admin/campaigns/${SLUG}/close`, {}, session)
    expect(res.status).toBe(303)
    expect(bookmarkCookie(res)).toMatch(/^[0-9a-f-]+$/)
    await postForm(`/admin/campaigns/${SLUG}/open`, {}, session)
  })

  it('with a bookmark, a cached page is read afresh (and stored for everyone)', async () => {
    const { db, opened } = sessionsOf(env.DB)
    const first = await apiCount(db)
    expect((await apiCount(db)).res.headers.get('x-cache')).toBe('memory')
    // A write the cache has not heard of (another location's, say).
    const s = env.DB.withSession('first-primary')
    await s
      .prepare(
        `update tallies set n = n + 1 where dimension = 'state' and key = 'confirmed'
        and campaign_id = (select id from campaigns where slug = ?)`,
      )
      .bind(SLUG)
      .run()
    const bookmark = s.getBookmark()!
    expect((await apiCount(db)).confirmed).toBe(first.confirmed)
    opened.length = 0
    const mine = await apiCount(db, `${BOOKMARK_COOKIE}=${bookmark}`)
    expect(mine.res.headers.get('x-cache')).toBe('miss')
    expect(mine.confirmed).toBe(first.confirmed + 1)
    expect(opened.map((o) => o.constraint)).toEqual([bookmark])
    // What they read was fresh: everyone gets it now.
    const next = await apiCount(db)
    expect(next.res.headers.get('x-cache')).toBe('memory')
    expect(next.confirmed).toBe(first.confirmed + 1)
    await env.DB.prepare(
      `update tallies set n = n - 1 where dimension = 'state' and key = 'confirmed'
      and campaign_id = (select id from campaigns where slug = ?)`,
    )
      .bind(SLUG)
      .run()
  })

  it('cached public pages set no cookie, with or without a bookmark; a bad bookmark is ignored', async () => {
    const bookmark = env.DB.withSession('first-primary').getBookmark()
    const cookies = [
      undefined,
      `${BOOKMARK_COOKIE}=00000000-00000001-00000000-00000000000000000000000000000000`,
      `${BOOKMARK_COOKIE}=not-a-bookmark`,
      bookmark ? `${BOOKMARK_COOKIE}=${bookmark}` : undefined,
    ]
    for (const path of [
      '/',
      `/campaigns/${SLUG}`,
      '/defenders/surat-ikramov',
      '/api/v1/campaigns',
      `/api/v1/campaigns/${SLUG}`,
      `/api/v1/campaigns/${SLUG}/count`,
      `/embed/${SLUG}`,
    ]) {
      for (const cookie of cookies) {
        const res = await send(path, { headers: cookie ? { cookie } : {} }, env.DB)
        expect(res.status, path).toBe(200)
        expect(res.headers.getSetCookie(), `${path} ${cookie}`).toEqual([])
      }
    }
    const { db, opened } = sessionsOf(env.DB)
    await send(`/campaigns/${SLUG}`, { headers: { cookie: `${BOOKMARK_COOKIE}=nope` } }, db, '0')
    expect(opened.map((o) => o.constraint)).toEqual(['first-unconstrained'])
  })
})
