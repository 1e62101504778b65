/**
 * Every user-facing string, one catalogue per language. Adding a language: copy `en.ts` to
 * `xx.ts`, translate it (typed `Catalogue`, so `tsc` lists what is missing), add `xx` to
 * `LANGS` in `src/env.ts` and one line to `catalogues` below.
 */
import type { Lang } from '../env.ts'
import type { Catalogue, MessageKey } from './catalogue.ts'
import { en } from './en.ts'
import { ru } from './ru.ts'

export type { Catalogue, MessageKey } from './catalogue.ts'

/** The catalogue of each language. */
export const catalogues: Record<Lang, Catalogue> = { en, ru }

/** A language's catalogue, for its structured parts (mails, plurals, the delivery pack). */
export function catalogue(lang: Lang): Catalogue {
  return catalogues[lang]
}

/** A translator bound to one language: `t('privacyTitle', { name: 'Example' })`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

export function translator(lang: Lang): Translate {
  const dict = catalogues[lang]
  return (key, params) => {
    const text = dict[key]
    if (!params) return text
    return text.replace(/\{(\w+)\}(\.?)/g, (m, name: string, stop: string) => {
      if (!(name in params)) return m
      const value = String(params[name])
      // A value that ends a sentence ends it once: a Russian date ends in "г." already.
      return stop && /[.!?…]$/.test(value) ? value : value + stop
    })
  }
}
