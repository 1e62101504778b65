/**
 * D1 read replication (the Sessions API) and reading one's own writes.
 *
 * Public pages read through a session that may be served by a replica near the visitor
 * ('first-unconstrained'): page reads then never queue behind the writer. A replica may lag,
 * so where a person has just written (confirmed or removed their signature, changed something
 * in /admin) the write runs in a 'first-primary' session and the answer carries the session's
 * bookmark in a short-lived cookie. Their next page reads start from that bookmark (a replica
 * that has caught up with their write, or the primary) and skip the page cache, so they see
 * their own change. Cached pages only ever read the cookie; they never set one. Where
 * replication is off, or in local development, a session simply reads the primary.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../../env.ts'

export const BOOKMARK_COOKIE = 'standwith_seen'
/** Long enough for any replica to catch up; short enough that the cache is soon used again. */
const BOOKMARK_MAX_AGE_S = 120
/** A D1 bookmark as the Sessions API hands it out (four hex fields). */
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/i

/** The bookmark a person's last write left in their cookie, if any. */
export function bookmarkOf(c: Context): string | undefined {
  if (!c.req.header('cookie')) return undefined
  const bookmark = getCookie(c, BOOKMARK_COOKIE)
  return bookmark && BOOKMARK.test(bookmark) ? bookmark : undefined
}

/** Page reads: from the person's last write on, or from any replica. */
export function replicaReads(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' && typeof c.env.DB.withSession === 'function') {
      let session: D1DatabaseSession
      try {
        session = c.env.DB.withSession(bookmarkOf(c) ?? 'first-unconstrained')
      } catch {
        // A bookmark D1 no longer knows: read as anyone would.
        session = c.env.DB.withSession('first-unconstrained')
      }
      // Only prepare() and batch() are used on read paths; a session offers both.
      c.env = { ...c.env, DB: session as unknown as D1Database }
    }
    await next()
  }
}

/**
 * For the routes where a person writes: the request's statements run in a 'first-primary'
 * session, and a successful answer carries its bookmark (see `replicaReads`). GETs pass by, and
 * so do paths under `except` (signing in and out change nothing a page shows).
 */
export function carryBookmark({
  except = [],
}: {
  except?: string[]
} = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    if (except.some((p) => c.req.path === p || c.req.path.startsWith(`${p}/`))) return next()
    if (typeof c.env.DB.withSession !== 'function') return next()
    const session = c.env.DB.withSession('first-primary')
    c.env = { ...c.env, DB: session as unknown as D1Database }
    await next()
    const bookmark = session.getBookmark()
    // No statement, or a failed one: nothing of theirs to wait for.
    if (!bookmark || c.res.status >= 400) return
    setCookie(c, BOOKMARK_COOKIE, bookmark, {
      path: '/',
      httpOnly: true,
      secure: new URL(c.req.url).protocol === 'https:',
      sameSite: 'Lax',
      maxAge: BOOKMARK_MAX_AGE_S,
    })
  }
}
