/**
 * The embeddable widget (`/embed/:slug`, in a partner's iframe): defender, the first ask, the
 * count, the sign form or the thank-you state. One small stylesheet and one small script, both
 * from this origin; no cookies, no third-party requests.
 */
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { Campaign } from '../db/campaigns.ts'
import { countryName } from '../lib/countries.ts'
import { defenderStatus } from './campaign.tsx'
import { Outcome } from './campaign-record.tsx'
import { type PageContext, Progress } from './layout.tsx'
import { HostLine } from './organisation.tsx'
import { type FieldErrors, SignForm, type SignFormValues } from './sign-form.tsx'
import { ThanksContent, type ThanksMail } from './thanks.tsx'

/** Presentation chosen by the partner; validated by the route, kept through the form post. */
export interface WidgetLook {
  theme?: 'light' | 'dark'
  /** `#rrggbb` or `#rgb`. */
  accent?: string
}

function WidgetFrame(props: {
  ctx: PageContext
  look: WidgetLook
  title: string
  children: Child
}) {
  const { ctx, look, title, children } = props
  // Standards mode: in quirks mode the root is as tall as the frame, so it could never shrink.
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={ctx.lang} data-theme={look.theme ?? 'light'} data-accent={look.accent}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${title} · ${ctx.t('siteName')}`}</title>
          <link rel="stylesheet" href="/static/widget.css" />
          <script src="/static/widget.js" defer></script>
        </head>
        <body>
          <main class="widget">{children}</main>
        </body>
      </html>
    </>
  )
}

export type WidgetState =
  | { kind: 'form'; values?: SignFormValues; errors?: FieldErrors; turnstileSiteKey?: string }
  /** With `mail`, the signer's own thanks (the answer to their POST). */
  | { kind: 'thanks'; mail?: ThanksMail }
  | { kind: 'notice'; title: string; text?: string }

export function WidgetPage(props: {
  ctx: PageContext
  look: WidgetLook
  campaign: Campaign
  /** The full campaign page, opened in a new tab. */
  campaignUrl: string
  /** Where the form posts, with the look and language in its query. */
  action: string
  state: WidgetState
}) {
  const { ctx, look, campaign: c, campaignUrl, action, state } = props
  const { t, lang } = ctx
  const textLang = c.lang === lang ? undefined : c.lang
  const ask = c.asks[0]
  return (
    <WidgetFrame ctx={ctx} look={look} title={c.title}>
      <header class="w-head" lang={textLang}>
        <h1 id="w-campaign">{c.title}</h1>
        {c.defender ? (
          <p class="w-defender">
            <span lang={lang}>{t('defender')}:</span> {c.defender.name},{' '}
            <span lang={lang}>
              {countryName(lang, c.defender.country)} ({defenderStatus(ctx, c.defender.status)})
            </span>
          </p>
        ) : (
          <p class="w-defender">
            <span lang={lang}>{t('target')}:</span> {c.target}
          </p>
        )}
        {c.host ? (
          <div lang={lang}>
            <HostLine ctx={ctx} host={c.host} newTab />
          </div>
        ) : null}
      </header>
      {ask ? (
        <section class="w-ask" aria-labelledby="w-ask-title">
          <h2 id="w-ask-title">{t('theAsk')}</h2>
          <p lang={textLang}>{ask}</p>
        </section>
      ) : null}
      <Progress ctx={ctx} confirmed={c.confirmed} goal={c.goal} />
      {state.kind === 'thanks' ? (
        <section class="w-thanks" aria-labelledby="w-thanks-title">
          <h2 id="w-thanks-title">{t('thanksTitle')}</h2>
          <ThanksContent
            ctx={ctx}
            shareUrl={campaignUrl.replace(/\?.*$/, '')}
            title={c.title}
            signAgainHref={`${action.replace(/\/sign(\?|$)/, '$1')}`}
            mail={state.mail ?? null}
          />
        </section>
      ) : state.kind === 'notice' ? (
        <section class="w-notice" aria-labelledby="w-notice-title">
          <h2 id="w-notice-title">{state.title}</h2>
          {state.text ? <p>{state.text}</p> : null}
        </section>
      ) : c.status === 'open' ? (
        <SignForm
          ctx={ctx}
          action={action}
          values={state.values}
          errors={state.errors}
          turnstileSiteKey={state.turnstileSiteKey}
          idPrefix="w"
          host={c.host}
          partner={c.viaPartner}
        />
      ) : (
        <>
          <p class="closed">{t('closedCampaign')}</p>
          {c.outcome ? <Outcome ctx={ctx} outcome={c.outcome} /> : null}
        </>
      )}
      <p class="w-more">
        <a href={campaignUrl} target="_blank" rel="noopener">
          {t('embedFullCampaign')}
        </a>
      </p>
    </WidgetFrame>
  )
}

/** Unknown or unpublished campaign: a small document that still fits the partner's frame. */
export function WidgetNotFound(props: { ctx: PageContext; look: WidgetLook }) {
  const { ctx, look } = props
  return (
    <WidgetFrame ctx={ctx} look={look} title={ctx.t('notFoundTitle')}>
      <h1>{ctx.t('notFoundTitle')}</h1>
      <p>{ctx.t('notFoundText')}</p>
    </WidgetFrame>
  )
}
