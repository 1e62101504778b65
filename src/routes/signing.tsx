/** The HTML sign path: form posts, the thank-you page, messages, confirm and remove links. */
import { type Context, Hono } from 'hono'
import { findByToken, removeSignature } from '../db/signatures.ts'
import { campaignForSigning } from '../db/signing-campaigns.ts'
import type { AppEnv, Lang } from '../env.ts'
import { clientIp } from '../lib/client-ip.ts'
import { sha256Hex } from '../lib/crypto.ts'
import { ApiError } from '../lib/errors.ts'
import { toFieldErrors } from '../lib/field-errors.ts'
import { isLang } from '../lib/i18n.ts'
import { pageContext } from '../lib/page.ts'
import {
  MAX_RESENDS,
  openReceipt,
  type Receipt,
  receiptCookie,
  sealReceipt,
  setReceiptCookie,
  thanksPath,
} from '../lib/thanks-receipt.ts'
import { readForm } from '../middleware/body/index.ts'
import { forgetCampaign } from '../middleware/page-cache/index.ts'
import { confirmWithConsents } from '../services/consents.ts'
import { postMessage } from '../services/messages.ts'
import { newReceipt, resendConfirmation, resendWaitMs, sign } from '../services/signing.ts'
import { NotFoundPage } from '../views/not-found.tsx'
import { ActionPage, NoticePage } from '../views/notice.tsx'
import { ShareLinks } from '../views/share.tsx'
import type { SignFormValues } from '../views/sign-form.tsx'
import { ThanksContent, type ThanksMail } from '../views/thanks.tsx'
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
    keepInformedByPartner: ticked(form.keepInformedByPartner),
    partner: form.partner || undefined,
    consent: ticked(form.consent) ? true : undefined,
    turnstileToken: form['cf-turnstile-response'] || undefined,
    website: form.website || undefined,
    lang: form.lang || undefined,
  }
}

/** A 413 for a form is a page, not JSON; an unreadable form is re-rendered empty (422). */
async function formOrTooLarge(c: Context<AppEnv>) {
  try {
    return await readForm(c)
  } catch (err) {
    if (err instanceof ApiError && err.status === 413) return null
    // An unreadable body is a form with nothing in it: it is shown again with its errors.
    if (err instanceof ApiError && err.status === 400) return {}
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

export function invalidLinkPage(c: Context<AppEnv>) {
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

/**
 * A mailed link's page speaks the language stored with the signature (the mail's), not the
 * browser's; only an explicit `?lang=` (the language switch) overrides it.
 */
export function speakSignerLang(c: Context<AppEnv>, lang: string): void {
  if (isLang(c.req.query('lang'))) return
  if (isLang(lang)) c.set('lang', lang)
}

/**
 * Looks a link token up; null when unknown, of the wrong purpose or expired. A known token
 * sets the page's language to the signature's.
 */
async function lookup(c: Context<AppEnv>, purpose: 'confirm' | 'remove') {
  const token = c.req.param('token') ?? ''
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const hash = await sha256Hex(token)
  const found = await findByToken(c.env.DB, hash)
  if (!found || found.purpose !== purpose || found.expiresAt < Date.now()) return null
  speakSignerLang(c, found.lang)
  return { ...found, hash }
}

/** A remove link used before: the signature is gone, and only its tombstone knew the link. */
export function removedLinkPage(c: Context<AppEnv>, slug: string) {
  const ctx = pageContext(c)
  return c.html(
    <NoticePage ctx={ctx} title={ctx.t('linkRemovedTitle')}>
      <p class="lead">{ctx.t('linkRemovedText')}</p>
      <p>
        <a href={`/campaigns/${slug}`}>{ctx.t('backHome')}</a>
      </p>
    </NoticePage>,
  )
}

/** What a confirm link says once the signature is confirmed (now, before, or held for review). */
async function confirmedPage(
  c: Context<AppEnv>,
  slug: string,
  outcome: 'confirmed' | 'held' | 'already',
) {
  const ctx = pageContext(c)
  const title = await campaignTitle(c, slug, ctx.lang)
  const text =
    outcome === 'confirmed'
      ? ctx.t('confirmedText', { title })
      : outcome === 'held'
        ? ctx.t('heldText')
        : ctx.t('alreadyConfirmedText')
  return c.html(
    <NoticePage ctx={ctx} title={ctx.t('confirmedTitle')}>
      <p class="lead">{text}</p>
      <ShareLinks ctx={ctx} url={`${c.env.PUBLIC_ORIGIN}/campaigns/${slug}`} title={title} />
      <p>
        <a href={`/campaigns/${slug}`}>{title}</a>
      </p>
    </NoticePage>,
  )
}

/**
 * The campaign's title in the page's language, from the same briefly cached row the signing
 * path reads (one query, often none).
 */
export async function campaignTitle(c: Context<AppEnv>, slug: string, lang: Lang) {
  return (await campaignForSigning(c.env.DB, slug, lang))?.title ?? ''
}

/**
 * The page a mailed link opens: one button that POSTs. Mail scanners that prefetch links
 * change nothing.
 */
async function linkActionPage(c: Context<AppEnv>, purpose: 'confirm' | 'remove') {
  const found = await lookup(c, purpose)
  if (!found) return invalidLinkPage(c)
  if (found.status === 'removed') return removedLinkPage(c, found.campaignSlug)
  if (purpose === 'confirm' && found.status === 'confirmed') {
    return confirmedPage(c, found.campaignSlug, 'already')
  }
  if (purpose === 'confirm' && found.status === 'held' && found.confirmedAt !== null) {
    return confirmedPage(c, found.campaignSlug, 'held')
  }
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
      action={`/${purpose}/${c.req.param('token')}${langQuery(c)}`}
      button={ctx.t(button)}
    />,
  )
}

/** `?lang=xx` when the request chose its language explicitly, so the form's answer keeps it. */
function langQuery(c: Context<AppEnv>): string {
  const lang = c.req.query('lang')
  return isLang(lang) ? `?lang=${lang}` : ''
}

/** The thank-you page, personalised by a valid receipt (never stored by any cache). */
async function thanksPage(c: Context<AppEnv>, receipt: Receipt | null) {
  const ctx = pageContext(c)
  const slug = c.req.param('slug') ?? ''
  const campaign = await campaignForSigning(c.env.DB, slug, ctx.lang)
  if (!campaign) return c.html(<NotFoundPage ctx={ctx} />, 404)
  c.header('Cache-Control', 'private, no-store')
  return c.html(
    <NoticePage ctx={ctx} title={ctx.t('thanksTitle')}>
      <ThanksContent
        ctx={ctx}
        shareUrl={`${c.env.PUBLIC_ORIGIN}/campaigns/${slug}`}
        title={campaign.title}
        signAgainHref={`/campaigns/${slug}#sign-title`}
        mail={
          receipt && receipt.c === campaign.id
            ? thanksMail(c.env, receipt, `${thanksPath(slug)}${langQuery(c)}`)
            : null
        }
      />
    </NoticePage>,
  )
}

/** What the thanks state shows of a receipt's mail, now. */
export function thanksMail(
  env: AppEnv['Bindings'],
  receipt: Receipt,
  action: string,
  hidden?: Record<string, string>,
): ThanksMail {
  const readyIn = Math.max(0, Math.ceil((receipt.s + resendWaitMs(env) - Date.now()) / 1000))
  return {
    masked: receipt.m,
    readyIn,
    resent: receipt.n > 0 && readyIn > 0,
    exhausted: receipt.n >= MAX_RESENDS,
    action,
    hidden,
  }
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
        source: 'page',
      },
      slug,
      input,
    )
    const ctx = pageContext(c)
    const values: SignFormValues = { ...input, consent: input.consent === true }
    switch (result.kind) {
      case 'accepted': {
        // The thanks page names the address (masked) and offers to send the mail again from a
        // sealed receipt in a cookie of its own path: never in the URL, never cached.
        const sealed = await sealReceipt(
          c.env.EMAIL_PEPPER,
          `page:${slug}`,
          newReceipt(result.receipt, Date.now()),
        )
        setReceiptCookie(c, slug, sealed)
        return c.redirect(thanksPath(slug), 303)
      }
      case 'invalid':
        return renderCampaignPage(
          c,
          slug,
          {
            values,
            partner: input.partner,
            errors: { form: ctx.t('errFormSummary'), ...toFieldErrors(ctx.t, result.problems) },
          },
          422,
        )
      case 'challenge_failed':
        return renderCampaignPage(
          c,
          slug,
          { values, partner: input.partner, errors: { form: ctx.t('errChallenge') } },
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
  .get('/campaigns/:slug/thanks', async (c) => {
    const slug = c.req.param('slug')
    const receipt = await openReceipt(
      c.env.EMAIL_PEPPER,
      `page:${slug}`,
      receiptCookie(c),
      Date.now(),
    )
    return thanksPage(c, receipt)
  })
  // "Send the email again": only with the receipt cookie (SameSite=Lax: never from another
  // site's form), after the wait, within the limits; then back to the thanks page.
  .post('/campaigns/:slug/thanks', async (c) => {
    const slug = c.req.param('slug')
    const back = () => c.redirect(`${thanksPath(slug)}${langQuery(c)}`, 303)
    const receipt = await openReceipt(
      c.env.EMAIL_PEPPER,
      `page:${slug}`,
      receiptCookie(c),
      Date.now(),
    )
    if (!receipt) return back()
    const result = await resendConfirmation(
      { env: c.env, waitUntil: (p) => c.executionCtx.waitUntil(p), clientIp: clientIp(c) },
      receipt,
    )
    if (result.kind === 'rate_limited') return rateLimitedPage(c, result.retryAfter)
    if (result.kind === 'resent') {
      setReceiptCookie(
        c,
        slug,
        await sealReceipt(c.env.EMAIL_PEPPER, `page:${slug}`, result.receipt),
      )
    }
    return back()
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
    if (found.status === 'removed') return removedLinkPage(c, found.campaignSlug)
    const outcome = await confirmWithConsents(c.env, found, Date.now())
    if (outcome === 'gone') return invalidLinkPage(c)
    if (outcome === 'confirmed') await forgetCampaign(new URL(c.req.url).origin, found.campaignSlug)
    return confirmedPage(c, found.campaignSlug, outcome)
  })
  .get('/remove/:token', (c) => linkActionPage(c, 'remove'))
  .post('/remove/:token', async (c) => {
    const found = await lookup(c, 'remove')
    if (!found) return invalidLinkPage(c)
    if (found.status === 'removed') return removedLinkPage(c, found.campaignSlug)
    // Only the request whose removal happened says "your signature was removed"; one that lost
    // a race finds the link used.
    if ((await removeSignature(c.env.DB, found)) === 'gone') {
      return removedLinkPage(c, found.campaignSlug)
    }
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
