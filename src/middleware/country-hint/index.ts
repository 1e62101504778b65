/**
 * A fresh sign form starts with the signer's likely country selected: where Cloudflare sees
 * the request come from (`request.cf.country`), else the region of the preferred language
 * (`ru-KZ` → Kazakhstan). The page is cached for everyone, so the choice is made on the way
 * out of the cache, per request, by marking one `<option>` of the campaign page's form; a form
 * re-rendered with the signer's own values (a 422, a POST) is never touched.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'
import { isCountryCode } from '../../lib/countries.ts'

/** The region of the best-ranked `Accept-Language` tag that names one (`ru-KZ` → `KZ`). */
export function regionOfAcceptLanguage(header: string | null | undefined): string | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const weight = q ? Number(q.slice(2)) : 1
      return { tag, weight: Number.isNaN(weight) ? 0 : weight, i }
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
  for (const { tag } of ranked) {
    // language[-script]-REGION…: the region is the first two-letter subtag after the language.
    const region = tag
      .split('-')
      .slice(1)
      .find((s) => /^[A-Za-z]{2}$/.test(s))
      ?.toUpperCase()
    if (region && isCountryCode(region)) return region
  }
  return undefined
}

/** The country to suggest for this request, if any. */
export function countryHint(request: Request): string | undefined {
  const cf = (request as { cf?: { country?: unknown } }).cf
  const country = typeof cf?.country === 'string' ? cf.country.toUpperCase() : ''
  // `XX` (unknown) and `T1` (Tor) are not countries.
  if (isCountryCode(country)) return country
  return regionOfAcceptLanguage(request.headers.get('accept-language'))
}

const CAMPAIGN_PAGE = /^\/campaigns\/[^/]+$/

/**
 * The answer with the suggested country selected in the campaign page's sign form. Only a GET
 * of a campaign page that succeeded: anything else is returned as it is.
 */
export function suggestCountry(request: Request, res: Response): Response {
  if (request.method !== 'GET' || res.status !== 200) return res
  if (!request.url.includes('/campaigns/')) return res
  if (!CAMPAIGN_PAGE.test(new URL(request.url).pathname)) return res
  const country = countryHint(request)
  if (!country) return res
  return new HTMLRewriter()
    .on(`#sign-country option[value="${country}"]`, {
      element(option) {
        option.setAttribute('selected', '')
      },
    })
    .transform(res)
}

/** The middleware form, registered before the page cache so cached answers pass through it. */
export function countryHintMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    c.res = suggestCountry(c.req.raw, c.res)
  }
}
