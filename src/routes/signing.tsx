/** The HTML sign path: form posts, the thank-you page, messages, confirm and remove links. */
import { type Context, Hono } from 'hono'
import { confirmSignature, findByToken, removeSignature } from '../db/signatures.ts'
import { campaignForSigning } from '../db/signing-campaigns.ts'
import type { AppEnv, Lang } from '../env.ts'
import { clientIp } from '../lib/client-ip.ts'
import { sha256Hex } from '../lib/crypto.ts'
import { ApiError } from '../lib/errors.ts'
import { toFieldErrors } from '../lib/field-errors.ts'
import { isLang } from '../lib/i18n.ts'
import { pageContext } from '../lib/page.ts'
import { readForm } from '../middleware/body/index.ts'
import { forgetCampaign } from '../middleware/page-cache/index.ts'
import { postMessage } from '../services/messages.ts'
import { sign } from '../services/signing.ts'
import { NotFoundPage } from '../views/not-found.tsx'
import { ActionPage, NoticePage } from '../views/notice.tsx'
import { ShareLinks } from '../views/share.tsx'
import type { SignFormValues } from '../views/sign-form.tsx'
import { renderCampaignPage } from './pages.tsx'

const ticked = (v: string | undefined) => v === 'yes' || v === 'on' || v === 'true'

/** Form fields as the JSON API would receive them. */
export function formToSignature(form: Record<string, string>) {
  return {
    name: form.name ?? '',
    email: form.email ?? '',
    country: form.country ?? '',
    city: form.city || undefined,
    comment: form.comment || undefined,
    showName: ticked(form.showName),
    nameInDelivery: ticked(form.nameInDelivery),
    keepInformed: ticked(form.keepInformed),
    consent: ticked(form.consent) ? true : undefined,
    turnstileToken: form['cf-turnstile-response'] || undefined,
    website: form.website || undefined,
    lang: form.lang || undefined,
  }
}

/** A 413 for a form is a page, not JSON. */
async function formOrTooLarge(c: Context<AppEnv>) {
  try {
    return await readForm(c)
  } catch (err) {
    if (err instanceof ApiError && err.status === 413) return null
    throw err
  }
}

function tooLargePage(c: Context<AppEnv>) {
  const ctx = pageContext(c)
  return c.html(
    <NoticePage ctx={ctx} title={ctx.t('tooLarge')}>
      <p>
        <a href="/">{ctx.t('backHome')}</a>
      </p>
    </NoticePage>,
    413,
  )
}

function rateLimitedPage(c: Context<AppEnv>, retryAfter: number) {
  const ctx = pageContext(c)
  c.header('Retry-After', String(retryAfter))
  return c.html(
    <NoticePage ctx={ctx} title={ctx.t('rateLimitedTitle')}>
      <p>{ctx.t('rateLimitedText')}</p>
    </NoticePage>,
    429,
  )
}

function invalidLinkPage(c: Context<AppEnv>) {
  const ctx = pageContext(c)
  return c.html(
    <NoticePage ctx={ctx} title={ctx.t('linkInvalidTitle')}>
      <p>{ctx.t('linkInvalidText')}</p>
      <p>
        <a href="/">{ctx.t('backHome')}</a>
      </p>
    </NoticePage>,
    404,
  )
}

/** Looks a link token up; null when unknown, of the wrong purpose or expired. */
async function lookup(c: Context<AppEnv>, purpose: 'confirm' | 'remove') {
  const token = c.req.param('token') ?? ''
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const hash = await sha256Hex(token)
  const found = await findByToken(c.env.DB, hash)
  if (!found || found.purpose !== purpose || found.expiresAt < Date.now()) return null
  return { ...found, hash }
}

/**
 * The campaign's title in the page's language, from the same briefly cached row the signing
 * path reads (one query, often none).
 */
async function campaignTitle(c: Context<AppEnv>, slug: string, lang: Lang) {
  return (await campaignForSigning(c.env.DB, slug, lang))?.title ?? ''
}

/**
 * The page a mailed link opens: one button that POSTs. Mail scanners that prefetch links
 * change nothing.
 */
async function linkActionPage(c: Context<AppEnv>, purpose: 'confirm' | 'remove') {
  const found = await lookup(c, purpose)
  if (!found || found.status === 'removed') return invalidLinkPage(c)
  const ctx = pageContext(c)
  const title = await campaignTitle(c, found.campaignSlug, ctx.lang)
  const keys = {
    confirm: ['confirmTitle', 'confirmText', 'confirmButton'],
    remove: ['removeTitle', 'removeText', 'removeButton'],
  } as const
  const [heading, text, button] = keys[purpose]
  return c.html(
    <ActionPage
      ctx={ctx}
      title={ctx.t(heading)}
      text={ctx.t(text, { title })}
      action={`/${purpose}/${c.req.param('token')}`}
      button={ctx.t(button)}
    />,
  )
}

/**
 * A form's POST URL reached by GET (a reload from the address bar, the language switch of an
 * error page, a shared link) leads to the form on the campaign page, never to a 404.
 */
function toCampaignForm(c: Context<AppEnv>, anchor: string) {
  const lang = c.req.query('lang')
  const query = isLang(lang) ? `?lang=${lang}` : ''
  return c.redirect(
    `/campaigns/${encodeURIComponent(c.req.param('slug') ?? '')}${query}#${anchor}`,
    302,
  )
}

export const signing = new Hono<AppEnv>()
  .get('/campaigns/:slug/sign', (c) => toCampaignForm(c, 'sign-title'))
  .get('/campaigns/:slug/messages', (c) => toCampaignForm(c, 'message-title'))
  .post('/campaigns/:slug/sign', async (c) => {
    const slug = c.req.param('slug')
    const form = await formOrTooLarge(c)
    if (!form) return tooLargePage(c)
    const input = formToSignature(form)
    const result = await sign(
      {
        env: c.env,
        waitUntil: (p) => c.executionCtx.waitUntil(p),
        clientIp: clientIp(c),
        lang: c.get('lang'),
      },
      slug,
      input,
    )
    const ctx = pageContext(c)
    const values: SignFormValues = { ...input, consent: input.consent === true }
    switch (result.kind) {
      case 'accepted':
        return c.redirect(`/campaigns/${slug}/thanks`, 303)
      case 'invalid':
        return renderCampaignPage(
          c,
          slug,
          {
            values,
            errors: { form: ctx.t('errFormSummary'), ...toFieldErrors(ctx.t, result.problems) },
          },
          422,
        )
      case 'challenge_failed':
        return renderCampaignPage(c, slug, { values, errors: { form: ctx.t('errChallenge') } }, 422)
      case 'rate_limited':
        return rateLimitedPage(c, result.retryAfter)
      case 'closed':
        return renderCampaignPage(c, slug, {}, 410)
      case 'not_found':
        return c.html(<NotFoundPage ctx={ctx} />, 404)
    }
  })
  .get('/campaigns/:slug/thanks', async (c) => {
    const ctx = pageContext(c)
    const slug = c.req.param('slug')
    const campaign = await campaignForSigning(c.env.DB, slug, ctx.lang)
    if (!campaign) return c.html(<NotFoundPage ctx={ctx} />, 404)
    const { title } = campaign
    return c.html(
      <NoticePage ctx={ctx} title={ctx.t('thanksTitle')}>
        <p class="lead">{ctx.t('thanksText')}</p>
        <p>{ctx.t('thanksShare')}</p>
        <ShareLinks ctx={ctx} url={`${c.env.PUBLIC_ORIGIN}/campaigns/${slug}`} title={title} />
        <p>
          <a href={`/campaigns/${slug}`}>{title}</a>
        </p>
      </NoticePage>,
    )
  })
  .post('/campaigns/:slug/messages', async (c) => {
    const slug = c.req.param('slug')
    const form = await formOrTooLarge(c)
    if (!form) return tooLargePage(c)
    const ctx = pageContext(c)
    const input = { name: form.name, country: form.country, body: form.body, website: form.website }
    const result = await postMessage(c.env, clientIp(c), slug, input, ctx.lang)
    switch (result.kind) {
      case 'accepted':
        return c.redirect(`/campaigns/${slug}?message=sent#message-title`, 303)
      case 'invalid':
        return renderCampaignPage(
          c,
          slug,
          {
            message: {
              errors: toFieldErrors(ctx.t, result.problems),
              values: { name: form.name ?? '', body: form.body ?? '', country: form.country ?? '' },
            },
          },
          422,
        )
      case 'rate_limited':
        return rateLimitedPage(c, result.retryAfter)
      case 'closed':
        return renderCampaignPage(c, slug, {}, 410)
      case 'not_found':
        return c.html(<NotFoundPage ctx={ctx} />, 404)
    }
  })
  .get('/confirm/:token', (c) => linkActionPage(c, 'confirm'))
  .post('/confirm/:token', async (c) => {
    const found = await lookup(c, 'confirm')
    if (!found) return invalidLinkPage(c)
    const outcome = await confirmSignature(c.env.DB, found, found.hash, Date.now())
    if (outcome === 'gone') return invalidLinkPage(c)
    if (outcome === 'confirmed') await forgetCampaign(new URL(c.req.url).origin, found.campaignSlug)
    const ctx = pageContext(c)
    const title = await campaignTitle(c, found.campaignSlug, ctx.lang)
    const text =
      outcome === 'confirmed'
        ? ctx.t('confirmedText', { title })
        : outcome === 'held'
          ? ctx.t('heldText')
          : ctx.t('alreadyConfirmedText')
    return c.html(
      <NoticePage ctx={ctx} title={ctx.t('confirmedTitle')}>
        <p class="lead">{text}</p>
        <ShareLinks
          ctx={ctx}
          url={`${c.env.PUBLIC_ORIGIN}/campaigns/${found.campaignSlug}`}
          title={title}
        />
        <p>
          <a href={`/campaigns/${found.campaignSlug}`}>{title}</a>
        </p>
      </NoticePage>,
    )
  })
  .get('/remove/:token', (c) => linkActionPage(c, 'remove'))
  .post('/remove/:token', async (c) => {
    const found = await lookup(c, 'remove')
    if (!found || found.status === 'removed') return invalidLinkPage(c)
    await removeSignature(c.env.DB, found)
    await forgetCampaign(new URL(c.req.url).origin, found.campaignSlug)
    const ctx = pageContext(c)
    return c.html(
      <NoticePage ctx={ctx} title={ctx.t('removedTitle')}>
        <p class="lead">{ctx.t('removedText')}</p>
        <p>
          <a href={`/campaigns/${found.campaignSlug}`}>{ctx.t('backHome')}</a>
        </p>
      </NoticePage>,
    )
  })
