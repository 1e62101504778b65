/** Builds the Hono app: middleware, error mapping, route mounting. */
import { Hono, type MiddlewareHandler } from 'hono'
import type { AppEnv } from './env.ts'
import { translator } from './i18n/index.ts'
import { ApiError } from './lib/errors.ts'
import { log } from './lib/log.ts'
import { pageContext } from './lib/page.ts'
import { suggestCountry } from './middleware/country-hint/index.ts'
import { language } from './middleware/language/index.ts'
import { pageCache } from './middleware/page-cache/index.ts'
import { carryBookmark, replicaReads } from './middleware/read-replica/index.ts'
import { securityHeaders } from './middleware/security-headers/index.ts'
import { adminApi, adminPages } from './routes/admin/index.ts'
import { campaignsApi } from './routes/api/campaigns.ts'
import { submissionsApi } from './routes/api/submissions.ts'
import { consentPages } from './routes/consent.tsx'
import { dev } from './routes/dev.ts'
import { embed, noCookiesOnEmbed } from './routes/embed.tsx'
import { media } from './routes/media.ts'
import { organisationPages } from './routes/organisations.tsx'
import { pages } from './routes/pages.tsx'
import { signing } from './routes/signing.tsx'
import { verify } from './routes/verify.tsx'
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

const isLinkPage = (path: string) => path.startsWith('/confirm/') || path.startsWith('/remove/')

/**
 * Answers no cache may keep: every answer to a write on the API (the 202 and the errors
 * included), and the pages a mailed link opens, whose form carries the link's token (and which
 * send no Referer, so the token never leaves in one).
 */
function privateAnswers(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    const path = c.req.path
    const write = c.req.method !== 'GET' && c.req.method !== 'HEAD'
    if ((write && isApi(path)) || isLinkPage(path)) c.res.headers.set('Cache-Control', 'no-store')
    if (isLinkPage(path)) c.res.headers.set('Referrer-Policy', 'no-referrer')
  }
}

export function newApp() {
  const app = new Hono<AppEnv>()
  // Public pages and counts: a cached answer is whole (security headers included), so the
  // cache comes first and a hit runs nothing else.
  // A campaign page's form suggests the signer's country, per request (see country-hint).
  for (const path of CACHED_PAGES) {
    app.use(path, pageCache(path === '/campaigns/:slug' ? { personalise: suggestCountry } : {}))
  }
  // The widget's language never comes from the cookie (see routes/embed.tsx).
  app.use('/embed/:slug', pageCache({ langCookie: false }))
  // Outside securityHeaders(), so its own Referrer-Policy is the one replaced on link pages.
  app.use(privateAnswers())
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
  app.route('/', verify)
  app.route('/organisations', organisationPages)
  app.route('/consent', consentPages)
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
    return c.text(translator(c.get('lang') ?? 'en')('serverError'), 500)
  })
  return app
}
