/** Finds the people a release names and links every later mention of them to one person. */
import { isPlaceWord } from './gazetteer.ts'
import type { ReleaseDocument, Sentence } from './sentences.ts'

export interface Mention {
  person: number
  sentence: number
  /** Offsets of the name in the sentence text, title and possessive ’s excluded. */
  start: number
  end: number
  /** Where the mention begins, title included ("President Ilham Aliyev"). */
  outerStart: number
  /** Capitalised title words right before the name: ['Mr'], ['Deputy', 'Interior', 'Minister']. */
  titles: string[]
  possessive: boolean
  full: boolean
}

export interface Person {
  id: number
  /** The full name as the release writes it most often. */
  name: string
  forms: Map<string, number>
  mentions: Mention[]
}

/** Courtesy and office titles; they split a run of capitalised words and are kept as evidence. */
export const TITLES = new Set([
  'Mr',
  'Mrs',
  'Ms',
  'Mx',
  'Miss',
  'Dr',
  'Prof',
  'Professor',
  'Sir',
  'Dame',
  'Madam',
  'Madame',
  'President',
  'Vice-President',
  'Prime',
  'Minister',
  'Deputy',
  'Judge',
  'Justice',
  'Prosecutor',
  'Procurator',
  'Colonel',
  'Col',
  'General',
  'Gen',
  'Major',
  'Maj',
  'Captain',
  'Capt',
  'Lieutenant',
  'Lt',
  'Sergeant',
  'Sgt',
  'Officer',
  'Inspector',
  'Commander',
  'Chief',
  'Governor',
  'Mayor',
  'Akim',
  'Hokim',
  'Ambassador',
  'Senator',
  'Speaker',
  'Chairman',
  'Chairwoman',
  'Chair',
  'Director',
  'Head',
  'Secretary',
  'Commissioner',
  'Ombudsperson',
  'Ombudsman',
  'Rapporteur',
  'Representative',
  'Special',
  'High',
  'Foreign',
  'Interior',
  'Defence',
  'Defense',
  'Affairs',
  'Internal',
  'King',
  'Queen',
  'Prince',
  'Princess',
  'Sheikh',
  'Imam',
  'Father',
  'Bishop',
  'Rev',
  'Reverend',
  'Hon',
  'Excellency',
  'Activist',
  'Journalist',
  'Lawyer',
  'Blogger',
  'Defender',
  'Public',
])

/** Words that make a run of capitals an organisation, outlet, event or document, never a person. */
const ORG_WORDS = new Set(
  `Rights Watch Centre Center Committee Committees Commission Council Court Courts Office Ministry
  Department Agency Service Services Bureau Association Alliance Network Platform Foundation Fund
  Trust Society Union Party Partnership Observatory Monitor Group Institute Institution University
  College Academy School Organisation Organization International Federation Republic Kingdom States
  Nations Government Parliament Assembly Senate Congress Duma Majlis Police Army Forces Guard Prison
  Colony Agreement Agreements Treaty Convention Declaration Charter Code Law Act Constitution
  Conference Summit Meeting Forum Dialogue Session Day Week Games Olympic Cup Festival Award Prize
  News Times Post Radio TV Television Channel Press Media Daily Gazette Journal Review Magazine Live
  Online Support Index Borders Street Avenue Road Square Prospect Region Province Oblast District
  Valley Mountains River Lake Sea Bank Company Corporation Ltd Inc Movement Front Initiative Project
  Campaign Coalition Club House Hall Board Mission Delegation Delegations Embassy Consulate
  Directorate Administration Cabinet Secretariat Bar Citizens Church Mosque Cathedral Museum Library
  Hospital Clinic Airport Station Stadium Park Palace Tower Chamber Tribunal Unit Division Branch
  Section Programme Program Strategy Plan Report Resolution Defenders Lawyers Journalists Reporters
  Activists Union Solidarity Helsinki Amnesty Freedom Democracy Justice Human Civil Civic Watchdog
  Institute Centre Council Initiative Telegram Facebook Twitter YouTube Instagram WhatsApp Google
  Airlines Games Party Bloc Front Council Ministerial Partnership Enhanced Cooperation Security
  National State Federal Regional Republican City Municipal Supreme Constitutional Investigative
  Olympic Europe European Asia Asian Central Eastern Western Northern Southern North South East West
  Caucasus Balkans Union Peninsula Island Islands Gulf Bay Desert Mountain Steppe Plateau Coast
  Canal Strait Highlands Lowlands Basin Delta`.split(/\s+/),
)

/** Capitalised words that begin sentences or headings but never belong to a name. */
const STOP_WORDS = new Set(
  `The A An In On At By For From Of To With Without Within Into Over Under After Before During Since
  Until Among Amid Against About Above Across Along Around As Because But And Or Nor So Yet If
  Although Though While Whereas When Where Which Who Whom Whose What Why How That This These Those
  There Here Their They Them We Our Us You Your He She His Her Him It Its My Me Also However
  Moreover Furthermore Meanwhile Earlier Later Today Yesterday Tomorrow Now Then Thus Therefore
  Instead Inside Outside Despite Following According Including Both Each Every All Any Some Many
  Most Several Other Another Such No Not Only Even Still Just Once One Two Three Four Five Six Seven
  Eight Nine Ten Eleven Twelve Twenty Thirty Forty Fifty Hundred Hundreds Thousand Thousands Million
  First Second Third Last Next New Old Free Release See Contact Note Notes Editors Ends End Page
  Signatories Statement Press Joint Public Open Letter Urgent Appeal Action Background Read More
  Information Update Follow Please Dear Yours Sincerely Regards Faithfully Cc Tel Email Phone Fax
  January February March April May June July August September October November December Monday
  Tuesday Wednesday Thursday Friday Saturday Sunday Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
  Drop Charges Peaceful Detainees Must Should Will Would Could Can May Might Let Stop End Protect
  Stand Justice Solidarity Support Sign Join Take Write Call Urge Remind Demand Around Between Beyond
  Through Throughout Towards Upon Via Yes Ahead Already Almost Again Always Never Often Soon Very
  Well Whether Either Neither Unless Whilst Indeed Overall Similarly Likewise Finally Lastly
  Additionally Nevertheless Nonetheless Accordingly Consequently Hence Otherwise Perhaps Mostly
  Unknown Unidentified Armed Local Independent Opposition Authorities Officials Officers Police
  Prosecutors Investigators Judges Security Relatives Family Families People Women Men Children
  Prisoners Protesters Critics Residents Citizens Members Staff Human Rights Defender Defenders
  Activist Activists Lawyer Lawyers Journalist Journalists Blogger Bloggers Recommendations
  Recommendation Summary Conclusion Introduction Dialogue Chapter Article Section Part Annex Mr Mrs
  Ms Dr`.split(/\s+/),
)

/** Lower-case parts of names: "van den Broek", "Kanybek Asan uulu", "Aizada Toktosun kyzy". */
const LEADING_PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'du',
  'la',
  'le',
  'al',
  'el',
  'bin',
  'ibn',
  'ben',
])
const TRAILING_PARTICLES = new Set([
  'uulu',
  'uly',
  'kyzy',
  'gyzy',
  'kizi',
  'qizi',
  'ogly',
  'oglu',
  'ogli',
  'ugli',
  'oʻgʻli',
  "o'g'li",
])

// A word in a name ends in a letter; apostrophes and hyphens may sit inside it (Oʻgʻiloy, O’Brien).
// Rule "transliteration mark": an ayn or hamza may open a word of a name ("Mohamed ‘Abdullah
// al-Roken", "Muhammad ‘Abd al-Qader"); the mark belongs to the word, not to a quotation.
const TOKEN =
  /(?<=\s)[‘ʻʼ’](?=\p{Lu}\p{Ll})[\p{L}\p{M}ʻʼ'’-]*[\p{L}\p{M}]|[\p{L}\p{M}](?:[\p{L}\p{M}ʻʼ'’-]*[\p{L}\p{M}])?/gu
const NOT_NAME_SUFFIX = /(?:tion|sion|ment|ness|ship|ism|ists?|ities|ance|ings?|ology|ship)$/

interface Token {
  text: string
  start: number
  end: number
  possessive: boolean
}

type Kind = 'name' | 'title' | 'particle' | 'initial' | 'org' | 'stop' | 'lower'

const GLUED_WORDS = 'last|and|was|were|who|which|has|had|is|in|on|of|for|with|after|said|from|the'
const GLUED = new RegExp(`^(\\p{Lu}[\\p{L}’'-]{4,}?)(${GLUED_WORDS})$`, 'u')

/**
 * Rule "words run together": a store that drops the space at a link's edge writes "Hatem
 * Al-Malikilast week", "Salem Al-Arimiand Uday Al-Omairi". A capitalised word ending in a small
 * word is two words when its first part stands alone elsewhere in the release (`alone`), or when
 * the small word is "and" between a hyphenated name and the next name. The text is not changed.
 */
function unglue(word: string, next: string, alone: ReadonlySet<string>): [string, string] | null {
  const m = GLUED.exec(word)
  if (!m) return null
  const [, stem, tail] = m as unknown as [string, string, string]
  const between = tail === 'and' && stem.includes('-') && /^\s\p{Lu}\p{Ll}/u.test(next)
  return alone.has(stem) || between ? [stem, tail] : null
}

/** Capitalised words standing mid-sentence somewhere in the release: "… said Hatem Al-Maliki". */
export function wordsAlone(doc: ReleaseDocument): Set<string> {
  const out = new Set<string>()
  for (const s of doc.sentences) {
    for (const m of s.text.matchAll(/(?<=\p{L}[,;]?\s)\p{Lu}[\p{L}’'-]+(?![\p{L}’'-])/gu))
      out.add(m[0])
  }
  return out
}

function tokens(text: string, alone: ReadonlySet<string> = new Set()): Token[] {
  const out: Token[] = []
  for (const m of text.matchAll(TOKEN)) {
    const glued = unglue(m[0], text.slice(m.index + m[0].length, m.index + m[0].length + 3), alone)
    if (glued) {
      const [stem, tail] = glued
      out.push({ text: stem, start: m.index, end: m.index + stem.length, possessive: false })
      out.push({
        text: tail,
        start: m.index + stem.length,
        end: m.index + m[0].length,
        possessive: false,
      })
      continue
    }
    let word = m[0]
    let possessive = false
    if (/['’]s$/.test(word) && word.length > 3) {
      word = word.slice(0, -2)
      possessive = true
    }
    out.push({ text: word, start: m.index, end: m.index + word.length, possessive })
  }
  return out
}

function kindOf(token: Token, text: string): Kind {
  const w = token.text.replace(/^[‘ʻʼ’]/, '')
  if (/^\p{Lu}$/u.test(w) && text[token.end] === '.') return 'initial'
  if (TITLES.has(w) || (w.includes('-') && w.split('-').every((part) => TITLES.has(part)))) {
    return 'title'
  }
  // Arabic and Persian article prefixes: "Abdullah al-Hamid".
  if (/^(?:al|el|ad|ud|ul|ibn|bin)-\p{Lu}\p{Ll}/u.test(w)) return 'name'
  if (!/^\p{Lu}/u.test(w)) {
    return LEADING_PARTICLES.has(w) || TRAILING_PARTICLES.has(w) ? 'particle' : 'lower'
  }
  if (ORG_WORDS.has(w)) return 'org'
  if (STOP_WORDS.has(w) || isPlaceWord(w)) return 'stop'
  if (!/\p{Ll}/u.test(w) || w.length < 2) return 'stop' // acronyms and capitals: JWC, KGB, UZBEKISTAN
  if (w.includes('-') && w.split('-').some((part) => isPlaceWord(part) || part === 'based')) {
    return 'stop'
  }
  if (NOT_NAME_SUFFIX.test(w.toLowerCase())) return 'stop'
  return 'name'
}

/** The noun right before a name that says it names an outlet, a group or a place. */
const THING_BEFORE =
  /\b(?:website|site|outlet|newspaper|paper|daily|weekly|magazine|channel|station|agency|portal|organi[sz]ation|ngo|group|party|movement|society|company|village|town|city|region|district|street|programme|program|campaign|called|named|titled|entitled|platform|network|initiative|operation)\s*["“«]?$/i
const THING_AFTER =
  /^["”»]?\s*(?:society|organi[sz]ation|movement|party|foundation|centre|center|network|association|newspaper|website|channel|outlet|agency|group|committee|coalition|company|campaign|initiative|platform|project|programme|program|fund|club|union|village|district|region|prison|colony|reservoir|operation)\b/i

export interface Candidate {
  sentence: number
  start: number
  end: number
  outerStart: number
  titles: string[]
  parts: string[]
  possessive: boolean
  nameTokens: number
}

/** Runs of capitalised words that can be a person's name, full (2–4 words) or a single surname. */
export function nameCandidates(
  sentence: Sentence,
  alone: ReadonlySet<string> = new Set(),
): Candidate[] {
  const text = sentence.text
  const toks = tokens(text, alone)
  const kinds = toks.map((t) => kindOf(t, text))
  const out: Candidate[] = []
  let i = 0
  while (i < toks.length) {
    if (kinds[i] === 'lower') {
      i++
      continue
    }
    // A run: adjacent words, separated by one space (or ". " after a title or an initial).
    let j = i
    while (j + 1 < toks.length && kinds[j + 1] !== 'lower' && !toks[j]!.possessive) {
      const gap = text.slice(toks[j]!.end, toks[j + 1]!.start)
      const dotted = kinds[j] === 'initial' || kinds[j] === 'title'
      if (!(gap === ' ' || (dotted && (gap === '. ' || gap === '.')))) break
      j++
    }
    collect(sentence, toks.slice(i, j + 1), kinds.slice(i, j + 1), out)
    i = j + 1
  }
  return out
}

/** Plural roles that open a sentence before names: "Activists A and B were arrested". */
const PLURAL_ROLES = new Set(
  'Activists Journalists Lawyers Defenders Reporters Bloggers Campaigners Dissidents'.split(' '),
)

function collect(sentence: Sentence, whole: Token[], wholeKinds: Kind[], out: Candidate[]) {
  const text = sentence.text
  // Rule "plural role first": "Activists Aigerim Nurlanova and …" is a role and a name, while
  // "Journalists Union of X" stays an organisation.
  let run = whole
  let kinds = wholeKinds
  while (run.length > 1 && PLURAL_ROLES.has(run[0]!.text)) {
    run = run.slice(1)
    kinds = kinds.slice(1)
  }
  if (kinds.includes('org')) return
  const first = run[0]!
  const last = run[run.length - 1]!
  if (THING_BEFORE.test(text.slice(Math.max(0, first.start - 30), first.start))) return
  // Rule "place after 'in'": "Police in Bazar Kurgon", "a defender from Bazar Kurgon" name a town
  // the gazetteer does not know; a person after "in"/"from" is written with a possessive.
  if (
    /\b(?:in|near|outside|from)\s+$/i.test(text.slice(Math.max(0, first.start - 8), first.start)) &&
    !last.possessive &&
    !kinds.includes('title') &&
    !/^\s*(?:,\s*(?:a|an|the|who|whose)\b|\()/i.test(text.slice(last.end))
  ) {
    return
  }
  if (THING_AFTER.test(text.slice(last.end + (last.possessive ? 2 : 0)))) return
  // Rule "organisation's tail": "the Court for Grave Crimes", "the Committee of Soldiers' Mothers":
  // capitals after an organisation's word and a preposition finish its name.
  const lead = /([\p{Lu}][\p{L}’'-]*)\s+(?:for|of|on|against)\s+(?:the\s+)?$/u.exec(
    text.slice(Math.max(0, first.start - 40), first.start),
  )
  if (lead && ORG_WORDS.has(lead[1]!)) return
  // A name alone in quotation marks is a title or a nickname: “Ana Tili” society, “Viasna”.
  const quote = sentence.quoted.find(([a, b]) => a <= first.start && b >= last.end)
  if (quote && text.slice(quote[0], quote[1]).split(/\s+/).length <= run.length + 1) return
  let k = 0
  while (k < run.length) {
    if (kinds[k] !== 'name' && kinds[k] !== 'particle') {
      k++
      continue
    }
    let e = k
    while (e + 1 < run.length && (kinds[e + 1] === 'name' || kinds[e + 1] === 'particle')) e++
    let s = k
    while (s <= e && kinds[s] === 'particle' && !LEADING_PARTICLES.has(run[s]!.text)) s++
    let t = e
    while (t >= s && kinds[t] === 'particle' && !TRAILING_PARTICLES.has(run[t]!.text)) t--
    const slice = run.slice(s, t + 1)
    const nameTokens = kinds.slice(s, t + 1).filter((x) => x === 'name').length
    if (nameTokens >= 1 && nameTokens <= 4) {
      const titles: string[] = []
      let outer = run[s]!.start
      for (let b = s - 1; b >= 0 && kinds[b] === 'title'; b--) {
        titles.unshift(run[b]!.text)
        outer = run[b]!.start
      }
      // "H.E." is an honorific of office written as two initials.
      const before = text.slice(Math.max(0, outer - 6), outer)
      if (/H\.\s?E\.\s*$/.test(before)) titles.unshift('H.E.')
      out.push({
        sentence: sentence.index,
        start: run[s]!.start,
        end: run[t]!.end,
        outerStart: outer,
        titles,
        parts: slice.map((x) => x.text),
        possessive: run[t]!.possessive,
        nameTokens,
      })
    }
    k = e + 1
  }
}

/** A spelling key that forgives the usual transliteration differences (kh/h, w/v, y/i, doubled letters). */
export function skeleton(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ʻʼ'’`-]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/dzh|dj/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i')
    .replace(/(\p{L})\1+/gu, '$1')
}

/** Edits between two spellings; two letters swapped ("Vinyavksiy" for "Vinyavskiy") is one. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1)
      }
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/**
 * Two spellings of one surname. One letter apart is a variant (Zhukouskaya / Zhukovskaya) unless
 * the difference is the feminine ending: Gaziev and Gazieva are two people of one family.
 */
export function sameSurname(a: string, b: string): 'exact' | 'variant' | false {
  const x = skeleton(a)
  const y = skeleton(b)
  if (x === y) return 'exact'
  if (x === `${y}a` || y === `${x}a`) return false
  if (Math.min(x.length, y.length) >= 6 && distance(x, y) <= 1) return 'variant'
  return false
}

function surnameForms(parts: string[]): string[] {
  const names = parts.filter((p) => !LEADING_PARTICLES.has(p) && !TRAILING_PARTICLES.has(p))
  const forms = new Set<string>()
  // The surname with its particles: "Asan uulu", "van den Broek".
  let i = parts.length - 1
  while (i > 0 && TRAILING_PARTICLES.has(parts[i]!)) i--
  let s = i
  while (s > 1 && LEADING_PARTICLES.has(parts[s - 1]!)) s--
  forms.add(parts.slice(s).join(' '))
  forms.add(parts[i]!)
  if (names.length >= 3) forms.add(parts.slice(s - 1).join(' '))
  return [...forms]
}

function samePerson(a: string[], b: string[]): boolean {
  const first = sameSurname(a[0]!, b[0]!)
  if (!first) return false
  const lastA = surnameForms(a)[0]!
  const lastB = surnameForms(b)[0]!
  return Boolean(sameSurname(lastA, lastB))
}

/**
 * Everyone named in the release. Full names (two to four words) make people; a surname alone,
 * with or without a title, is linked to the person of that surname named most recently before it
 * (or, failing that, first after it), preferring an exact spelling over a transliteration variant.
 */
export function findPeople(
  doc: ReleaseDocument,
  namesFrom: (s: Sentence) => boolean = () => true,
): Person[] {
  const people: Person[] = []
  const parts: string[][] = []
  const shorts: Candidate[] = []
  const fulls: Candidate[] = []
  const headline: Candidate[] = []
  const alone = wordsAlone(doc)
  for (const sentence of doc.sentences) {
    if (!namesFrom(sentence)) {
      headline.push(...nameCandidates(sentence, alone).filter((c) => c.nameTokens >= 2))
      continue
    }
    for (const c of nameCandidates(sentence, alone)) {
      if (c.nameTokens < 2) {
        shorts.push(c)
        continue
      }
      fulls.push(c)
      const form = c.parts.join(' ')
      let id = people.findIndex((_, p) => samePerson(parts[p]!, c.parts))
      // Rule "two-word surname": "Abdul Nabi" after "Hussain Ali Abdul Nabi" is him again.
      if (id < 0 && c.parts.length === 2 && !c.titles.length) {
        id = people.findIndex(
          (_, p) =>
            parts[p]!.length >= 3 &&
            parts[p]!.slice(-2).every((w, k) => sameSurname(w, c.parts[k]!) === 'exact'),
        )
        if (id >= 0) {
          people[id]!.mentions.push(mentionOf(c, id, false))
          continue
        }
      }
      if (id < 0) {
        id = people.length
        people.push({ id, name: form, forms: new Map(), mentions: [] })
        parts.push(c.parts)
      }
      const person = people[id]!
      person.forms.set(form, (person.forms.get(form) ?? 0) + 1)
      person.mentions.push(mentionOf(c, id, true))
    }
  }
  // Rule "name in a Title Case headline": its capitals prove nothing, but a full name there whose
  // surname the body uses alone ("Tulkin Karayev, Institute …" above "Police stopped Karayev")
  // is that person's.
  for (const h of headline) {
    const surname = surnameForms(h.parts)[0]!
    if (people.some((_, p) => samePerson(parts[p]!, h.parts))) continue
    if (!shorts.some((c) => sameSurname(c.parts.join(' '), surname) === 'exact')) continue
    const id = people.length
    const form = h.parts.join(' ')
    people.push({ id, name: form, forms: new Map([[form, 1]]), mentions: [mentionOf(h, id, true)] })
    parts.push(h.parts)
  }
  for (const c of shorts) {
    const form = c.parts.join(' ')
    // Rule "shared surname": "Leyla and Arif Yunus" names Leyla Yunus too.
    const text = doc.sentences[c.sentence]!.text
    const partner = fulls.find(
      (f) =>
        f.sentence === c.sentence &&
        f.nameTokens === 2 &&
        c.titles.length === 0 &&
        /^\s+and\s+$/.test(text.slice(c.end, f.outerStart)),
    )
    const knownSurname = people.some((p) =>
      surnameForms(parts[p.id]!).some((x) => sameSurname(x, form) === 'exact'),
    )
    if (partner && !knownSurname && !c.possessive) {
      const pair = [c.parts[0]!, ...partner.parts.slice(1)]
      let id = people.findIndex((_, p) => samePerson(parts[p]!, pair))
      if (id < 0) {
        id = people.length
        people.push({
          id,
          name: pair.join(' '),
          forms: new Map([[pair.join(' '), 1]]),
          mentions: [],
        })
        parts.push(pair)
      }
      people[id]!.mentions.push(mentionOf(c, id, true))
      continue
    }
    const matches = people
      .map((p) => ({
        p,
        how: surnameForms(parts[p.id]!).reduce<'exact' | 'variant' | false>(
          (best, s) => best || sameSurname(s, form),
          false,
        ),
      }))
      .filter((m) => m.how)
    if (!matches.length) continue
    const exact = matches.filter((m) => m.how === 'exact')
    const pool = (exact.length ? exact : matches).map((m) => m.p)
    const at = (m: Mention) => m.sentence * 100_000 + m.start
    const here = c.sentence * 100_000 + c.start
    const before = pool
      .map((p) => ({ p, last: Math.max(-1, ...p.mentions.filter((m) => at(m) < here).map(at)) }))
      .filter((x) => x.last >= 0)
      .sort((x, y) => y.last - x.last)
    const chosen =
      before[0]?.p ??
      pool.sort((x, y) => Math.min(...x.mentions.map(at)) - Math.min(...y.mentions.map(at)))[0]!
    chosen.mentions.push(mentionOf(c, chosen.id, false))
  }
  for (const person of people) {
    person.mentions.sort((a, b) => a.sentence - b.sentence || a.start - b.start)
    let best = person.name
    for (const [form, n] of person.forms) if (n > (person.forms.get(best) ?? 0)) best = form
    person.name = best
  }
  return people
}

function mentionOf(c: Candidate, person: number, full: boolean): Mention {
  return {
    person,
    sentence: c.sentence,
    start: c.start,
    end: c.end,
    outerStart: c.outerStart,
    titles: c.titles,
    possessive: c.possessive,
    full,
  }
}
