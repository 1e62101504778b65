/** The page frame: skip link, header with language switch, main landmark, footer. */
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { LANGS, type Lang } from '../env.ts'
import { catalogue, catalogues } from '../i18n/index.ts'
import type { Translate } from '../lib/i18n.ts'
import { type SocialMeta, SocialMetaTags } from './social-meta.tsx'

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
  /** The page answers a form with errors: its title starts "Error:" (read first on load). */
  error?: boolean
  /** Open Graph and Twitter card tags, for pages worth sharing. */
  social?: SocialMeta
  children: Child
}) {
  const { ctx, title, description, social, children } = props
  const { t, lang } = ctx
  const full = title === t('siteName') ? title : `${title} · ${t('siteName')}`
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.error ? `${t('errorTitlePrefix')}${full}` : full}</title>
          {description ? <meta name="description" content={description} /> : null}
          <link rel="icon" href="/favicon.ico" sizes="32x32" />
          <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
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
                        {catalogues[l].languageName}
                      </span>
                    ) : (
                      <a href={withLang(ctx.path, l)} lang={l} hreflang={l}>
                        {catalogues[l].languageName}
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

/** Round numbers a campaign passes on its way to the goal. */
const MILESTONES = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000]

/** The next round number above `confirmed` and below the goal, if any. */
export function nextMilestone(confirmed: number, goal: number): number | undefined {
  const next = MILESTONES.find((m) => m > confirmed)
  return next !== undefined && next < goal ? next : undefined
}

/**
 * The narrowest bar shown for a count above zero, in percent of the track: one signature out
 * of 10,000 is still a mark a person can see.
 */
export const MIN_BAR_PERCENT = 3

/**
 * A labelled progress bar towards the goal, readable without CSS: the count in words, and an
 * SVG bar (sized by attributes: the pages' CSP allows no inline styles) with a minimum visible
 * width, so a young campaign does not look empty. With `milestone`, low counts also name the
 * next round number to reach.
 */
export function Progress(props: {
  ctx: PageContext
  confirmed: number
  goal: number
  milestone?: boolean
}) {
  const { ctx, confirmed, goal } = props
  const fmt = new Intl.NumberFormat(ctx.lang)
  const pct = Math.min(100, (confirmed / Math.max(goal, 1)) * 100)
  const width = confirmed > 0 ? Math.max(MIN_BAR_PERCENT, Math.round(pct * 10) / 10) : 0
  const label = catalogue(ctx.lang).signaturesOf({
    count: fmt.format(confirmed),
    goal,
    goalText: fmt.format(goal),
  })
  const next = props.milestone ? nextMilestone(confirmed, goal) : undefined
  return (
    <div class="progress">
      <p class="progress-count" data-count={confirmed}>
        {label}
        {next !== undefined ? (
          <span class="milestone">
            {' '}
            — {ctx.t('nextMilestone', { milestone: fmt.format(next) })}
          </span>
        ) : null}
      </p>
      <div
        class="progress-bar"
        role="progressbar"
        aria-label={ctx.t('progressLabel')}
        aria-valuemin={0}
        aria-valuemax={goal}
        aria-valuenow={Math.min(confirmed, goal)}
        aria-valuetext={label}
      >
        <svg viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect class="track" width="100" height="4" fill="#e3e3e3" />
          <rect class="fill" width={width} height="4" fill="#8a1c1c" />
        </svg>
      </div>
    </div>
  )
}
