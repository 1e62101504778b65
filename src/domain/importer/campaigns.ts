/** Drafts campaigns from what the importer found: one per defender, one per addressee of the calls. */
import type { CampaignContent } from '../content.ts'
import type { CallToAction } from './calls.ts'
import { countryName, findPlaces } from './gazetteer.ts'
import type { ReleaseInfo } from './release.ts'
import type { Persecution } from './roles.ts'

export const DEFENDER_GOAL = 10_000
export const GENERAL_GOAL = 25_000

/** A defender as the importer hands them to the drafting step. */
export interface DraftDefender {
  id: number
  name: string
  slug: string
  country: string
  status: string
  situation: string
  role: string
  persecution: Set<Persecution>
  exiled: boolean
  ill: boolean
  /** Verbatim source sentences (body text, whitespace normalised). */
  sources: string[]
}

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ғ: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  є: 'ye',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'yi',
  й: 'y',
  к: 'k',
  қ: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'n',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ў: 'u',
  ү: 'u',
  ұ: 'u',
  ӯ: 'u',
  ф: 'f',
  х: 'kh',
  ҳ: 'h',
  һ: 'h',
  ц: 'ts',
  ч: 'ch',
  ҷ: 'j',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ә: 'a',
  ю: 'yu',
  я: 'ya',
  ӣ: 'i',
}
const LATIN: Record<string, string> = {
  ə: 'a',
  ı: 'i',
  ø: 'o',
  æ: 'ae',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ŋ: 'ng',
  þ: 'th',
}

/** An ASCII slug: "Oʻgʻiloy Xoʻjayeva" → "ogiloy-xojayeva", "Азимжан Аскаров" → "azimzhan-askarov". */
export function slugify(text: string, max = 60): string {
  const ascii = [...text.toLowerCase()]
    .map((c) => CYRILLIC[c] ?? LATIN[c] ?? c)
    .join('')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ʻʼ'’`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (ascii.length <= max) return ascii
  const cut = ascii.slice(0, max + 1)
  return (
    cut.lastIndexOf('-') > 10 ? cut.slice(0, cut.lastIndexOf('-')) : ascii.slice(0, max)
  ).replace(/-+$/, '')
}

/** A slug not yet taken: "eu", "eu-2". */
export function uniqueSlug(base: string, taken: Set<string>): string {
  const root = base || 'campaign'
  let slug = root
  for (let n = 2; taken.has(slug); n++) slug = `${root.slice(0, 76)}-${n}`
  taken.add(slug)
  return slug
}

// In the order things usually happen to a defender.
const PARTICIPLES: [Persecution, string][] = [
  ['threatened', 'threatened'],
  ['harassed', 'harassed'],
  ['attacked', 'attacked'],
  ['detained', 'detained'],
  ['charged', 'charged'],
  ['tortured', 'ill-treated'],
  ['convicted', 'convicted'],
  ['sentenced', 'sentenced'],
  ['imprisoned', 'imprisoned'],
]

function listing(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

function whatHappened(p: Set<Persecution>): string[] {
  return PARTICIPLES.filter(([k]) => p.has(k)).map(([, word]) => word)
}

/** The defender's state as the seeder stores it: imprisoned, detained, convicted, charged, at-risk. */
export function defenderStatus(p: Set<Persecution>): string {
  if (p.has('imprisoned')) return 'imprisoned'
  if (p.has('detained')) return 'detained'
  if (p.has('convicted') || p.has('sentenced')) return 'convicted'
  if (p.has('charged')) return 'charged'
  return 'at-risk'
}

/** One line: "Human rights lawyer from Tajikistan; detained, charged, convicted and sentenced." */
export function situationOf(d: Omit<DraftDefender, 'situation' | 'status' | 'slug'>): string {
  const where = d.country === 'ZZ' ? '' : ` from ${countryName(d.country)}`
  const exile = d.exiled ? ', in exile' : ''
  const events = whatHappened(d.persecution)
  const facts = events.length ? `; ${listing(events)}` : '; at risk because of their work'
  return `${capitalise(d.role)}${where}${exile}${facts}.`
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a'
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function lowerThe(text: string): string {
  return text.replace(/^The\b/, 'the')
}

/** The first clause of an ask, short enough for a title. */
function shortAsk(ask: string, words = 9): string {
  const STOP =
    /\s+(?:a|an|the|of|to|and|or|in|on|at|for|with|their|its|his|her|by|from|as|against|about|into|over|under|after|before|during|without|within|between|through|all|any|more|most|such)$/i
  let s = ask
    .replace(/[.;:]+$/, '')
    .split(/,|;|\s+(?:who|which|that|including|in order|and to|so that)\s+/)[0]!
    .split(/\s+/)
    .slice(0, words)
    .join(' ')
  while (STOP.test(s)) s = s.replace(STOP, '')
  return s.charAt(0).toLowerCase() + s.slice(1)
}

/** Whom a defender campaign addresses: the release's own call naming them, or their state. */
function targetFor(d: DraftDefender, calls: CallToAction[], release: ReleaseInfo): string {
  const call = calls.find((c) => c.target && c.people.includes(d.id))
  if (call?.target) return capitalise(resolveTarget(call.target, release))
  return d.country === 'ZZ'
    ? 'The authorities concerned'
    : `The authorities of ${countryName(d.country)}`
}

/** "The authorities" alone means those of the country the release is about. */
function resolveTarget(target: string, release: ReleaseInfo): string {
  if (/^the (?:authorities|government)$/i.test(target.trim()) && release.country) {
    return `the authorities of ${countryName(release.country)}`
  }
  return target
}

/**
 * A defender's asks are the release's own demands that name them, each with the sentence that
 * makes it. Nothing is added: no "release", "quash" or "end reprisals" the release does not ask.
 */
export function defenderAsks(
  d: Pick<DraftDefender, 'id' | 'sources' | 'name'>,
  calls: CallToAction[],
  others: string[] = [],
): { asks: string[]; askSources: string[] } {
  const asks: string[] = []
  const askSources: string[] = []
  for (const call of calls) {
    call.asks.forEach((ask, i) => {
      const source = call.askSources[i] ?? call.sources[0]!
      const sentence = call.sentences[call.sources.indexOf(source)]
      const names = sentence === undefined ? call.people : (call.peopleBySentence[sentence] ?? [])
      // A demand naming no one, in a sentence about them ("He must be released"), is theirs too.
      let theirs = names.includes(d.id) || (!names.length && d.sources.includes(source))
      // An ask that names someone else and not them is that person's: "welcomes the release of A,
      // … calls on the government to release B" asks nothing for A.
      const surname = d.name.split(/\s+/).pop()!
      if (theirs && !ask.includes(surname) && others.some((o) => ask.includes(o))) theirs = false
      if (!theirs || asks.includes(ask)) return
      asks.push(ask)
      askSources.push(source)
    })
  }
  return { asks, askSources }
}

function defenderTitle(d: DraftDefender, asks: string[]): string {
  if (asks.some((a) => /\b(?:release|free|freed|freedom)\b/i.test(a))) return `Free ${d.name}`
  return `Stand with ${d.name}`
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** "10 December 2010" from "2010-12-10". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${d} ${MONTH_NAMES[(m ?? 1) - 1]} ${y}`
}

/** Who said it, shortly: "IPHR’s release of 10 December 2010", "the joint release". */
function byline(release: ReleaseInfo): string {
  const acronyms = [...(release.publisher ?? '').matchAll(/\(([A-Z][A-Z0-9&-]{1,9})\)/g)].map(
    (m) => m[1]!,
  )
  const single = release.publisher && !release.publisher.includes(',')
  const who =
    acronyms.length > 1
      ? `the joint release by ${listing(acronyms)}`
      : acronyms.length
        ? `${acronyms[0]}’s release`
        : single
          ? `the release by ${release.publisher}`
          : release.publisher
            ? 'the joint release'
            : 'the release'
  return release.date ? `${who} of ${longDate(release.date)}` : who
}

/** Facts of a defender's case, read from the sentences about them: dates, charges, sentence. */
export interface CaseFacts {
  dates: string[]
  charges: string[]
  sentence?: string
  places: string[]
}

const DATE_IN_TEXT =
  /\b(?:on |in |since )?(?:\d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|August|September|October|November|December)(?: \d{4})?|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}(?:, \d{4})?|(?:early |late |mid-)?(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b/g
const CHARGE =
  /\b(?:charges? of|charged with|accused of|convicted of|found guilty of|on charges? of|suspicion of)\s+((?:[“"«][^”"»]{3,120}[”"»])|[^,.;()]{3,90}?)(?=[,.;()]|\s+(?:and|after|for|under|which|that|while|because|where|when|following|before)\b|$)/gi
const TERM =
  /\b(?:(?:to |a |an )?(?:life (?:sentence|imprisonment)|(?:\w+|\d+)[- ](?:and[- ]a[- ]half[- ])?(?:years?|months?|days?)[’']?(?:[- ]long)? (?:in prison|prison (?:sentence|term)|imprisonment|detention|of imprisonment|in a penal colony|sentence)))\b/i

const EVENT =
  /\b(?:arrest|detain|detention|sentenc|convict|charg|accus|threat|attack|beat|tortur|imprison|jail|abduct|raid|search|fine|summon|prosecut|trial|court)/i

/** Only sentences that tell what was done to them give dates and places. */
export function caseFacts(sources: string[]): CaseFacts {
  const text = sources.filter((s) => EVENT.test(s)).join(' ')
  const dates = [
    ...new Set([...text.matchAll(DATE_IN_TEXT)].map((m) => m[0].replace(/^(?:on|in|since) /, ''))),
  ]
  const charges = [
    ...new Set(
      [...text.matchAll(CHARGE)]
        .map((m) => m[1]!.trim().replace(/^[“"«]|[”"»]$/g, ''))
        .filter((c) => c.split(/\s+/).length <= 14),
    ),
  ]
  const term = TERM.exec(text)?.[0].replace(/^(?:to|a|an) /i, '')
  const places = [
    ...new Set(
      findPlaces(text)
        .filter((p) => p.kind === 'city')
        .map((p) => p.text),
    ),
  ]
  return {
    dates: dates.slice(0, 3),
    charges: charges.slice(0, 2),
    sentence: term,
    places: places.slice(0, 2),
  }
}

/** The story: the release's facts about the defender, in our words, with their name. */
export function defenderStory(d: DraftDefender, release: ReleaseInfo): string {
  const facts = caseFacts(d.sources)
  const events = whatHappened(d.persecution)
  const where = d.country === 'ZZ' ? '' : ` from ${countryName(d.country)}`
  const parts = [
    `${d.name} is ${article(d.role)} ${d.role}${where}${d.exiled ? ' living in exile' : ''}.`,
  ]
  if (events.length) {
    const place = facts.places.length ? ` in ${listing(facts.places)}` : ''
    parts.push(`${d.name} has been ${listing(events)}${place}.`)
    if (facts.dates.length) parts.push(`Dates in the release: ${listing(facts.dates)}.`)
  }
  if (facts.charges.length) parts.push(`The charges: ${listing(facts.charges)}.`)
  if (facts.sentence) parts.push(`The sentence: ${facts.sentence}.`)
  if (d.ill) parts.push(`${d.name}’s health is a cause for concern.`)
  parts.push(`Source: ${byline(release)}.`)
  return parts.join(' ')
}

function defenderCampaign(
  d: DraftDefender,
  calls: CallToAction[],
  release: ReleaseInfo,
  otherSurnames: string[] = [],
): CampaignContent {
  const events = whatHappened(d.persecution)
  const where = d.country === 'ZZ' ? '' : ` from ${countryName(d.country)}`
  const { asks, askSources } = defenderAsks(d, calls, otherSurnames)
  const editorNotes = asks.length
    ? [`Each ask restates a demand of the release; check it against its source sentence.`]
    : [
        `The release makes no demand for ${d.name}: this draft has no asks. Add only what the publisher asks for, or leave it unpublished.`,
      ]
  return {
    slug: d.slug,
    kind: 'defender',
    defender: d.slug,
    status: 'draft',
    goal: DEFENDER_GOAL,
    languages: ['en'],
    allowedOrigins: [],
    sources: d.sources,
    askSources,
    editorNotes,
    translations: {
      en: {
        title: defenderTitle(d, asks),
        summary: `${d.name}, ${article(d.role)} ${d.role}${where}${events.length ? `, has been ${listing(events)}` : ', is at risk'}.`,
        story: defenderStory(d, release),
        target: targetFor(d, calls, release),
        asks,
      },
    },
  }
}

/** Calls to the same addressee make one campaign: "the Russian authorities" and "The authorities". */
export function targetKey(target: string | undefined, release: ReleaseInfo): string {
  if (!target) return `authorities:${release.country ?? ''}`
  const lower = target.toLowerCase().replace(/^the\s+/, '')
  if (/\b(?:authorities|government|regime)$/.test(lower) && !/\band\b/.test(lower)) {
    const code = findPlaces(target)[0]?.code ?? release.country ?? ''
    return `authorities:${code}`
  }
  return lower.replace(/[’']s\b/g, '').replace(/\s+/g, ' ')
}

function displayTarget(targets: string[], release: ReleaseInfo): string {
  const named = targets.filter(Boolean)
  const specific =
    named.find((t) => findPlaces(t).length > 0) ?? named.sort((a, b) => b.length - a.length)[0]
  if (specific) return capitalise(resolveTarget(specific, release))
  return release.country
    ? `The authorities of ${countryName(release.country)}`
    : 'The authorities concerned'
}

function generalCampaign(
  calls: CallToAction[],
  release: ReleaseInfo,
  taken: Set<string>,
  defenders: DraftDefender[],
): CampaignContent {
  const target = displayTarget(
    calls.map((c) => c.target ?? ''),
    release,
  )
  const asks: string[] = []
  const askSources: string[] = []
  for (const c of calls) {
    c.asks.forEach((ask, i) => {
      if (asks.includes(ask)) return
      asks.push(ask)
      askSources.push(c.askSources[i] ?? c.sources[0]!)
    })
  }
  const first = asks.length ? shortAsk(asks[0]!) : 'act'
  const sources = [...new Set(calls.flatMap((c) => c.sources))]
  const named = defenders
    .filter((d) => calls.some((c) => c.people.includes(d.id)))
    .map((d) => d.name)
  const about = named.length
    ? ` about ${listing(named)}`
    : release.country
      ? ` about ${countryName(release.country)}`
      : ''
  return {
    slug: uniqueSlug(slugify(target.replace(/^the\s+/i, '')), taken),
    kind: 'general',
    defender: null,
    status: 'draft',
    goal: GENERAL_GOAL,
    languages: ['en'],
    allowedOrigins: [],
    sources,
    askSources,
    editorNotes: asks.length
      ? ['Each ask restates a demand of the release; check it against its source sentence.']
      : ['The release makes no demand of this addressee: add asks only from the release.'],
    translations: {
      en: {
        title: `${target}: ${first}`,
        summary: `What ${capitalise(byline(release))} asks of ${lowerThe(target)}.`,
        story: `${capitalise(byline(release))} addresses ${lowerThe(target)}${about}.`,
        target,
        asks,
      },
    },
  }
}

/** Drafts for an editor to rewrite: status draft, text built from the facts, sources verbatim. */
export function draftCampaigns(
  release: ReleaseInfo,
  defenders: DraftDefender[],
  calls: CallToAction[],
): CampaignContent[] {
  const taken = new Set(defenders.map((d) => d.slug))
  const surnames = (d: DraftDefender) => d.name.split(/\s+/).pop()!
  const out = defenders.map((d) =>
    defenderCampaign(
      d,
      calls,
      release,
      defenders.filter((o) => o !== d && surnames(o) !== surnames(d)).map(surnames),
    ),
  )
  const groups = new Map<string, CallToAction[]>()
  for (const call of calls) {
    const key = targetKey(call.target, release)
    groups.set(key, [...(groups.get(key) ?? []), call])
  }
  for (const group of groups.values()) out.push(generalCampaign(group, release, taken, defenders))
  return out
}

/** The release's slug: publisher acronym, date and the title's first words. */
export function releaseSlug(release: { title: string; publisher?: string; date?: string }): string {
  const acronym = /\(([A-Z][A-Z0-9&-]{1,9})\)/.exec(release.publisher ?? '')?.[1]
  const words = slugify(release.title, 200)
    .split('-')
    .filter((w) => !/^(?:the|a|an|of|to|for|and|in|on|at|against|must|be|should|by|with)$/.test(w))
    .slice(0, 5)
  return slugify([acronym, release.date, ...words].filter(Boolean).join('-'), 80) || 'release'
}
