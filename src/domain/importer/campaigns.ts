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

function defenderAsks(d: DraftDefender): string[] {
  const p = d.persecution
  const asks: string[] = []
  if (p.has('imprisoned') || p.has('detained')) {
    asks.push(`Release ${d.name} immediately and unconditionally.`)
  }
  if (p.has('convicted') || p.has('sentenced')) asks.push(`Quash the conviction of ${d.name}.`)
  else if (p.has('charged')) asks.push(`Drop all charges against ${d.name}.`)
  if (p.has('tortured') || p.has('attacked')) {
    asks.push(
      `Investigate promptly and impartially the ill-treatment ${d.name} reported, and bring those responsible to justice.`,
    )
  }
  if (p.has('threatened')) {
    asks.push(`Investigate the threats against ${d.name} and guarantee their safety.`)
  }
  if (d.ill) asks.push(`Make sure ${d.name} gets the medical care they need without delay.`)
  asks.push(`End reprisals against ${d.name} for their peaceful human rights work.`)
  return asks
}

function defenderTitle(d: DraftDefender): string {
  if (d.status === 'imprisoned' || d.status === 'detained') return `Free ${d.name}`
  if (d.status === 'convicted' || d.status === 'charged') return `Justice for ${d.name}`
  return `Protect ${d.name}`
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

function defenderCampaign(
  d: DraftDefender,
  calls: CallToAction[],
  release: ReleaseInfo,
): CampaignContent {
  const events = whatHappened(d.persecution)
  const where = d.country === 'ZZ' ? '' : ` from ${countryName(d.country)}`
  const story = [
    `${d.name} is ${article(d.role)} ${d.role}${where}${d.exiled ? ' who lives in exile' : ''}.`,
    events.length
      ? `According to ${byline(release)}, they have been ${listing(events)} because of their work.`
      : `According to ${byline(release)}, they are at risk because of their work.`,
    d.ill ? 'There are serious concerns for their health.' : '',
    calls.some((c) => c.people.includes(d.id)) ? 'The release calls for action on their case.' : '',
  ]
    .filter(Boolean)
    .join(' ')
  return {
    slug: d.slug,
    kind: 'defender',
    defender: d.slug,
    status: 'draft',
    goal: DEFENDER_GOAL,
    languages: ['en'],
    allowedOrigins: [],
    sources: d.sources,
    translations: {
      en: {
        title: defenderTitle(d),
        summary: `${capitalise(article(d.role))} ${d.role}${where}${events.length ? ` who has been ${listing(events)}` : ' at risk'}.`,
        story,
        target: targetFor(d, calls, release),
        asks: defenderAsks(d),
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
): CampaignContent {
  const target = displayTarget(
    calls.map((c) => c.target ?? ''),
    release,
  )
  const asks = [...new Set(calls.flatMap((c) => c.asks))]
  if (!asks.length) asks.push('Act on the concerns raised in the release.')
  const first = shortAsk(asks[0]!)
  const more = asks.length - 1
  const sources = [...new Set(calls.flatMap((c) => c.sources))]
  return {
    slug: uniqueSlug(slugify(target.replace(/^the\s+/i, '')), taken),
    kind: 'general',
    defender: null,
    status: 'draft',
    goal: GENERAL_GOAL,
    languages: ['en'],
    allowedOrigins: [],
    sources,
    translations: {
      en: {
        title: `${target}: ${first}`,
        summary: `${capitalise(byline(release))} asks ${lowerThe(target)} to ${first}${more ? `, among ${more + 1} requests` : ''}.`,
        story: `In ${byline(release)}, ${release.publisher ? 'the publisher' : 'the author'} turns to ${lowerThe(target)}${release.country ? ` about the situation in ${countryName(release.country)}` : ''} with ${asks.length === 1 ? 'one request' : `${asks.length} requests`}, listed as the asks of this campaign.`,
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
  const out = defenders.map((d) => defenderCampaign(d, calls, release))
  const groups = new Map<string, CallToAction[]>()
  for (const call of calls) {
    const key = targetKey(call.target, release)
    groups.set(key, [...(groups.get(key) ?? []), call])
  }
  for (const group of groups.values()) out.push(generalCampaign(group, release, taken))
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
