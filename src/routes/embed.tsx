/**
 * The embeddable widget: `GET /embed.js` (the loader partners paste), `GET /embed/:slug` (the
 * widget document in their iframe), its sign form and its thank-you state. Framing is allowed
 * anywhere, or only on the campaign's partner origins; no response here sets a cookie: the
 * thank-you state of an accepted signature is the answer to the form's POST itself, and its
 * "send again" form carries the sealed receipt (src/lib/thanks-receipt.ts) in a hidden field.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { etag } from 'hono/etag'
import { type Campaign, findCampaign } from '../db/campaigns.ts'
import { createDb } from '../db/client.ts'
import { LOADER_JS } from '../embed/loader.ts'
import type { AppEnv, Lang } from '../env.ts'
import { clientIp } from '../lib/client-ip.ts'
import { ApiError } from '../lib/errors.ts'
import { toFieldErrors } from '../lib/field-errors.ts'
import { isLang } from '../lib/i18n.ts'
import { pageContext } from '../lib/page.ts'
import { openReceipt, type Receipt, sealReceipt } from '../lib/thanks-receipt.ts'
import { readForm } from '../middleware/body/index.ts'
import { negotiateLang } from '../middleware/language/index.ts'
import { FRAME_ANCESTORS_HEADER } from '../middleware/security-headers/index.ts'
import { newReceipt, resendConfirmation, sign } from '../services/signing.ts'
import type { SignFormValues } from '../views/sign-form.tsx'
import { type WidgetLook, WidgetNotFound, WidgetPage, type WidgetState } from '../views/widget.tsx'
import { formToSignature, thanksMail } from './signing.tsx'

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const HEX_COLOUR = /^(?:[0-9a-f]{3}|[0-9a-f]{6})$/i

let loaderEtag: Promise<string> | undefined

function etagOf(text: string): Promise<string> {
  return crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(text))
    .then(
      (d) =>
        `"${[...new Uint8Array(d, 0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`,
    )
}

/**
 * The form, or null when it is over the body limit (a 413 for a form is a page, not JSON); an
 * unreadable body is an empty form, re-rendered with its errors.
 */
async function formOrTooLarge(c: Context<AppEnv>): Promise<Record<string, string> | null> {
  try {
    return await readForm(c)
  } catch (err) {
    if (err instanceof ApiError && err.status === 413) return null
    // An unreadable body is a form with nothing in it: it is shown again with its errors.
    if (err instanceof ApiError && err.status === 400) return {}
    throw err
  }
}

const isEmbedPath = (path: string) => path === '/embed.js' || path.startsWith('/embed/')

/**
 * Strips `Set-Cookie` from every `/embed*` response. Mounted before the language middleware
 * (which remembers `?lang=` in a cookie): the widget lives in third-party iframes, where
 * cookies are often blocked, so it neither needs nor sets any.
 */
export function noCookiesOnEmbed(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    if (isEmbedPath(c.req.path)) c.res.headers.delete('set-cookie')
  }
}

/**
 * The `frame-ancestors` value for a campaign: anywhere when it lists no partner origins, else
 * only those. Entries that are not plain http(s) origins are dropped (they would otherwise be
 * written into the CSP header); a list with nothing usable in it allows no one.
 */
export function frameAncestors(allowedOrigins: readonly unknown[]): string {
  if (allowedOrigins.length === 0) return '*'
  const origins = allowedOrigins.flatMap((entry) => {
    if (typeof entry !== 'string') return []
    let url: URL
    try {
      url = new URL(entry)
    } catch {
      return []
    }
    const plain =
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !url.username &&
      !url.password
    return plain ? [url.origin] : []
  })
  return origins.length ? [...new Set(origins)].join(' ') : "'none'"
}

/** `?lang=`, then `Accept-Language`: never the cookie, which a third-party frame rarely gets. */
function widgetLang(c: Context<AppEnv>): Lang {
  return negotiateLang(c, { cookie: false }).lang
}

function widgetLook(c: Context<AppEnv>): WidgetLook {
  const theme = c.req.query('theme')
  const accent = c.req.query('accent')
  return {
    theme: theme === 'light' || theme === 'dark' ? theme : undefined,
    accent: accent && HEX_COLOUR.test(accent) ? `#${accent.toLowerCase()}` : undefined,
  }
}

/** The query that keeps the language and look from the widget to its form post and thanks. */
function widgetQuery(lang: Lang, look: WidgetLook): string {
  const params = new URLSearchParams({ lang })
  if (look.theme) params.set('theme', look.theme)
  if (look.accent) params.set('accent', look.accent.slice(1))
  return `?${params}`
}

function frameable(c: Context<AppEnv>, ancestors: string) {
  c.header(FRAME_ANCESTORS_HEADER, ancestors)
  // Nothing here is private to this origin. (A host page with `Cross-Origin-Embedder-Policy:
  // require-corp` also needs a COEP on the frame, which is not sent: Turnstile could not load.)
  c.header('Cross-Origin-Resource-Policy', 'cross-origin')
}

function notFound(c: Context<AppEnv>) {
  // Nothing about any campaign is in this document, so any page may frame it.
  frameable(c, '*')
  return c.html(<WidgetNotFound ctx={pageContext(c)} look={widgetLook(c)} />, 404)
}

/**
 * The thank-you state of a signer's receipt: an answer to a POST, private and never stored,
 * whose resend form posts the receipt sealed again.
 */
async function renderThanks(c: Context<AppEnv>, campaign: Campaign, receipt: Receipt) {
  const sealed = await sealReceipt(c.env.EMAIL_PEPPER, `widget:${campaign.slug}`, receipt)
  const action = `/embed/${campaign.slug}/thanks${widgetQuery(c.get('lang'), widgetLook(c))}`
  c.header('Cache-Control', 'private, no-store')
  return renderWidget(c, campaign, {
    kind: 'thanks',
    mail: thanksMail(c.env, receipt, action, { receipt: sealed }),
  })
}

function renderWidget(
  c: Context<AppEnv>,
  campaign: Campaign,
  state: WidgetState,
  status: 200 | 410 | 413 | 422 | 429 = 200,
) {
  const ctx = pageContext(c)
  const look = widgetLook(c)
  const query = widgetQuery(ctx.lang, look)
  frameable(c, frameAncestors(campaign.allowedOrigins))
  return c.html(
    <WidgetPage
      ctx={ctx}
      look={look}
      campaign={campaign}
      campaignUrl={`${c.env.PUBLIC_ORIGIN}/campaigns/${campaign.slug}?lang=${ctx.lang}`}
      action={`/embed/${campaign.slug}/sign${query}`}
      state={state}
    />,
    status,
  )
}

/** The campaign, with the partner signed through (`?partner=` or the form's field) if active. */
async function lookup(c: Context<AppEnv>, partner?: string): Promise<Campaign | null> {
  const slug = c.req.param('slug') ?? ''
  if (!SLUG.test(slug) || slug.length > 80) return null
  return findCampaign(createDb(c.env.DB), slug, c.get('lang'), { partner })
}

export const embed = new Hono<AppEnv>()
  // Hono's etag() answers If-None-Match (a list, a weak tag, `*`) with a 304; it takes our
  // tag, computed once per isolate, instead of hashing the script on every request.
  .get('/embed.js', etag(), async (c) => {
    loaderEtag ??= etagOf(LOADER_JS)
    c.header('Cache-Control', 'public, max-age=300')
    c.header('ETag', await loaderEtag)
    c.header('Cross-Origin-Resource-Policy', 'cross-origin')
    return c.body(LOADER_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' })
  })
  .use('/embed/*', async (c, next) => {
    c.set('lang', widgetLang(c))
    await next()
  })
  .get('/embed/:slug', async (c) => {
    const campaign = await lookup(c, c.req.query('partner'))
    if (!campaign) return notFound(c)
    return renderWidget(c, campaign, { kind: 'form', turnstileSiteKey: c.env.TURNSTILE_SITE_KEY })
  })
  // The form's POST URL reached by GET (a reload of an error): back to the widget's form.
  .get('/embed/:slug/sign', (c) => {
    const slug = c.req.param('slug')
    if (!SLUG.test(slug) || slug.length > 80) return notFound(c)
    return c.redirect(`/embed/${slug}${widgetQuery(c.get('lang'), widgetLook(c))}`, 302)
  })
  .post('/embed/:slug/sign', async (c) => {
    const form = await formOrTooLarge(c)
    // The form's hidden field carries the language the person saw.
    if (isLang(form?.lang)) c.set('lang', form.lang)
    const ctx = pageContext(c)
    if (!form) {
      const campaign = await lookup(c)
      if (!campaign) return notFound(c)
      return renderWidget(c, campaign, { kind: 'notice', title: ctx.t('tooLarge') }, 413)
    }
    const slug = c.req.param('slug')
    const input = formToSignature(form)
    const result = await sign(
      {
        env: c.env,
        waitUntil: (p) => c.executionCtx.waitUntil(p),
        clientIp: clientIp(c),
        lang: ctx.lang,
        source: 'widget',
      },
      slug,
      input,
    )
    const campaign = result.kind === 'not_found' ? null : await lookup(c, input.partner)
    if (!campaign) return notFound(c)
    if (result.kind === 'accepted') {
      return renderThanks(c, campaign, newReceipt(result.receipt, Date.now()))
    }
    const values: SignFormValues = { ...input, consent: input.consent === true }
    const turnstileSiteKey = c.env.TURNSTILE_SITE_KEY
    switch (result.kind) {
      case 'invalid':
        return renderWidget(
          c,
          campaign,
          {
            kind: 'form',
            values,
            turnstileSiteKey,
            errors: { form: ctx.t('errFormSummary'), ...toFieldErrors(ctx.t, result.problems) },
          },
          422,
        )
      case 'challenge_failed':
        return renderWidget(
          c,
          campaign,
          { kind: 'form', values, turnstileSiteKey, errors: { form: ctx.t('errChallenge') } },
          422,
        )
      case 'rate_limited':
        c.header('Retry-After', String(result.retryAfter))
        return renderWidget(
          c,
          campaign,
          { kind: 'notice', title: ctx.t('rateLimitedTitle'), text: ctx.t('rateLimitedText') },
          429,
        )
      case 'closed':
        return renderWidget(c, { ...campaign, status: 'closed' }, { kind: 'form' }, 410)
      case 'not_found':
        return notFound(c)
    }
  })
  .get('/embed/:slug/thanks', async (c) => {
    const campaign = await lookup(c)
    if (!campaign) return notFound(c)
    return renderWidget(c, campaign, { kind: 'thanks' })
  })
  // "Send the email again" from the widget's thank-you state; without a valid receipt, the
  // generic thank-you state.
  .post('/embed/:slug/thanks', async (c) => {
    const form = await formOrTooLarge(c)
    const campaign = await lookup(c)
    if (!campaign) return notFound(c)
    const receipt = await openReceipt(
      c.env.EMAIL_PEPPER,
      `widget:${campaign.slug}`,
      form?.receipt,
      Date.now(),
    )
    if (!receipt || receipt.c !== campaign.id) return renderWidget(c, campaign, { kind: 'thanks' })
    const result = await resendConfirmation(
      { env: c.env, waitUntil: (p) => c.executionCtx.waitUntil(p), clientIp: clientIp(c) },
      receipt,
    )
    if (result.kind === 'rate_limited') {
      const ctx = pageContext(c)
      c.header('Retry-After', String(result.retryAfter))
      return renderWidget(
        c,
        campaign,
        { kind: 'notice', title: ctx.t('rateLimitedTitle'), text: ctx.t('rateLimitedText') },
        429,
      )
    }
    return renderThanks(c, campaign, result.receipt)
  })
