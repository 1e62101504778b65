/**
 * The shape of a campaign content file (`campaigns/*.json`): a release, the defenders it
 * names and the campaigns derived from it, in every language they are written in.
 * The seeder loads these; the release importer writes drafts of them.
 */
import * as v from 'valibot'
import { CAMPAIGN_STATUSES } from '../db/schema.ts'

const slug = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a lower-case slug'),
  v.maxLength(80),
)
const lang = v.pipe(v.string(), v.regex(/^[a-z]{2}$/))
const country = v.pipe(v.string(), v.regex(/^[A-Z]{2}$/))
const text = v.pipe(v.string(), v.trim(), v.minLength(1))

export const DefenderContent = v.object({
  slug,
  country,
  status: text,
  translations: v.record(lang, v.object({ name: text, situation: text })),
})

export const CampaignText = v.object({
  title: text,
  summary: text,
  story: text,
  target: text,
  /** May be empty in a draft (the release made no demand); publishing needs at least one. */
  asks: v.array(text),
})

export const CampaignContent = v.object({
  slug,
  kind: v.picklist(['defender', 'general']),
  defender: v.nullish(slug),
  status: v.optional(v.picklist(CAMPAIGN_STATUSES), 'draft'),
  goal: v.pipe(v.number(), v.integer(), v.minValue(1)),
  languages: v.pipe(v.array(lang), v.minLength(1)),
  allowedOrigins: v.optional(v.array(v.pipe(v.string(), v.url())), []),
  sources: v.array(text),
  translations: v.record(lang, CampaignText),
  /** Importer drafts: for each English ask, the release sentence that makes that demand. */
  askSources: v.optional(v.array(text)),
  /** Importer drafts: what the editor must know before publishing (not shown to the public). */
  editorNotes: v.optional(v.array(text)),
})

export const ContentFile = v.pipe(
  v.object({
    release: v.object({
      slug,
      title: text,
      publisher: v.nullish(text),
      date: v.nullish(v.pipe(v.string(), v.isoDate())),
      place: v.nullish(text),
    }),
    defenders: v.array(DefenderContent),
    campaigns: v.array(CampaignContent),
  }),
  v.check(
    (f) =>
      f.campaigns.every(
        (c) => c.kind === 'general' || f.defenders.some((d) => d.slug === c.defender),
      ),
    'every defender campaign names a defender of the same file',
  ),
  v.check(
    (f) => f.campaigns.every((c) => c.languages.every((l) => l in c.translations)),
    'every campaign has a translation for each of its languages',
  ),
  v.check(
    (f) =>
      f.campaigns.every(
        (c) => !c.askSources || c.askSources.length === (c.translations.en?.asks.length ?? 0),
      ),
    'every ask of a draft has its source sentence',
  ),
  v.check(
    (f) =>
      f.campaigns.every(
        (c) =>
          c.status !== 'open' ||
          c.languages.every((l) => (c.translations[l]?.asks.length ?? 0) > 0),
      ),
    'an open campaign has at least one ask in each of its languages',
  ),
)

export type ContentFile = v.InferOutput<typeof ContentFile>
export type CampaignContent = v.InferOutput<typeof CampaignContent>

/** Parses a content file, throwing a readable error listing every problem. */
export function parseContentFile(input: unknown, source = 'content file'): ContentFile {
  const result = v.safeParse(ContentFile, input)
  if (result.success) return result.output
  const problems = result.issues.map((i) => {
    const path = v.getDotPath(i)
    return `  - ${path ? `${path}: ` : ''}${i.message}`
  })
  throw new Error(`${source} is not valid:\n${problems.join('\n')}`)
}
