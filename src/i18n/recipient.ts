/** How a delivery's recipient, typed once by an organiser, reads on a page in each language. */
import type { Lang } from '../env.ts'
import { catalogues } from './index.ts'

export interface RecipientName {
  name: string
  /** The language the name is written in, when it is not the page's (for `lang=`). */
  lang?: string
}

/**
 * The recipient in `lang`: the campaign's addressee in that language when the organiser typed
 * the addressee as written in another, else the catalogue's rendering of a known office
 * ("Embassy of the Kyrgyz Republic" → "Посольство Кыргызской Республики"), else the name as
 * typed, marked with the language it is written in.
 */
export function recipientName(
  lang: Lang,
  typed: string,
  targets: readonly { lang: string; target: string }[],
): RecipientName {
  const key = typed.trim().toLowerCase()
  if (targets.some((t) => t.target.trim().toLowerCase() === key)) {
    const stored = targets.find((t) => t.lang === lang)?.target
    if (stored) return { name: stored }
  }
  const rendered = catalogues[lang].officeName(typed)
  if (rendered) return { name: rendered }
  const written = /[\u0400-\u04ff]/.test(typed) ? 'ru' : /[A-Za-z]/.test(typed) ? 'en' : undefined
  return written && written !== lang ? { name: typed, lang: written } : { name: typed }
}
