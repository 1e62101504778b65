/**
 * The admin area: the JSON API (mounted at `/api/v1/admin`) and the pages for people (mounted at
 * `/admin`). Every route added to these routers is behind the admin guard. Add sub-apps here,
 * in this module: `app.route()` in src/app.ts copies the routes that exist when it runs, so a
 * route added later from elsewhere would never be served.
 */
import { Hono } from 'hono'
import { type AdminEnv, requireAdmin, requireAdminPage } from '../../middleware/admin-auth/index.ts'

/** `/api/v1/admin/*`: Bearer token or admin session (+ CSRF on writes); 401 JSON otherwise. */
export const adminApi = new Hono<AdminEnv>()
adminApi.use(requireAdmin())

/** `/admin/*`: the login page is open, everything else needs a session (else a redirect). */
export const adminPages = new Hono<AdminEnv>()
adminPages.use(requireAdminPage())
