/**
 * The organisers' pages' text, from the catalogue (`src/i18n/`), in the request's language:
 * negotiated like the public pages (`?lang=`, the `lang` cookie, `Accept-Language`; see
 * middleware/language). The admin router runs `contextStorage()`, so views and handlers read
 * the request's language here instead of having it threaded through every prop. Outside a
 * request (a unit test rendering a view) the text is English.
 */
import { getContext } from 'hono/context-storage'
import type { AppEnv, Lang } from '../../env.ts'
import { type Catalogue, catalogue } from '../../i18n/index.ts'

/** The language of the admin page being answered. */
export function adminLang(): Lang {
  try {
    return getContext<AppEnv>().get('lang') ?? 'en'
  } catch {
    return 'en'
  }
}

/** The admin section of the catalogue in the request's language. */
export function adminText(): Catalogue['admin'] {
  return catalogue(adminLang()).admin
}

/**
 * The current admin page in `lang`, for the language switch. A form's answer (a POST) links to
 * the dashboard instead: its URL does not answer a GET.
 */
export function adminPageIn(lang: Lang): string {
  let path = '/admin'
  try {
    const c = getContext<AppEnv>()
    if (c.req.method === 'GET') {
      const url = new URL(c.req.url)
      url.searchParams.set('lang', lang)
      return `${url.pathname}${url.search}`
    }
  } catch {
    // Outside a request: the dashboard.
  }
  path += `?lang=${lang}`
  return path
}
