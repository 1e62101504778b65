/**
 * Language negotiation and formatting. The strings live in `src/i18n/` (one catalogue per
 * language); `translator` is re-exported here for the pages that import it from this module.
 */
import { LANGS, type Lang } from '../env.ts'

import { catalogues } from '../i18n/index.ts'

export { type MessageKey, type Translate, translator } from '../i18n/index.ts'

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value)
}

/** Best supported language from an `Accept-Language` header, honouring q-values. */
export function fromAcceptLanguage(header: string | null | undefined): Lang | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const weight = q ? Number(q.slice(2)) : 1
      return {
        base: tag.toLowerCase().split('-')[0] ?? '',
        weight: Number.isNaN(weight) ? 0 : weight,
        i,
      }
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
  return ranked.find((r) => isLang(r.base))?.base as Lang | undefined
}

/** Formats a number for the language (thin grouping as people expect it). */
export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang).format(n)
}

/** Formats an ISO date (YYYY-MM-DD) as a long date in the language ("10 декабря 2010 г."). */
export function formatDate(lang: Lang, isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  if (Number.isNaN(d.getTime())) return isoDate
  return new Intl.DateTimeFormat(catalogues[lang].dateLocale, {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(d)
}

/**
 * Ends a sentence with one full stop: a Russian date already ends in one ("2010 г."), and a
 * second would read as a typo.
 */
export function endSentence(text: string): string {
  return /[.!?…]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`
}
