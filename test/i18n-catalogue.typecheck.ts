/**
 * Compiled by `npm run check` (tsc), never run: each catalogue is typed `Catalogue`, so one that
 * lacks a key, has a key English does not define, or gives a function where text belongs (or
 * the reverse) does not compile. If one of these lines stops being an error, tsc says so.
 */
import { en } from '../src/i18n/en.ts'
import type { Catalogue } from '../src/i18n/index.ts'

const { tagline: _tagline, ...withoutTagline } = en
// @ts-expect-error: a catalogue without `tagline` is not a Catalogue.
export const lacksAKey: Catalogue = withoutTagline

const { greeting: _greeting, ...mailWithoutGreeting } = en.mail
// @ts-expect-error: nor is one whose mails lack their greeting.
export const lacksANestedKey: Catalogue = { ...en, mail: mailWithoutGreeting }

// @ts-expect-error: a key English does not define is a typo or a string nobody shows.
export const extraKey: Catalogue = { ...en, taglne: 'Stand with human rights defenders.' }

// @ts-expect-error: a plural needs its function, not one fixed text.
export const textForAFunction: Catalogue = { ...en, signaturesOf: '{count} of {goal} signatures' }
