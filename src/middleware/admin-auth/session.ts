/**
 * Sessions of the `/admin` pages: a random token in an HttpOnly cookie, its HMAC
 * (SESSION_SECRET) in D1 with the person signed in, when it began and when it was last used.
 * A session ends after 12 hours whatever happens, after 30 minutes without a request, or at
 * logout (the row goes).
 */
import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createDb } from '../../db/client.ts'
import { adminSessions } from '../../db/schema.ts'
import type { Env } from '../../env.ts'
import { hmac, randomToken } from '../../lib/crypto.ts'

export const SESSION_COOKIE = 'standwith_admin'
export const ABSOLUTE_MS = 12 * 3600 * 1000
export const IDLE_MS = 30 * 60 * 1000
/** Last use is written at most this often: an idle limit of minutes needs no write per request. */
const TOUCH_AFTER_MS = 60 * 1000
/**
 * The cookie is set once per path that accepts it (the pages and the API their scripts call),
 * so it never travels with requests to the public site.
 */
export const COOKIE_PATHS = ['/admin', '/api/v1/admin'] as const

export interface AdminSession {
  idHash: string
  /** `person:<id>`, or `access:<subject>` behind Cloudflare Access (whom the cookie is tied to). */
  actor: string
  /** The person signed in; null only for sessions from before people existed. */
  personId: number | null
  createdAt: number
  lastSeenAt: number
  /** The session's CSRF token: derived, so nothing more is stored. */
  csrf: string
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/

const idHashOf = (env: Env, token: string) => hmac(env.SESSION_SECRET, `admin-session|${token}`)
const csrfOf = (env: Env, idHash: string) => hmac(env.SESSION_SECRET, `admin-csrf|${idHash}`)

/** `Secure` everywhere but plain-http development on this machine. */
export function secureCookies(url: string): boolean {
  const { protocol, hostname } = new URL(url)
  const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]'
  return !(protocol === 'http:' && local)
}

/** Starts a session for a person; `actor` is what the cookie is tied to (see AdminSession). */
export async function createSession<E extends { Bindings: Env }>(
  c: Context<E>,
  actor: string,
  personId: number,
  now = Date.now(),
): Promise<AdminSession> {
  const token = randomToken()
  const idHash = await idHashOf(c.env, token)
  await createDb(c.env.DB)
    .insert(adminSessions)
    .values({ idHash, actor, personId, createdAt: now, lastSeenAt: now })
  const secure = secureCookies(c.req.url)
  for (const path of COOKIE_PATHS) {
    setCookie(c, SESSION_COOKIE, token, {
      path,
      httpOnly: true,
      secure,
      sameSite: 'Strict',
      maxAge: ABSOLUTE_MS / 1000,
    })
  }
  return {
    idHash,
    actor,
    personId,
    createdAt: now,
    lastSeenAt: now,
    csrf: await csrfOf(c.env, idHash),
  }
}

/** The live session the request's cookie stands for; an expired one is deleted on sight. */
export async function currentSession<E extends { Bindings: Env }>(
  c: Context<E>,
  now = Date.now(),
): Promise<AdminSession | null> {
  const token = getCookie(c, SESSION_COOKIE)
  if (!token || !TOKEN.test(token)) return null
  const idHash = await idHashOf(c.env, token)
  const db = createDb(c.env.DB)
  const [row] = await db
    .select({
      idHash: adminSessions.idHash,
      actor: adminSessions.actor,
      personId: adminSessions.personId,
      createdAt: adminSessions.createdAt,
      lastSeenAt: adminSessions.lastSeenAt,
    })
    .from(adminSessions)
    .where(eq(adminSessions.idHash, idHash))
  if (!row) return null
  if (now - row.createdAt > ABSOLUTE_MS || now - row.lastSeenAt > IDLE_MS) {
    await db.delete(adminSessions).where(eq(adminSessions.idHash, idHash))
    return null
  }
  if (now - row.lastSeenAt > TOUCH_AFTER_MS) {
    await db.update(adminSessions).set({ lastSeenAt: now }).where(eq(adminSessions.idHash, idHash))
    row.lastSeenAt = now
  }
  return { ...row, csrf: await csrfOf(c.env, idHash) }
}

/** Logout: the row goes (so a copied cookie is worthless) and the cookies are cleared. */
export async function endSession<E extends { Bindings: Env }>(c: Context<E>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE)
  if (token && TOKEN.test(token)) {
    const idHash = await idHashOf(c.env, token)
    await createDb(c.env.DB).delete(adminSessions).where(eq(adminSessions.idHash, idHash))
  }
  const secure = secureCookies(c.req.url)
  for (const path of COOKIE_PATHS) {
    deleteCookie(c, SESSION_COOKIE, { path, httpOnly: true, secure, sameSite: 'Strict' })
  }
}
