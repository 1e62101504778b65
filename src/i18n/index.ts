/**
 * Every user-facing string, one catalogue per language. Adding a language: copy `ru.ts` to
 * `xx.ts`, translate it (typed `Catalogue`, so `tsc` lists what is missing) and add it to
 * `catalogues` below: that line makes `xx` a language of the whole site (`LANGS`).
 */
import type { Catalogue, MessageKey } from './catalogue.ts'
import { en } from './en.ts'
import { ru } from './ru.ts'

export type { Catalogue, MessageKey } from './catalogue.ts'

/** The catalogue of each language, English first (the fallback). */
export const catalogues = { en, ru } satisfies Record<string, Catalogue>

/** A language of the site: one that has a catalogue. */
export type Lang = keyof typeof catalogues

/** The site's languages, English first. */
export const LANGS = Object.keys(catalogues) as [Lang, ...Lang[]]

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
