/**
 * The release importer in the admin area: the editable proposal as form values, the edited form
 * back into a content file (validated by the content file's own schema), and the ranges of the
 * release text the campaigns' sources were taken from. Pure: no I/O.
 */
import * as v from 'valibot'
import { catalogue } from '../../i18n/index.ts'
import { ContentFile } from '../content.ts'
import { type ImportResult, importRelease, toContentFile } from '../importer/index.ts'
import { CampaignText, EDIT_LIMITS } from './campaign-edit.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

/** The editable fields of one proposed campaign (form names are `campaigns.<i>.<field>`). */
export const PROPOSAL_FIELDS = [
  'include',
  'slug',
  'kind',
  'goal',
  'title',
  'summary',
  'story',
  'target',
  'asks',
] as const

/** Where an error that belongs to no single field is reported. */
export const FORM_ERROR = '_form'

export type FormValues = Record<string, string>
export type FormErrors = Record<string, string>

/** Form submissions send CRLF; the importer (and the highlighted text) read the text as typed. */
export function normaliseReleaseText(text: string | undefined): string {
  return (text ?? '').replace(/\r\n?/g, '\n')
}

const field = (i: number, name: (typeof PROPOSAL_FIELDS)[number]) => `campaigns.${i}.${name}`

/** The importer's proposal as form values: every campaign included. */
export function proposalValues(result: ImportResult): FormValues {
  const values: FormValues = {}
  result.campaigns.forEach((c, i) => {
    const lang = c.languages[0] ?? 'en'
    const t = c.translations[lang]
    values[field(i, 'include')] = 'on'
    values[field(i, 'slug')] = c.slug
    values[field(i, 'kind')] = c.kind
    values[field(i, 'goal')] = String(c.goal)
    values[field(i, 'title')] = t?.title ?? ''
    values[field(i, 'summary')] = t?.summary ?? ''
    values[field(i, 'story')] = t?.story ?? ''
    values[field(i, 'target')] = t?.target ?? ''
    values[field(i, 'asks')] = (t?.asks ?? []).join('\n')
  })
  return values
}

export type BuiltContent =
  | { ok: true; content: ContentFile; result: ImportResult }
  | { ok: false; errors: FormErrors; result: ImportResult }

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/**
 * The edited form as a content file: the included campaigns only, all drafts, each keeping the
 * importer's provenance (release, sources, defender); defenders only when a kept campaign
 * names them. Errors are keyed by form field, or FORM_ERROR.
 */
export function buildContent(text: string, form: FormValues): BuiltContent {
  const result = importRelease(text)
  const base = toContentFile(result)
  const errors: FormErrors = {}
  const kept: number[] = []
  const campaigns: unknown[] = []
  base.campaigns.forEach((proposed, i) => {
    if (!form[field(i, 'include')]) return
    const lang = proposed.languages[0] ?? 'en'
    const goalText = (form[field(i, 'goal')] ?? '').trim()
    const kind = form[field(i, 'kind')] === 'general' ? 'general' : 'defender'
    const translation = {
      title: form[field(i, 'title')] ?? '',
      summary: form[field(i, 'summary')] ?? '',
      story: form[field(i, 'story')] ?? '',
      target: form[field(i, 'target')] ?? '',
      asks: lines(form[field(i, 'asks')] ?? ''),
    }
    // The organisers' rules for campaign text (lengths, no bidi overrides) apply here too.
    const checked = v.safeParse(CampaignText, translation)
    if (!checked.success) {
      for (const issue of checked.issues) {
        const key = (v.getDotPath(issue) ?? '').split('.')[0] as 'title'
        errors[field(i, key)] ??= issue.message
      }
    }
    const goal = /^\d{1,9}$/.test(goalText) ? Number(goalText) : Number.NaN
    if (!(goal >= 1 && goal <= EDIT_LIMITS.goal)) {
      errors[field(i, 'goal')] = CHECK.goalImport
    }
    kept.push(i)
    // The importer's source of each ask holds only while the asks are the importer's own.
    const unchanged =
      JSON.stringify(translation.asks) === JSON.stringify(proposed.translations[lang]?.asks ?? [])
    campaigns.push({
      ...proposed,
      askSources: unchanged ? proposed.askSources : undefined,
      slug: (form[field(i, 'slug')] ?? '').trim(),
      kind,
      defender: kind === 'defender' ? (proposed.defender ?? null) : null,
      status: 'draft',
      goal,
      languages: [lang],
      translations: { [lang]: checked.success ? checked.output : translation },
    })
  })
  if (!kept.length) errors[FORM_ERROR] = CHECK.includeOne
  const slugs = new Map<string, number>()
  for (const [j, i] of kept.entries()) {
    const slug = (campaigns[j] as { slug: string }).slug
    if (slugs.has(slug)) errors[field(i, 'slug')] ??= CHECK.slugTwice
    slugs.set(slug, i)
  }
  const named = new Set(campaigns.map((c) => (c as { defender: string | null }).defender))
  const input = {
    release: base.release,
    defenders: base.defenders.filter((d) => named.has(d.slug)),
    campaigns,
  }
  const parsed = v.safeParse(ContentFile, input)
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const path = v.getDotPath(issue) ?? ''
      const m = /^campaigns\.(\d+)\.(?:translations\.[a-z]{2}\.)?([a-zA-Z]+)/.exec(path)
      const i = m ? kept[Number(m[1])] : undefined
      const name = m?.[2] as (typeof PROPOSAL_FIELDS)[number] | undefined
      const key =
        i !== undefined && name && (PROPOSAL_FIELDS as readonly string[]).includes(name)
          ? field(i, name)
          : FORM_ERROR
      const message = key === FORM_ERROR && path ? `${path}: ${issue.message}` : issue.message
      errors[key] ??= message
    }
  }
  if (Object.keys(errors).length || !parsed.success) {
    return {
      ok: false,
      errors: Object.keys(errors).length ? errors : { [FORM_ERROR]: 'Invalid.' },
      result,
    }
  }
  return { ok: true, content: parsed.output, result }
}

/** A sentence as a pattern over the raw text: any run of whitespace, spaces before punctuation. */
function sentencePattern(sentence: string): RegExp | null {
  const words = sentence.trim().split(/\s+/).filter(Boolean)
  if (!words.length) return null
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const word = (w: string) =>
    Array.from(w)
      .map((ch) => (/[\p{P}]/u.test(ch) ? `\\s*${quote(ch)}` : quote(ch)))
      .join('')
  return new RegExp(words.map(word).join('\\s+'), 'gu')
}

export interface Segment {
  text: string
  source: boolean
}

/** The release text cut into plain and source segments (sources found verbatim, modulo spacing). */
export function highlightSources(text: string, sentences: string[]): Segment[] {
  const ranges: [number, number][] = []
  for (const sentence of new Set(sentences)) {
    const pattern = sentencePattern(sentence)
    if (!pattern) continue
    for (const m of text.matchAll(pattern)) {
      if (m[0].length) ranges.push([m.index, m.index + m[0].length])
    }
  }
  ranges.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const r of ranges) {
    const last = merged.at(-1)
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  const out: Segment[] = []
  let at = 0
  for (const [from, to] of merged) {
    if (from > at) out.push({ text: text.slice(at, from), source: false })
    out.push({ text: text.slice(from, to), source: true })
    at = to
  }
  if (at < text.length) out.push({ text: text.slice(at), source: false })
  return out
}
