/**
 * A fresh sign form starts with the signer's likely country selected: where Cloudflare sees
 * the request come from (`request.cf.country`), else the region of the preferred language
 * (`ru-KZ` → Kazakhstan). The page is cached for everyone, so the choice is made on the way
 * out of the cache, per request, by marking one `<option>` of the campaign page's form; a form
 * re-rendered with the signer's own values (a 422 to a POST) is never touched.
 */
import { isCountryCode } from '../../lib/countries.ts'
import type { Personalise } from '../page-cache/index.ts'

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
const SELECT = 'id="sign-country"'

/** Per cached body, its variant for each suggested country (null: nothing to mark). */
const variants = new WeakMap<ArrayBuffer, Map<string, ReturnType<Personalise> | null>>()

/** The page with `<option value=XX>` of the sign form's country list marked selected. */
function markCountry(body: ArrayBuffer, country: string): ArrayBuffer | null {
  const html = new TextDecoder().decode(body)
  const select = html.indexOf(SELECT)
  if (select < 0) return null
  const end = html.indexOf('</select>', select)
  const option = `<option value=${country}>`
  const at = html.indexOf(option, select)
  if (at < 0 || at > end) return null
  const marked = `${html.slice(0, at)}<option value=${country} selected>${html.slice(at + option.length)}`
  return new TextEncoder().encode(marked).buffer as ArrayBuffer
}

/**
 * The campaign page with the suggested country selected in its sign form (a `Personalise` of
 * the page cache: it runs on every answer of a GET of a campaign page, cached or not). Each
 * variant is made once per cached body, so a hit costs a lookup.
 */
export const suggestCountry: Personalise = (request, body) => {
  if (!request.url.includes('/campaigns/')) return undefined
  if (!CAMPAIGN_PAGE.test(new URL(request.url).pathname)) return undefined
  const country = countryHint(request)
  if (!country) return undefined
  let byCountry = variants.get(body)
  if (!byCountry) {
    byCountry = new Map()
    variants.set(body, byCountry)
  }
  let variant = byCountry.get(country)
  if (variant === undefined) {
    const marked = markCountry(body, country)
    variant = marked ? { body: marked, tag: country } : null
    byCountry.set(country, variant)
  }
  return variant ?? undefined
}
