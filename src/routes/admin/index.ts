/**
 * The admin area: the JSON API (mounted at `/api/v1/admin`) and the pages for people (mounted at
 * `/admin`). Every route added to these routers is behind the admin guard. Add sub-apps here,
 * in this module: `app.route()` in src/app.ts copies the routes that exist when it runs, so a
 * route added later from elsewhere would never be served.
 */
import { Hono } from 'hono'
import { contextStorage } from 'hono/context-storage'
import { type AdminEnv, requireAdmin, requireAdminPage } from '../../middleware/admin-auth/index.ts'
import { auditAdminApi } from './audit.ts'
import { blocklistAdminApi } from './blocklist.ts'
import { campaignRecordApi } from './campaign-record.ts'
import { campaignsAdminApi } from './campaigns.ts'
import { deliveriesApi, deliveryPages } from './deliveries.tsx'
import { exportsApi } from './exports.ts'
import { invalidationsAdminApi } from './invalidations.ts'
import { moderationAdminApi } from './moderation.ts'
import { organisationsAdminApi } from './organisations.ts'
import { authPages } from './pages/auth.tsx'
import { blocklistPages } from './pages/blocklist.tsx'
import { campaignRecordPages } from './pages/campaign-record.tsx'
import { campaignPages } from './pages/campaigns.tsx'
import { dashboardPages } from './pages/dashboard.tsx'
import { pageError } from './pages/errors.tsx'
import { importPages } from './pages/import.tsx'
import { invalidationPages } from './pages/invalidations.tsx'
import { peoplePages } from './pages/people.tsx'
import { reviewPages } from './pages/review.tsx'
import { talliesApi } from './tallies.ts'

/** `/api/v1/admin/*`: Bearer token or admin session (+ CSRF on writes); 401 JSON otherwise. */
export const adminApi = new Hono<AdminEnv>()
adminApi.use(requireAdmin())
adminApi.route('/', talliesApi)
adminApi.route('/', exportsApi)
adminApi.route('/', deliveriesApi)
adminApi.route('/', campaignsAdminApi)
adminApi.route('/', campaignRecordApi)
adminApi.route('/', moderationAdminApi)
adminApi.route('/', blocklistAdminApi)
adminApi.route('/', invalidationsAdminApi)
adminApi.route('/', auditAdminApi)
adminApi.route('/', organisationsAdminApi)

/**
 * `/admin/*`: the login page is open, everything else needs a session (else a redirect). A
 * service's 403 or 404 becomes a page; other refusals stay plain text. They are in the language
 * negotiated like the public pages' (`?lang=`, the `lang` cookie, `Accept-Language`).
 */
export const adminPages = new Hono<AdminEnv>()
// The pages' text follows the request's language (views/admin/text.ts reads it from here).
adminPages.use(contextStorage())
adminPages.use(requireAdminPage())
adminPages.onError(pageError)
adminPages.route('/', authPages)
adminPages.route('/', dashboardPages)
adminPages.route('/', campaignPages)
adminPages.route('/', campaignRecordPages)
adminPages.route('/', importPages)
adminPages.route('/', reviewPages)
adminPages.route('/', blocklistPages)
adminPages.route('/', invalidationPages)
adminPages.route('/', deliveryPages)
adminPages.route('/', peoplePages)
