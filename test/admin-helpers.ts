/** Helpers for the admin tests: a logged-in session, its CSRF token, and form posts with it. */
import { env } from 'cloudflare:test'
import { hmac } from '../src/lib/crypto.ts'
import { fetchWorker, freshIp, ORIGIN } from './helpers.ts'

export const bearer = () => ({ authorization: `Bearer ${env.ADMIN_TOKEN}` })

export interface Session {
  cookie: string
  csrf: string
}

/** The `name=value` of the session cookie a response sets. */
export function sessionCookie(res: Response): string | null {
  for (const line of res.headers.getSetCookie()) {
    const match = line.match(/^(standwith_admin=[^;]+)/)
    if (match) return match[1]!
  }
  return null
}

export function csrfIn(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/)
  if (!match) throw new Error('no CSRF field on the page')
  return match[1]!
}

/** Logs in through the login form; returns the cookie and the page's CSRF token. */
export async function login(token = env.ADMIN_TOKEN): Promise<Session> {
  const res = await fetchWorker('/admin/login', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
      'cf-connecting-ip': freshIp(),
    },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  })
  if (res.status !== 303) throw new Error(`login answered ${res.status}`)
  const cookie = sessionCookie(res)
  if (!cookie) throw new Error('no session cookie')
  const page = await fetchWorker('/admin', { headers: { cookie } })
  return { cookie, csrf: csrfIn(await page.text()) }
}

/** Posts a form on the admin pages as a browser of our origin would. */
export function postForm(
  path: string,
  fields: Record<string, string>,
  session: Session | null,
  headers: Record<string, string> = {},
) {
  return fetchWorker(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
      ...(session ? { cookie: session.cookie } : {}),
      ...headers,
    },
    body: new URLSearchParams({
      ...(session ? { _csrf: session.csrf } : {}),
      ...fields,
    }).toString(),
    redirect: 'manual',
  })
}

/** A JSON request to the admin API with the bearer token. */
export function adminJson(path: string, method: string, body?: unknown) {
  return fetchWorker(path, {
    method,
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

export async function sessionRow(cookie: string) {
  const { results } = await env.DB.prepare(
    'select id_hash as idHash, created_at as createdAt, last_seen_at as lastSeenAt from admin_sessions',
  ).all<{ idHash: string; createdAt: number; lastSeenAt: number }>()
  const idHash = await hmac(env.SESSION_SECRET, `admin-session|${cookie.split('=')[1]}`)
  return results.find((r) => r.idHash === idHash) ?? null
}
