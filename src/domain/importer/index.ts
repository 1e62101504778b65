/**
 * Turns the text of a press release into draft campaigns: defenders, calls to action, provenance.
 * A pipeline, one module a step (docs/IMPORTER.md lists the named rules of each):
 *
 * 1. sentences.ts: PDF text unwrapped, paragraphs, list items, sentences, quoted ranges.
 * 2. release.ts: title, date, place, addressee, acronyms, and the publisher (who speaks in the
 *    release's own voice, not an organisation it merely names).
 * 3. people.ts: names, surnames linked to people, "Leyla and Arif Yunus" as two people.
 * 4. roles.ts: who is a defender (a defender's role or work AND persecution; officials, relatives,
 *    victims and quoted sources are not) and for which country (gazetteer.ts, countries.ts).
 * 5. calls.ts: the publisher's own demands, each ask with the sentence that makes it.
 * 6. campaigns.ts: one draft per defender and one per addressee; asks only from the release.
 *
 * Every office, role and demand word is in vocabulary.ts.
 */
import type { CampaignContent, ContentFile } from '../content.ts'
import { findCalls } from './calls.ts'
import {
  type DraftDefender,
  defenderStatus,
  draftCampaigns,
  releaseSlug,
  situationOf,
  slugify,
  uniqueSlug,
} from './campaigns.ts'
import { findPeople } from './people.ts'
import { readRelease } from './release.ts'
import { assessPeople } from './roles.ts'
import { parseDocument, type Sentence } from './sentences.ts'

export interface ImportedRelease {
  title: string
  publisher?: string
  /** ISO YYYY-MM-DD. */
  date?: string
  place?: string
}

export interface ImportedDefender {
  name: string
  /** ISO 3166-1 alpha-2; ZZ when the release names no country at all. */
  country: string
  situation?: string
  /** The sentences about them, verbatim (whitespace normalised). */
  sentences: string[]
  slug: string
  /** imprisoned, detained, convicted, charged or at-risk. */
  status: string
}

export interface ImportedCall {
  text: string
  target?: string
}

export interface ImportResult {
  release: ImportedRelease
  defenders: ImportedDefender[]
  callsToAction: ImportedCall[]
  campaigns: CampaignContent[]
}

/** Headlines in Title Case capitalise every word, so their capitals say nothing about names. */
function isTitleCase(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /^\p{L}{4,}/u.test(w))
  return words.length >= 3 && words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.7
}

/**
 * Reads a release. Pure: no I/O, the same in Node and in the Worker. Every campaign is a draft
 * whose text an editor rewrites; the sources are the release's own sentences.
 */
export function importRelease(text: string): ImportResult {
  const doc = parseDocument(text)
  const release = readRelease(doc)
  const inBody = (s: Sentence) => s.block >= release.bodyStart
  const people = findPeople(doc, (s) => inBody(s) || !isTitleCase(s.text))
  const assessments = assessPeople(doc, people, release)
  const calls = findCalls(doc, release, people)

  const taken = new Set<string>()
  // Defenders in the order the release first names them.
  const first = (a: (typeof assessments)[number]) =>
    Math.min(...a.person.mentions.map((m) => m.sentence * 100_000 + m.start))
  const drafts: DraftDefender[] = assessments
    .filter((a) => a.defender)
    .sort((a, b) => first(a) - first(b))
    .map((a) => {
      const body = a.sentences.filter((i) => inBody(doc.sentences[i]!))
      const sources = (body.length ? body : a.sentences).map((i) => doc.sentences[i]!.text)
      const base = {
        id: a.person.id,
        name: a.person.name,
        country: a.country ?? 'ZZ',
        role: a.role ?? 'human rights defender',
        persecution: a.persecution,
        exiled: a.exiled,
        ill: a.ill,
        sources,
      }
      return {
        ...base,
        slug: uniqueSlug(slugify(a.person.name), taken),
        status: defenderStatus(a.persecution),
        situation: situationOf(base),
      }
    })

  return {
    release: {
      title: release.title,
      ...(release.publisher ? { publisher: release.publisher } : {}),
      ...(release.date ? { date: release.date } : {}),
      ...(release.place ? { place: release.place } : {}),
    },
    defenders: drafts.map((d) => ({
      name: d.name,
      country: d.country,
      situation: d.situation,
      sentences: d.sources,
      slug: d.slug,
      status: d.status,
    })),
    callsToAction: calls.map((c) => ({ text: c.text, ...(c.target ? { target: c.target } : {}) })),
    campaigns: draftCampaigns(release, drafts, calls),
  }
}

/** The draft content file the seeder reads (`campaigns/drafts/*.json` once written). */
export function toContentFile(result: ImportResult): ContentFile {
  const { release } = result
  return {
    release: {
      slug: releaseSlug(release),
      title: release.title,
      publisher: release.publisher ?? null,
      date: release.date ?? null,
      place: release.place ?? null,
    },
    defenders: result.defenders.map((d) => ({
      slug: d.slug,
      country: d.country,
      status: d.status,
      translations: { en: { name: d.name, situation: d.situation ?? d.name } },
    })),
    campaigns: result.campaigns,
  }
}

/** The importer's JSON report: `npm run -s import:release -- FILE --json`. */
export function toReport(result: ImportResult) {
  const { title, publisher, date } = result.release
  return {
    release: { title, ...(publisher ? { publisher } : {}), ...(date ? { date } : {}) },
    defenders: result.defenders.map(({ name, country, situation }) => ({
      name,
      country,
      ...(situation ? { situation } : {}),
    })),
    callsToAction: result.callsToAction,
    campaigns: result.campaigns,
  }
}

export { releaseSlug, slugify } from './campaigns.ts'
