/**
 * What keeps a campaign true after it is published: dated updates (each may cite a source),
 * the date its facts were last reviewed, the outcome it closed with, and its image's text.
 * Text is per language (`{ en, ru }`), at least one of them.
 */
import * as v from 'valibot'
import { LANGS } from '../../env.ts'
import { catalogue } from '../../i18n/index.ts'
import { CAMPAIGN_OUTCOMES } from '../outcome.ts'
import { adminText } from './parse.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

export const RECORD_LIMITS = { update: 4000, note: 500, alt: 300, credit: 200, url: 2000 } as const

/** A calendar date `YYYY-MM-DD` that exists and is not in the future (UTC, a day of leeway). */
export function isPastIsoDate(text: string, now = Date.now()): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const at = Date.parse(`${text}T00:00:00Z`)
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== text) return false
  return at <= now + 24 * 3600 * 1000 && text >= '1900-01-01'
}

export const todayIso = (now = Date.now()) => new Date(now).toISOString().slice(0, 10)

const isoDate = v.pipe(
  v.string('A date is text like 2010-12-10.'),
  v.trim(),
  v.check((s) => isPastIsoDate(s), CHECK.date),
)

/** Text in one or more languages; empty languages are dropped, one must remain. */
function perLanguage(max: number, { multiline = false, required = true } = {}) {
  return v.pipe(
    v.record(
      v.picklist(LANGS, `Languages are ${LANGS.join(', ')}.`),
      v.optional(adminText(max, { required: false, multiline }), ''),
      'Give the text as an object keyed by language.',
    ),
    v.transform(
      (texts) =>
        Object.fromEntries(Object.entries(texts).filter(([, t]) => t)) as Record<string, string>,
    ),
    v.check((texts) => !required || Object.keys(texts).length > 0, CHECK.oneLanguage),
  )
}

const sourceUrl = v.pipe(
  v.string('A source is a web address.'),
  v.trim(),
  v.maxLength(RECORD_LIMITS.url, CHECK.urlTooLong),
  v.check((s) => {
    try {
      const u = new URL(s)
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password
    } catch {
      return false
    }
  }, CHECK.sourceUrl),
)

export const CampaignUpdateInput = v.strictObject(
  {
    postedOn: isoDate,
    text: perLanguage(RECORD_LIMITS.update, { multiline: true }),
    sourceUrl: v.optional(v.union([v.literal(''), sourceUrl], CHECK.sourceUrl)),
  },
  'Only postedOn, text and sourceUrl can be given.',
)
export type CampaignUpdateInput = v.InferOutput<typeof CampaignUpdateInput>

export const ReviewInput = v.strictObject(
  { reviewedOn: v.optional(isoDate) },
  'Only reviewedOn can be given.',
)
export type ReviewInput = v.InferOutput<typeof ReviewInput>

export const OutcomeInput = v.pipe(
  v.strictObject(
    {
      outcome: v.picklist(
        CAMPAIGN_OUTCOMES,
        `The outcome is one of ${CAMPAIGN_OUTCOMES.join(', ')}.`,
      ),
      note: v.optional(perLanguage(RECORD_LIMITS.note, { required: false }), {}),
    },
    'Only outcome and note can be given.',
  ),
  v.forward(
    v.check((o) => o.outcome !== 'other' || Object.keys(o.note).length > 0, CHECK.outcomeNote),
    ['note'],
  ),
)
export type OutcomeInput = v.InferOutput<typeof OutcomeInput>

export const ImageTextInput = v.strictObject(
  {
    alt: perLanguage(RECORD_LIMITS.alt),
    credit: v.optional(adminText(RECORD_LIMITS.credit, { required: false }), ''),
  },
  'Only alt and credit can be given with the image.',
)
export type ImageTextInput = v.InferOutput<typeof ImageTextInput>
