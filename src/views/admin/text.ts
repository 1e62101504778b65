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
  return `/admin?lang=${lang}`
}

type Checks = Catalogue['admin']['checks']

/**
 * A field's error in the page's language. The checks (`src/domain`) write their messages from
 * the English catalogue, the same for the forms and the JSON API; a page in another language
 * shows the same check from its own catalogue, found by the English text (a number in it, such
 * as a length limit, carried over). A message that is not a check stays as it is.
 */
export function checkText(message: string): string {
  const en = catalogue('en').admin.checks
  const local = adminText().checks
  if (local === en) return message
  for (const key of Object.keys(en) as (keyof Checks)[]) {
    const english = en[key]
    const translated = local[key]
    if (typeof english === 'string') {
      if (english === message) return translated as string
      continue
    }
    const shape = (english as (n: number) => string)(987654321)
    const [before = '', after = ''] = shape.split('987654321')
    if (message.startsWith(before) && message.endsWith(after)) {
      const n = message.slice(before.length, message.length - after.length)
      if (/^\d+$/.test(n)) return (translated as (n: number) => string)(Number(n))
    }
  }
  return message
}
