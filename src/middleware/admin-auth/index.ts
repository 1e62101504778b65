/**
 * Organiser access. The admin API takes `Authorization: Bearer <token>` — `ADMIN_TOKEN`
 * (compared in constant time; it acts as the first owner of the demo host) or an API token of
 * an organisation; wrong tokens are rate limited per client network — or the session cookie of the `/admin` pages (writes then need the
 * session's CSRF token and our own origin); anything else is a 401 in the API's error shape,
 * never a redirect. The pages redirect to the login page instead. Either way the request gets
 * its actor (person or token, organisation and role), which the services authorize. Behind
 * Cloudflare Access, a valid Access assertion is required on top, and the audit log names its
 * subject beside the person or token.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { createDb } from '../../db/client.ts'
import { limiterKey } from '../../domain/ip.ts'
import type { AppEnv, Env } from '../../env.ts'
import { clientIp } from '../../lib/client-ip.ts'
import { timingSafeEqual } from '../../lib/crypto.ts'
import { ApiError } from '../../lib/errors.ts'
import { type Actor, bearerActor, personAsActor } from '../../services/admin/actor.ts'
import { ACCESS_HEADER, accessConfigured, verifyAccessJwt } from './access.ts'
import { isMultipart, readAdminForm, readAdminMultipart } from './body.ts'
import { csrfMatches, isSameOrigin, isUnsafe } from './origin.ts'
import { currentSession } from './session.ts'

export { createSession, endSession } from './session.ts'

/** Where the pages are mounted; the login page is the one page open without a session. */
export const ADMIN_PAGES = '/admin'
export const LOGIN_PATH = `${ADMIN_PAGES}/login`
/** Pages open without a session: the login form and the emailed sign-in links. */
const isLoginPath = (path: string) => path === LOGIN_PATH || path.startsWith(`${LOGIN_PATH}/`)
/** The header the pages' scripts send the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token'
/** The hidden form field carrying it. */
export const CSRF_FIELD = '_csrf'

/** Who is acting and how they got in. */
export interface AdminIdentity {
  /** `person:<id>` or `token:<id>` (+ ` access:<subject>`): what the audit log records. */
  actor: string
  via: 'token' | 'session'
  /** The session's CSRF token, for forms (sessions only). */
  csrf?: string
}

/** Hono's environment for admin routes: the guard sets `admin`, and `form` on page POSTs. */
export interface AdminEnv {
  Bindings: Env
  Variables: AppEnv['Variables'] & {
    admin: AdminIdentity
    /** The person or token acting, with organisation and role: what services authorize. */
    actor: Actor
    /** The parsed form of a page POST (the guard read it to check the CSRF token). */
    form: Record<string, string>
    /** The files of a multipart page POST (an image upload), by field name. */
    files: Record<string, Uint8Array>
    /** On the login page: the Access actor when Access is configured, else null. */
    accessActor: string | null
  }
}

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i)
  return match?.[1] ?? null
}

export function isAdminToken(env: Env, token: string | null | undefined): boolean {
  return Boolean(token && env.ADMIN_TOKEN && timingSafeEqual(token, env.ADMIN_TOKEN))
}

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message)

const LOCKOUT_MS = 60_000
const tooManyGuesses = () =>
  new ApiError(429, 'rate_limited', 'Too many wrong tokens; try again later.', undefined, {
    'Retry-After': String(LOCKOUT_MS / 1000),
  })

/**
 * Networks that used up their wrong-token limit, until when. Only wrong tokens count against
 * the Rate Limiting binding (so organisers' own API use is never limited), and the binding
 * cannot be asked without counting; so once a network is over it, this isolate refuses every
 * token from it, the right one included, for a minute: a guesser cannot tell a 429 for a wrong
 * guess from a 200 for a right one. Other isolates lock it at its first wrong guess there.
 */
const lockouts = new Map<string, number>()

function lockedOut(network: string, now = Date.now()): boolean {
  const until = lockouts.get(network)
  if (until === undefined) return false
  if (until > now) return true
  lockouts.delete(network)
  return false
}

function lockOut(network: string, now = Date.now()): void {
  if (lockouts.size > 10_000) lockouts.clear()
  lockouts.set(network, now + LOCKOUT_MS)
}

/**
 * The Access actor: undefined when Access is not configured, null when it is and the request's
 * assertion is missing or does not verify.
 */
async function accessActor(c: Context<AdminEnv>): Promise<string | null | undefined> {
  if (!accessConfigured(c.env)) return undefined
  return verifyAccessJwt(c.req.header(ACCESS_HEADER), {
    teamDomain: c.env.ACCESS_TEAM_DOMAIN!,
    aud: c.env.ACCESS_AUD!,
  })
}

/**
 * A session that belongs to whoever Access says is asking (a copied cookie does not travel),
 * with the person it signed in as, if they still have a role.
 */
async function sessionFor(c: Context<AdminEnv>, access: string | undefined) {
  const session = await currentSession(c)
  if (!session?.personId || (access !== undefined && session.actor !== access)) return null
  const actor = await personAsActor(createDb(c.env.DB), session.personId, access)
  return actor ? { session, actor } : null
}

function setActor(c: Context<AdminEnv>, actor: Actor, via: AdminIdentity['via'], csrf?: string) {
  c.set('actor', actor)
  c.set('admin', { actor: actor.ref, via, ...(csrf ? { csrf } : {}) })
}

/** Guard of the admin API: a bearer token, or a session (+ CSRF and same origin on writes). */
export function requireAdmin(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store')
    const access = await accessActor(c)
    if (access === null) throw unauthorized('A valid Cloudflare Access assertion is required.')
    const authorization = c.req.header('authorization')
    if (authorization !== undefined) {
      // A request that presents a token stands or falls by it: no falling back to a cookie.
      const network = limiterKey(clientIp(c))
      if (lockedOut(network)) throw tooManyGuesses()
      const token = bearerToken(authorization)
      const actor = await bearerActor(createDb(c.env.DB), token, {
        bootstrap: isAdminToken(c.env, token),
        access,
      })
      if (!actor) {
        const { success } = await c.env.ADMIN_LIMITER.limit({ key: `bearer:${network}` })
        if (!success) {
          lockOut(network)
          throw tooManyGuesses()
        }
        c.header('WWW-Authenticate', 'Bearer realm="standwith admin"')
        throw unauthorized('A valid admin bearer token is required.')
      }
      setActor(c, actor, 'token')
      return next()
    }
    const signedIn = await sessionFor(c, access)
    if (!signedIn) {
      c.header('WWW-Authenticate', 'Bearer realm="standwith admin"')
      throw unauthorized('A valid admin bearer token or admin session is required.')
    }
    const { session, actor } = signedIn
    if (isUnsafe(c.req.method)) {
      if (!isSameOrigin(c)) throw new ApiError(403, 'cross_origin', 'Cross-origin request refused.')
      if (!csrfMatches(c.req.header(CSRF_HEADER), session.csrf)) {
        throw new ApiError(403, 'csrf', 'A valid CSRF token is required.')
      }
    }
    setActor(c, actor, 'session', session.csrf)
    await next()
  }
}

/**
 * A safe place to return to after logging in: an admin page, nothing else. No `.` or `..`
 * segment (a browser resolves `/admin/../x` to `/x`) and no empty one (`//host` is another site).
 */
export function safeNext(path: string | undefined): string {
  if (!path || !/^\/admin(\/[A-Za-z0-9/_.-]*)?$/.test(path)) return ADMIN_PAGES
  const segments = path.split('/').slice(1)
  if (segments.some((s, i) => s === '.' || s === '..' || (s === '' && i < segments.length - 1))) {
    return ADMIN_PAGES
  }
  return path
}

/**
 * Guard of the admin pages: without a session a GET is sent to the login page; a POST must
 * come from our origin and carry the session's CSRF token in its form.
 */
export function requireAdminPage(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store')
    const access = await accessActor(c)
    if (access === null) return c.text('A valid Cloudflare Access assertion is required.', 401)
    const unsafe = isUnsafe(c.req.method)
    if (unsafe && !isSameOrigin(c)) return c.text('Cross-origin request refused.', 403)
    const path = new URL(c.req.url).pathname
    if (isLoginPath(path)) {
      c.set('accessActor', access ?? null)
      return next()
    }
    const signedIn = await sessionFor(c, access)
    if (!signedIn) {
      const back = unsafe ? ADMIN_PAGES : safeNext(path)
      const query = back === ADMIN_PAGES ? '' : `?next=${encodeURIComponent(back)}`
      return c.redirect(`${LOGIN_PATH}${query}`, 303)
    }
    const { session, actor } = signedIn
    if (unsafe) {
      let upload: Awaited<ReturnType<typeof readAdminMultipart>>
      try {
        upload = isMultipart(c.req.header('content-type'))
          ? await readAdminMultipart(c.req.raw)
          : { fields: await readAdminForm(c), files: {} }
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 413)) throw err
        return c.text('The upload is too large. Go back and choose a smaller file.', 413)
      }
      const form = upload.fields
      if (!csrfMatches(form[CSRF_FIELD], session.csrf)) {
        return c.text('This form has expired. Go back, reload the page and try again.', 403)
      }
      c.set('form', form)
      c.set('files', upload.files)
    }
    setActor(c, actor, 'session', session.csrf)
    await next()
  }
}
