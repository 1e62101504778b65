/** Builds the Hono app: middleware, error mapping, route mounting. */
import { Hono } from 'hono'
import type { AppEnv } from './env.ts'
import { ApiError } from './lib/errors.ts'
import { log } from './lib/log.ts'
import { pageContext } from './lib/page.ts'
import { language } from './middleware/language/index.ts'
import { pageCache } from './middleware/page-cache/index.ts'
import { carryBookmark, replicaReads } from './middleware/read-replica/index.ts'
import { securityHeaders } from './middleware/security-headers/index.ts'
import { adminApi, adminPages } from './routes/admin/index.ts'
import { campaignsApi } from './routes/api/campaigns.ts'
import { submissionsApi } from './routes/api/submissions.ts'
import { dev } from './routes/dev.ts'
import { embed, noCookiesOnEmbed } from './routes/embed.tsx'
import { media } from './routes/media.ts'
import { pages } from './routes/pages.tsx'
import { signing } from './routes/signing.tsx'
import { wellKnown } from './routes/well-known.ts'
import { NotFoundPage } from './views/not-found.tsx'

const isApi = (path: string) => path === '/api' || path.startsWith('/api/')

const CACHED_PAGES = [
  '/',
  '/campaigns/:slug',
  '/defenders/:slug',
  '/api/v1/campaigns',
  '/api/v1/campaigns/:slug',
  '/api/v1/campaigns/:slug/count',
]

export function newApp() {
  const app = new Hono<AppEnv>()
  // Public pages and counts: a cached answer is whole (security headers included), so the
  // cache comes first and a hit runs nothing else.
  for (const path of CACHED_PAGES) app.use(path, pageCache())
  // The widget's language never comes from the cookie (see routes/embed.tsx).
  app.use('/embed/:slug', pageCache({ langCookie: false }))
  app.use(securityHeaders())
  // Outside language(), which would remember the widget's ?lang= in a cookie.
  app.use(noCookiesOnEmbed())
  app.use(language())
  for (const path of CACHED_PAGES) app.use(path, replicaReads())
  // Where a person has just written, their next page reads start from their write.
  const bookmarks = carryBookmark({ except: ['/admin/login', '/admin/logout'] })
  for (const path of ['/confirm/:token', '/remove/:token', '/admin/*']) app.use(path, bookmarks)

  app.route('/', pages)
  app.route('/', signing)
  app.route('/', embed)
  app.route('/', media)
  app.route('/api/v1/campaigns', campaignsApi)
  app.route('/api/v1/campaigns', submissionsApi)
  app.route('/dev', dev)
  app.route('/', wellKnown)
  app.route('/api/v1/admin', adminApi)
  app.route('/admin', adminPages)

  app.notFound((c) => {
    if (isApi(c.req.path)) return c.json(new ApiError(404, 'not_found', 'No such endpoint.'), 404)
    return c.html(NotFoundPage({ ctx: pageContext(c) }), 404)
  })

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v)
      return c.json(err, err.status)
    }
    // Log the route pattern, never the URL: paths can carry tokens.
    log('error', 'unhandled', { route: c.req.routePath, method: c.req.method, error: String(err) })
    if (isApi(c.req.path)) {
      return c.json({ error: 'internal', message: 'Something went wrong on our side.' }, 500)
    }
    return c.text('Something went wrong on our side. Please try again.', 500)
  })
  return app
}
