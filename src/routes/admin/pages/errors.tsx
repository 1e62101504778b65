/** The admin pages' answer to a refused or failed action: a page for people, not JSON. */
import type { Context } from 'hono'
import { ApiError } from '../../../lib/errors.ts'
import { log } from '../../../lib/log.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { AdminForbidden, AdminNotFound } from '../../../views/admin/not-found.tsx'
import { adminText } from '../../../views/admin/text.ts'

export function pageError(err: Error, c: Context<AdminEnv>) {
  const csrf = c.get('admin')?.csrf
  if (err instanceof ApiError) {
    if (err.status === 403) return c.html(<AdminForbidden csrf={csrf} />, 403)
    if (err.status === 404) return c.html(<AdminNotFound csrf={csrf} />, 404)
    return c.text(err.message, err.status)
  }
  // Log the route pattern, never the URL: paths can carry tokens.
  log('error', 'unhandled', { route: c.req.routePath, method: c.req.method, error: String(err) })
  return c.text(adminText().errors.server, 500)
}
