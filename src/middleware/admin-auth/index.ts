/**
 * Organiser access. The admin API takes `Authorization: Bearer <ADMIN_TOKEN>` (compared in
 * constant time) or the session cookie of the `/admin` pages (writes then need the session's
 * CSRF token and our own origin); anything else is a 401 in the API's error shape, never a
 * redirect. The pages redirect to the login page instead. Behind Cloudflare Access, a valid
 * Access assertion is required on top, and the audit log names its subject, not "admin".
 */
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv, Env } from '../../env.ts'
import { timingSafeEqual } from '../../lib/crypto.ts'
import { ApiError } from '../../lib/errors.ts'
import { ACCESS_HEADER, accessConfigured, verifyAccessJwt } from './access.ts'
import { isMultipart, readAdminForm, readAdminMultipart } from './body.ts'
import { csrfMatches, isSameOrigin, isUnsafe } from './origin.ts'
import { currentSession } from './session.ts'

export { createSession, endSession } from './session.ts'

/** Where the pages are mounted; the login page is the one page open without a session. */
export const ADMIN_PAGES = '/admin'
export const LOGIN_PATH = `${ADMIN_PAGES}/login`
/** The header the pages' scripts send the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token'
/** The hidden form field carrying it. */
export const CSRF_FIELD = '_csrf'

/** Who is acting and how they got in. */
export interface AdminIdentity {
  /** `admin`, or `access:<subject id>` behind Cloudflare Access: what the audit log records. */
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

/** A session that belongs to whoever Access says is asking (a copied cookie does not travel). */
async function sessionFor(c: Context<AdminEnv>, access: string | undefined) {
  const session = await currentSession(c)
  if (!session || (access !== undefined && session.actor !== access)) return null
  return session
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
      if (!isAdminToken(c.env, bearerToken(authorization))) {
        c.header('WWW-Authenticate', 'Bearer realm="standwith admin"')
        throw unauthorized('A valid admin bearer token is required.')
      }
      c.set('admin', { actor: access ?? 'admin', via: 'token' })
      return next()
    }
    const session = await sessionFor(c, access)
    if (!session) {
      c.header('WWW-Authenticate', 'Bearer realm="standwith admin"')
      throw unauthorized('A valid admin bearer token or admin session is required.')
    }
    if (isUnsafe(c.req.method)) {
      if (!isSameOrigin(c)) throw new ApiError(403, 'cross_origin', 'Cross-origin request refused.')
      if (!csrfMatches(c.req.header(CSRF_HEADER), session.csrf)) {
        throw new ApiError(403, 'csrf', 'A valid CSRF token is required.')
      }
    }
    c.set('admin', { actor: session.actor, via: 'session', csrf: session.csrf })
    await next()
  }
}

/** A safe place to return to after logging in: an admin page, nothing else. */
export function safeNext(path: string | undefined): string {
  return path && /^\/admin(\/[A-Za-z0-9/_.-]*)?$/.test(path) && !path.includes('//')
    ? path
    : ADMIN_PAGES
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
    if (path === LOGIN_PATH) {
      c.set('accessActor', access ?? null)
      return next()
    }
    const session = await sessionFor(c, access)
    if (!session) {
      const back = unsafe ? ADMIN_PAGES : safeNext(path)
      const query = back === ADMIN_PAGES ? '' : `?next=${encodeURIComponent(back)}`
      return c.redirect(`${LOGIN_PATH}${query}`, 303)
    }
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
    c.set('admin', { actor: session.actor, via: 'session', csrf: session.csrf })
    await next()
  }
}
