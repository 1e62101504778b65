/**
 * Picks the UI language: `?lang=`, then the `lang` cookie, then `Accept-Language`, then English.
 * An explicit `?lang=` is remembered in the cookie.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { AppEnv, Lang } from '../../env.ts'
import { fromAcceptLanguage, isLang } from '../../lib/i18n.ts'

interface Negotiated {
  lang: Lang
  /** The answer must set the `lang` cookie: the query names a language the cookie does not. */
  remember: boolean
}

/**
 * The request's language, and whether the answer must remember it in a cookie. Without
 * `cookie` (the widget, in a partner's page) the cookie is neither read nor set.
 */
export function negotiateLang(c: Context, { cookie: useCookie = true } = {}): Negotiated {
  // Most requests have no query string: do not parse one.
  const query = c.req.url.includes('?') ? c.req.query('lang') : undefined
  const cookie = useCookie && c.req.header('cookie') ? getCookie(c, 'lang') : undefined
  if (isLang(query)) return { lang: query, remember: useCookie && query !== cookie }
  if (isLang(cookie)) return { lang: cookie, remember: false }
  return { lang: fromAcceptLanguage(c.req.header('accept-language')) ?? 'en', remember: false }
}

export function language(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { lang, remember } = negotiateLang(c)
    c.set('lang', lang)
    await next()
    if (remember) {
      setCookie(c, 'lang', lang, {
        path: '/',
        maxAge: 60 * 60 * 24 * 365,
        sameSite: 'Lax',
        secure: new URL(c.req.url).protocol === 'https:',
      })
    }
    // On the response itself: `c.header()` after `next()` copies the whole response first
    // (Hono's finalized path), which was a few per cent of a signature's CPU.
    c.res.headers.append('Vary', 'Accept-Language, Cookie')
  }
}
