/** The page frame: skip link, header with language switch, main landmark, footer. */
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { LANGS, type Lang } from '../env.ts'
import type { Translate } from '../lib/i18n.ts'
import { type SocialMeta, SocialMetaTags } from './social-meta.tsx'

const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', ru: 'Русский' }

export interface PageContext {
  lang: Lang
  t: Translate
  /** Path and query of the current page, for the language switch. */
  path: string
}

function withLang(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x')
  url.searchParams.set('lang', lang)
  return `${url.pathname}${url.search}`
}

export function Layout(props: {
  ctx: PageContext
  title: string
  description?: string
  /** Open Graph and Twitter card tags, for pages worth sharing. */
  social?: SocialMeta
  children: Child
}) {
  const { ctx, title, description, social, children } = props
  const { t, lang } = ctx
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title === t('siteName') ? title : `${title} · ${t('siteName')}`}</title>
          {description ? <meta name="description" content={description} /> : null}
          {social ? <SocialMetaTags meta={social} lang={lang} siteName={t('siteName')} /> : null}
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/app.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            {t('skipToContent')}
          </a>
          <header class="site-header">
            <a class="brand" href="/">
              {t('siteName')}
            </a>
            <nav aria-label={t('language')} class="lang-switch">
              <ul>
                {LANGS.map((l) => (
                  <li>
                    {l === lang ? (
                      <span aria-current="true" lang={l}>
                        {LANGUAGE_NAMES[l]}
                      </span>
                    ) : (
                      <a href={withLang(ctx.path, l)} lang={l} hreflang={l}>
                        {LANGUAGE_NAMES[l]}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          </header>
          <main id="main" tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <p>{t('footer')}</p>
          </footer>
        </body>
      </html>
    </>
  )
}

/** A labelled progress bar towards the goal, readable without CSS. */
export function Progress(props: { ctx: PageContext; confirmed: number; goal: number }) {
  const { ctx, confirmed, goal } = props
  const pct = Math.min(100, Math.round((confirmed / Math.max(goal, 1)) * 100))
  const label = ctx.t('signaturesOf', {
    count: new Intl.NumberFormat(ctx.lang).format(confirmed),
    goal: new Intl.NumberFormat(ctx.lang).format(goal),
  })
  return (
    <div class="progress">
      <p class="progress-count" data-count={confirmed}>
        {label}
      </p>
      <progress max={goal} value={Math.min(confirmed, goal)} aria-label={ctx.t('progressLabel')}>
        {pct}%
      </progress>
    </div>
  )
}
