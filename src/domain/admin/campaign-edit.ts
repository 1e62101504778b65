/**
 * What an organiser may change on a campaign: its text per language, the goal, and the partner
 * origins allowed to frame the widget.
 */
import * as v from 'valibot'
import { LANGS } from '../../env.ts'
import { catalogue } from '../../i18n/index.ts'
import { adminText } from './parse.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

export const EDIT_LIMITS = {
  title: 200,
  summary: 2000,
  story: 20000,
  target: 300,
  ask: 1000,
  asks: 20,
  origins: 50,
  goal: 100_000_000,
} as const

/**
 * A partner origin as the browser sends it in `frame-ancestors` terms: scheme and host (and
 * port), no path. https only, except http://localhost for testing an embed.
 */
export function normaliseOrigin(text: string): string | null {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return null
  if (url.username || url.password || url.search || url.hash) return null
  if (url.pathname !== '/' && url.pathname !== '') return null
  return url.origin
}

export const CampaignText = v.object({
  title: adminText(EDIT_LIMITS.title),
  summary: adminText(EDIT_LIMITS.summary, { multiline: true }),
  story: adminText(EDIT_LIMITS.story, { multiline: true }),
  target: adminText(EDIT_LIMITS.target),
  // A draft may have no asks yet (its release made no demand); publishing needs them (publish-check).
  asks: v.pipe(
    v.array(adminText(EDIT_LIMITS.ask, { multiline: true }), 'Asks are a list of texts.'),
    v.maxLength(EDIT_LIMITS.asks, CHECK.atMostAsks(EDIT_LIMITS.asks)),
  ),
})

export type CampaignText = v.InferOutput<typeof CampaignText>

export const CampaignEdit = v.strictObject(
  {
    goal: v.optional(
      v.pipe(
        v.number(CHECK.goalWhole),
        v.integer(CHECK.goalWhole),
        v.minValue(1, CHECK.goalAtLeastOne),
        v.maxValue(EDIT_LIMITS.goal, CHECK.goalTooLarge),
      ),
    ),
    allowedOrigins: v.optional(
      v.pipe(
        v.array(
          v.pipe(
            v.string('An origin is text.'),
            v.rawTransform(({ dataset, addIssue, NEVER }) => {
              const origin = normaliseOrigin(dataset.value)
              if (origin) return origin
              addIssue({ message: CHECK.origin })
              return NEVER
            }),
          ),
          'Allowed origins are a list.',
        ),
        v.maxLength(EDIT_LIMITS.origins, CHECK.atMostOrigins(EDIT_LIMITS.origins)),
        v.transform((list) => [...new Set(list)]),
      ),
    ),
    translations: v.optional(
      v.record(
        v.picklist(LANGS, `Languages are ${LANGS.join(', ')}.`),
        CampaignText,
        'Translations are an object keyed by language.',
      ),
    ),
  },
  'Only goal, allowedOrigins and translations can be changed.',
)

export type CampaignEdit = v.InferOutput<typeof CampaignEdit>
