/** The per-request context every page view takes. */
import type { Context } from 'hono'
import type { AppEnv } from '../env.ts'
import type { PageContext } from '../views/layout.tsx'
import { translator } from './i18n.ts'

export function pageContext(c: Context<AppEnv>): PageContext {
  const url = new URL(c.req.url)
  url.searchParams.delete('lang')
  const lang = c.get('lang')
  return { lang, t: translator(lang), path: `${url.pathname}${url.search}` }
}
