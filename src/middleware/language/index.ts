/**
 * Picks the UI language: `?lang=`, then the `lang` cookie, then `Accept-Language`, then English.
 * An explicit `?lang=` is remembered in the cookie.
 */
import type { MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { AppEnv, Lang } from '../../env.ts'
import { fromAcceptLanguage, isLang } from '../../lib/i18n.ts'

export function language(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const query = c.req.query('lang')
    const cookie = getCookie(c, 'lang')
    let lang: Lang
    if (isLang(query)) lang = query
    else if (isLang(cookie)) lang = cookie
    else lang = fromAcceptLanguage(c.req.header('accept-language')) ?? 'en'
    c.set('lang', lang)
    await next()
    if (isLang(query) && query !== cookie) {
      setCookie(c, 'lang', query, {
        path: '/',
        maxAge: 60 * 60 * 24 * 365,
        sameSite: 'Lax',
        secure: new URL(c.req.url).protocol === 'https:',
      })
    }
    c.header('Vary', 'Accept-Language, Cookie', { append: true })
  }
}
