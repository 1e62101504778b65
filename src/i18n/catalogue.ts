/** The shape every language's catalogue has: English's keys, each a string or a function. */
import type { en } from './en.ts'

/** A catalogue: `ru: Catalogue = {…}` fails `tsc` on a missing or an extra key. */
export type Catalogue = typeof en

/** The keys `t()` looks up: those whose text is a plain string (with `{placeholders}`). */
export type MessageKey = {
  [K in keyof Catalogue]: Catalogue[K] extends string ? K : never
}[keyof Catalogue]
