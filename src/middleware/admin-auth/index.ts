/**
 * Organiser access for the admin API: `Authorization: Bearer <ADMIN_TOKEN>`, compared in
 * constant time. Anything else is a 401 in the API's error shape, never a redirect.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv, Env } from '../../env.ts'
import { timingSafeEqual } from '../../lib/crypto.ts'
import { ApiError } from '../../lib/errors.ts'

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i)
  return match?.[1] ?? null
}

export function requireAdminToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (!token || !c.env.ADMIN_TOKEN || !timingSafeEqual(token, c.env.ADMIN_TOKEN)) {
      c.header('WWW-Authenticate', 'Bearer realm="standwith admin"')
      throw new ApiError(401, 'unauthorized', 'A valid admin bearer token is required.')
    }
    c.header('Cache-Control', 'no-store')
    await next()
  }
}

/** Who is acting: `admin` (token or session) or `access:<subject id>` behind Cloudflare Access. */
export interface AdminIdentity {
  actor: string
}

/** Hono's environment for admin routes: the identity is set by the guard. */
export interface AdminEnv {
  Bindings: Env
  Variables: AppEnv['Variables'] & { admin: AdminIdentity }
}

/** Guard of the admin API. */
export function requireAdmin(): MiddlewareHandler<AdminEnv> {
  const token = requireAdminToken()
  return async (c, next) => {
    c.set('admin', { actor: 'admin' })
    await token(c as never, next)
  }
}

/** Guard of the admin pages. */
export function requireAdminPage(): MiddlewareHandler<AdminEnv> {
  return requireAdmin()
}
