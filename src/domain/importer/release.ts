/** Reads a release's masthead: title, publisher, date, place, addressee, and where the body starts. */
import { findPlaces, isDiplomaticMention, isEthnicMention } from './gazetteer.ts'
import type { Block, ReleaseDocument } from './sentences.ts'

export interface ReleaseInfo {
  title: string
  publisher?: string
  /** ISO YYYY-MM-DD. */
  date?: string
  place?: string
  /** Index of the first block of running text; the blocks before it are the masthead. */
  bodyStart: number
  /** Whom an open letter is written to ("President Ilham Aliyev"), for "we call on you". */
  addressee?: string
  /** Acronyms the release spells out: GKNB → State Committee for National Security. */
  acronyms: Map<string, string>
  /** The country the release is mostly about, if any. */
  country?: string
}

const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
}
const MONTH = `(?:${Object.keys(MONTHS).join('|')})\\.?`
// "3 March 2021", "March 3, 2021", "2021-03-03", and the day first with dots: "03.03.2021".
const DATE_SOURCE = `(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\.\\d{1,2}\\.\\d{4})`
const DATE = new RegExp(DATE_SOURCE, 'i')
const PLACE = `[\\p{Lu}][\\p{L}.’'-]*(?: [\\p{Lu}][\\p{L}.’'-]*){0,2}(?:\\s*[/–—-]\\s*[\\p{Lu}][\\p{L}.’'-]*(?: [\\p{Lu}][\\p{L}.’'-]*){0,2})*`
const PLACE_DATE = new RegExp(`^(${PLACE}),\\s*(${DATE_SOURCE})`, 'iu')
const PAREN_PLACE = new RegExp(`^\\((${PLACE})\\)\\s*[–—-]`, 'u')

/** ISO date from "10 December 2010", "May 24, 2016" or "2010-12-10". */
export function isoDate(text: string): string | undefined {
  const m = DATE.exec(text)
  if (!m) return undefined
  const s = m[0].replace(/(\d)(st|nd|rd|th)/i, '$1').replace(/[.,]/g, ' ')
  let y: number
  let mo: number
  let d: number
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(m[0])
  if (dotted) {
    ;[d, mo, y] = [Number(dotted[1]), Number(dotted[2]), Number(dotted[3])]
  } else if (iso) {
    ;[y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  } else {
    const words = s.split(/\s+/).filter(Boolean)
    const dayFirst = /^\d/.test(words[0]!)
    d = Number(dayFirst ? words[0] : words[1])
    mo = MONTHS[(dayFirst ? words[1] : words[0])!.toLowerCase()] ?? 0
    y = Number(words[2])
  }
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  return date.toISOString().slice(0, 10)
}

const LABEL =
  /^(?:(?:press|news|media) release|for immediate release|(?:joint |public )?statement|embargoed.*|urgent (?:action|appeal)(?:\s*[-–—:].*)?|ends|- ends -|open letter|update|news)[:.]?$/i
/** A letterhead in capitals: "THE OBSERVATORY FOR THE PROTECTION OF HUMAN RIGHTS DEFENDERS". */
const LETTERHEAD =
  /^(?:THE )?[\p{Lu}\s&,'’-]*\b(?:OBSERVATORY|COMMITTEE|CENTRE|CENTER|FOUNDATION|ASSOCIATION|NETWORK|WATCH|INTERNATIONAL|FEDERATION|ORGANI[SZ]ATION|ALLIANCE|COALITION|UNION|PARTNERSHIP|INSTITUTE|PLATFORM)\b[\p{Lu}\s&,'’-]*$/u
const LETTERHEAD_LABEL =
  /^((?:THE )?[\p{Lu}&'’-]{2,}(?: [\p{Lu}&'’-]{2,}){0,8}) (?:[Pp]ublic [Ss]tatement|[Pp]ress [Rr]elease|[Nn]ews [Rr]elease|[Uu]rgent [Aa]ction|[Jj]oint [Ss]tatement|[Ss]tatement)\b/u
const BYLINE = /^(?:a )?(?:joint )?(?:statement|release|letter|appeal) (?:by|from) (.+)$/i

const CREDIT =
  /\((?:[^()]{0,80}\/[^()]{0,80}|(?:Photo|Screenshot|Image|Credit|Picture)\b[^()]{0,80})\)\s*$/i

function isProse(block: Block): boolean {
  const words = block.text.split(/\s+/).length
  if (PAREN_PLACE.test(block.text)) return true
  const pd = PLACE_DATE.exec(block.text)
  if (pd && block.text.length > pd[0].length + 40) return true
  return (
    words >= 15 &&
    (/[.!?;:]["”’)]?$/.test(block.text) || /\p{Ll}{2,}[.!?]["”’)]?\s+\p{Lu}/u.test(block.text))
  )
}

function isMastheadNoise(line: string): boolean {
  if (LABEL.test(line) || LETTERHEAD.test(line)) return true
  if (BYLINE.test(line)) return true
  if (/^dear\b/i.test(line)) return true
  // A date alone, a dateline alone, a reference number: "EUR 62/1234/2023".
  if (DATE.test(line) && line.replace(DATE, '').replace(/[\s,.–—-]/g, '') === '') return true
  // Rule "dated line": "May 26, 2010 - Updated on January 20, 2016", "Posted: June 21, 2005".
  if (
    DATE.test(line) &&
    line
      .replace(new RegExp(DATE_SOURCE, 'gi'), '')
      .replace(/\b(?:updated|posted|published|modified|last|on|at|date|released)\b/gi, '')
      .replace(/[\s,.:|–—-]/g, '') === ''
  ) {
    return true
  }
  const pd = PLACE_DATE.exec(line)
  if (pd && line.length - pd[0].length < 3) return true
  if (/\d/.test(line) && !/\p{Ll}{3}/u.test(line)) return true
  if (/^(?:ref|index|our ref|ai index)\b/i.test(line)) return true
  if (/\b(?:index|ref(?:erence)?|ua|date)\s*[:\d]/i.test(line) && /\d/.test(line)) return true
  return false
}

/** A short label above the headline: "Russian Federation / Ingushetia", "Human Rights Day:". */
function isKicker(line: string): boolean {
  if (line.endsWith(':')) return true
  if (line.includes(':')) return false
  const words = line.split(/\s+/).filter((w) => /\p{L}/u.test(w))
  return words.length <= 5 && words.every((w) => /^\p{Lu}/u.test(w) || /^(?:of|and)$/.test(w))
}

function joinsNext(line: string, next: string): boolean {
  return (
    line.endsWith(':') ||
    /[,–—-]$/.test(line) ||
    /\b(?:for|of|and|to|the|in|on|with|against|a|an|by|from|at)$/i.test(line) ||
    /^\p{Ll}/u.test(next)
  )
}

function readTitle(blocks: Block[], bodyStart: number): string | undefined {
  const lines: { line: string; block: number }[] = []
  for (const block of blocks.slice(0, bodyStart)) {
    for (const line of block.lines) {
      const clean = line.replace(/\s+/g, ' ').trim()
      if (!isMastheadNoise(clean)) lines.push({ line: clean, block: block.index })
    }
  }
  if (!lines.length) return undefined
  let title = lines[0]!.line
  let i = 1
  while (
    i < lines.length &&
    lines[i]!.block === lines[0]!.block &&
    joinsNext(title, lines[i]!.line)
  ) {
    title = `${title} ${lines[i]!.line}`
    i++
  }
  if (isKicker(title) && i < lines.length) {
    title = `${title.endsWith(':') ? title : `${title}:`} ${lines[i]!.line}`
  }
  return title.replace(/\s+/g, ' ').trim()
}

const ORG_WITH_ACRONYM =
  /((?:[\p{Lu}][\p{L}’'-]*|for|of|the|and|on|in|against|de|du|la|without|to)(?:\s+(?:[\p{Lu}][\p{L}’'-]*|for|of|the|and|on|in|against|de|du|la|without|to))*)\s+\(([\p{Lu}][\p{Lu}\d&-]{1,9})\)/gu

interface NamedOrg {
  name: string
  acronym: string
  /** Where the name starts and the acronym's closing bracket ends. */
  start: number
  end: number
}

function acronymsOf(text: string): NamedOrg[] {
  const out: NamedOrg[] = []
  for (const m of text.matchAll(ORG_WITH_ACRONYM)) {
    const words = m[1]!.split(/\s+/)
    while (words.length && !/^\p{Lu}/u.test(words[0]!)) words.shift()
    if (words[0] === 'The') words.shift()
    // "the President of the Bahrain Centre for Liberties (BCL)": the organisation, not its office.
    const office = words.findIndex((w, i) => w === 'of' && i > 0 && i <= 3)
    if (
      office > 0 &&
      /^(?:President|Vice-President|Director|Head|Chair\w*|Founder|Co-founder|Coordinator|Member|Secretary|Executive|Deputy|General)$/.test(
        words[0]!,
      )
    ) {
      words.splice(0, office + 1)
      if (words[0] === 'the') words.shift()
    }
    if (words.filter((w) => /^\p{Lu}/u.test(w)).length < 2) continue
    const name = words.join(' ')
    out.push({
      name,
      acronym: m[2]!,
      start: m.index + m[0].indexOf(name),
      end: m.index + m[0].length,
    })
  }
  return out
}

/** Words that make a run of capitals an organisation that can publish a release. */
const PUBLISHER_WORD =
  /\b(?:Watch|International|Defenders|Borders|Committee|Centre|Center|Foundation|Association|Network|Federation|Organi[sz]ation|Alliance|Coalition|Union|Partnership|Institute|Platform|Observatory|Monitor|Club|House|Society|Council|Initiative|Front|Rights|Freedom|Amnesty|Helsinki|Memorial|Project|Fund|Trust|Group|Movement|Forum)\b|\b[\p{Lu}]{3,}\b/u
const NOT_PUBLISHER =
  /\b(?:Government|Ministry|Court|Police|Prosecutor|Parliament|President|Authorities|Embassy|United Nations|UN|EU|European Union|OSCE|Republic|Kingdom|State Committee|Security|Supreme|National Assembly)\b/
const ORG_NAME = `(?:[\\p{Lu}][\\p{L}’'&.-]*|\\d{1,4})(?:\\s+(?:(?:for|of|the|and|on|in|against|Without|to|de)\\s+)*(?:[\\p{Lu}][\\p{L}’'&.-]*|\\d{1,4})){0,9}`
const SUBJECT_VERB =
  /^(?:is|are|was|were|has|have|had|calls?|urges?|welcomes?|condemns?|express(?:es)?|wish(?:es)?|demands?|considers?|believes?|deplores?|denounces?|reiterates?|appeals?|requests?|remains?|learned|learnt|received|strongly|today|said|says|would|notes?|stands?|joins?|protests?|regrets?|fears?|warns?|issued|condemned|deplored|denounced|welcomed|expressed|protested|called|urged|demanded|appealed|voiced)\b/
const SUBJECT = new RegExp(
  `^(?:[Tt]he\\s+)?(${ORG_NAME})(?:\\s*\\(([\\p{Lu}][\\p{Lu}\\d&-]{1,9})\\))?((?:,[^,]{3,140},)?\\s+(?:and\\s+(?:the\\s+)?(${ORG_NAME})(?:\\s*\\(([\\p{Lu}][\\p{Lu}\\d&-]{1,9})\\))?\\s+)?)`,
  'u',
)
const LIST_SUBJECT = new RegExp(
  `^(?:[Tt]he\\s+)?(${ORG_NAME})(?:\\s*\\(([\\p{Lu}][\\p{Lu}\\d&-]{1,9})\\))?(?:,\\s*(?:the\\s+)?${ORG_NAME}(?:\\s*\\([^)]{1,12}\\))?){1,8},?\\s+and\\s+(?:the\\s+)?${ORG_NAME}(?:\\s*\\([^)]{1,12}\\))?\\s+`,
  'u',
)
const ORG_WORD =
  /\b(?:Watch|International|Defenders|Borders|Committee|Centre|Center|Foundation|Association|Network|Federation|Organi[sz]ation|Alliance|Coalition|Union|Partnership|Institute|Platform|Observatory|Monitor|House|Society|Council|Initiative|Front|Amnesty|Helsinki|Memorial|Forum)\b/
const ORG_LINE = new RegExp(
  `^(?:[Tt]he\\s+)?(${ORG_NAME})(?:\\s*\\(([\\p{Lu}][\\p{Lu}\\d&-]{1,9})\\))?$`,
  'u',
)
const SAID_BY = new RegExp(
  `,\\s*(?:the\\s+)?(${ORG_NAME})(?:\\s*\\(([\\p{Lu}][\\p{Lu}\\d&-]{1,9})\\))?\\s+(?:said|says|stated)(?:\\s+(?:today|in a statement))?\\b`,
  'u',
)

// "…, said Amnesty International." — the organisation after the verb, at the sentence's end.
const SAID_ORG = new RegExp(
  `,\\s*(?:said|says|stated)\\s+(?:the\\s+)?(${ORG_NAME})(?:\\s*\\(([\\p{Lu}][\\p{Lu}\\d&-]{1,9})\\))?(?:\\s+(?:today|in a statement))?\\s*[.;]?\\s*$`,
  'u',
)
const STAFF_AT = new RegExp(
  `\\b(?:at|of|for|with)\\s+(?:the\\s+)?(${ORG_NAME})(?:\\s*\\(([\\p{Lu}][\\p{Lu}\\d&-]{1,9})\\))?\\s*[.,;”"]*\\s*$`,
  'u',
)
const STAFF_POSSESSIVE =
  /\b(?:said|says|added|stated)\s+(?:\p{Lu}[\p{L}’'-]*\s+){1,4}?\p{Lu}[\p{L}’'-]*,\s+(?:the\s+)?([\p{Lu}][\p{Lu}\d&-]{1,9})[’']s\s/u

/** The run of capitalised words in the release whose initials are `acronym`. */
function spelledOut(acronym: string, doc: ReleaseDocument): string | undefined {
  for (const s of doc.sentences) {
    for (const m of s.text.matchAll(new RegExp(ORG_NAME, 'gu'))) {
      const name = m[0].replace(/^The\s+/, '')
      if ((name.match(/\b\p{Lu}/gu) ?? []).join('') === acronym && name.includes(' ')) return name
    }
  }
  return undefined
}

const MID_SUBJECT = new RegExp(
  `\\s(${ORG_NAME})\\s*\\(([\\p{Lu}][\\p{Lu}\\d&-]{1,9})\\)\\s+(?:welcomes|condemns|deplores|denounces|calls|urges|demands|is (?:deeply |gravely )?(?:concerned|alarmed|appalled))\\b`,
  'u',
)

function asPublisher(name: string | undefined, acronym: string | undefined): string | undefined {
  if (!name) return undefined
  const clean = name
    .trim()
    .replace(/^The\s+/, '')
    .replace(/\.+$/, '')
  if (NOT_PUBLISHER.test(clean) || (!acronym && !PUBLISHER_WORD.test(clean))) return undefined
  if (clean.split(/\s+/).length === 1 && !/^[\p{Lu}\d]+$/u.test(clean)) return undefined
  return acronym ? `${clean} (${acronym})` : clean
}

/**
 * The publisher is the organisation that speaks in the release's own voice: the subject of an
 * opening sentence ("ARTICLE 19 calls on …", "The Gulf Centre for Human Rights (GCHR) welcomes …")
 * or the one the first paragraph quotes as saying it ("…, Human Rights Watch said today"). An
 * organisation merely named in the body (a defender's NGO, a source) is not the publisher.
 */
export function publisherFromText(sentences: string[], further: string[] = []): string | undefined {
  for (const raw of [...sentences, ...further]) {
    // Past the opening, a subject speaks only with a verb of voice ("has expressed concern"), not
    // "is"/"was": "BCHR is a member of IFEX" in a defender's biography is no publisher.
    const voice = !sentences.includes(raw)
    const text = raw
      // A store's "date 2024-11-07" line and a shouted dateline "WASHINGTON:" are no subject.
      .replace(/^date\s+\d{4}-\d{2}-\d{2}\s+/, '')
      .replace(/^[\p{Lu}]{3,}(?:[\s-][\p{Lu}]{2,})*\s*(?::|--|[–—])\s+/u, '')
      .replace(/^\([^)]{1,60}\)\s*[–—-]\s*/, '')
      .replace(
        /^[^,–—]{0,60},\s*(?:\d{1,2}\s+\p{L}+|\p{L}+\s+\d{1,2}),?\s*\d{4}(?:[^–—-]{0,20}|,[^,–—]{1,30})\s*[–—-]\s+/u,
        '',
      )
      .replace(
        /^(?:In a (?:joint )?statement[^,]{0,60},|Once again,|Therefore,|Today,|However,)\s*/i,
        '',
      )
      .replace(
        /^(?:While|Although|Ahead of|Following|After|As|On|In|In response to|With|Despite|Since)\b[^,]{3,160},\s*/,
        '',
      )
      // Rule "based-in adjective": "The New York-based Committee to Protect Journalists (CPJ) …".
      .replace(/^(?:[Tt]he\s+)?(?:[\p{Lu}][\p{L}]*[\s-])*[\p{Lu}][\p{L}]*-based\s+/u, '')
      // Rule "members of the publisher": "Members and partners of the Human Rights House Network
      // (HRHN) are deeply concerned" is the network speaking.
      .replace(
        /^(?:The\s+)?(?:members|partners|member organi[sz]ations)(?:\s+and\s+(?:members|partners))?\s+of\s+(?=(?:the\s+)?\p{Lu})/iu,
        '',
      )
    // Rule "a list of organisations": "ARTICLE 19, Global Campaign for Free Expression, Human
    // Rights Watch and International PEN wish to express …": the first one named is a publisher.
    const list = LIST_SUBJECT.exec(text)
    if (list && SUBJECT_VERB.test(text.slice(list[0].length))) {
      const first = asPublisher(list[1], list[2])
      if (first) return first
    }
    const m = SUBJECT.exec(text)
    if (m) {
      const rest = text.slice(m[0].length)
      if (
        SUBJECT_VERB.test(rest) &&
        !(voice && /^(?:is|are|was|were|had|has been|remains?)\b/.test(rest))
      ) {
        const first = asPublisher(m[1], m[2])
        const second = asPublisher(m[4], m[5])
        if (first) return second ? `${first} and ${second}` : first
      }
    }
    // Rule "caption before the subject": "Monument to …, 22 March 2015 Reporters Without Borders
    // (RSF) welcomes …": an organisation with its acronym and a verb of voice mid-sentence.
    const mid = MID_SUBJECT.exec(text)
    if (mid) {
      const name = mid[1]!.replace(
        /^(?:(?:\d{1,4}|January|February|March|April|May|June|July|August|September|October|November|December)\s+)+/,
        '',
      )
      const who = asPublisher(name, mid[2])
      if (who) return who
    }
    const said = SAID_BY.exec(text) ?? SAID_ORG.exec(text)
    const who = said && asPublisher(said[1], said[2])
    if (who) return who
  }
  return undefined
}

/**
 * Rule "the publisher's staff": "…,” said X, deputy director at Amnesty International. and "…,"
 * said X, CPJ's Europe and Central Asia researcher: an organisation whose staff the release
 * quotes, when no opening sentence names the one speaking.
 */
export function publisherFromStaff(sentences: string[]): string | undefined {
  for (const text of sentences) {
    if (!/\b(?:said|says|added|stated)\b/.test(text)) continue
    const of = STAFF_AT.exec(text)
    const who =
      (of && asPublisher(of[1], of[2])) || asPublisher(STAFF_POSSESSIVE.exec(text)?.[1], undefined)
    if (who) return who
  }
  return undefined
}

/**
 * Rule "the publisher calls in the body": the first organisation that is the subject of a call
 * ("Front Line Defenders reiterates its calls on …", "The GCHR urges the authorities to:"), when
 * neither masthead nor opening names the publisher.
 */
export function publisherFromCalls(sentences: string[]): string | undefined {
  for (const text of sentences) {
    const m = SUBJECT.exec(text.replace(/^[“"‘]+/, ''))
    if (!m || m[4]) continue
    const rest = text.replace(/^[“"‘]+/, '').slice(m[0].length)
    if (
      !/^(?:also\s+|again\s+|therefore\s+)?(?:calls|urges|reiterates|demands|appeals|renews)\b/.test(
        rest,
      )
    )
      continue
    const who = asPublisher(m[1], m[2])
    if (who) return who
  }
  return undefined
}

function signatories(blocks: Block[]): string | undefined {
  for (const block of blocks) {
    const at = block.lines.findIndex((l) =>
      /^(?:signatories|signed(?: by)?|the undersigned|yours (?:sincerely|faithfully)|sincerely)[:,]?$/i.test(
        l,
      ),
    )
    if (at < 0) continue
    let names = block.lines.slice(at + 1)
    if (!names.length) names = blocks[block.index + 1]?.lines ?? []
    // Organisations, one a line: short, no colon, not a shouted instruction.
    names = names.filter(
      (n) =>
        !/^(?:cc|contact|for (?:more|further))\b/i.test(n) &&
        !n.includes(':') &&
        n.split(/\s+/).length <= 10 &&
        (/\p{Ll}/u.test(n) || n.split(/\s+/).length <= 3),
    )
    if (names.length) return names.join(', ')
  }
  return undefined
}

function mainCountry(doc: ReleaseDocument, title: string): string | undefined {
  const score = new Map<string, number>()
  const add = (text: string, weight: number) => {
    for (const hit of findPlaces(text)) {
      if (isEthnicMention(text, hit) || isDiplomaticMention(text, hit)) continue
      score.set(hit.code, (score.get(hit.code) ?? 0) + weight)
    }
  }
  add(title, 5)
  for (const s of doc.sentences) add(s.text, 1)
  let best: string | undefined
  let total = 0
  for (const [code, n] of score) {
    total += n
    if (!best || n > score.get(best)!) best = code
  }
  // A regional release (several countries, none dominant) is about no one country.
  return best && score.get(best)! >= total / 2 ? best : undefined
}

function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase())
    .replace(/\s(For|Of|The|And|In|On|At|To|Against)(?=\s)/g, (w) => w.toLowerCase())
}

export function readRelease(doc: ReleaseDocument): ReleaseInfo {
  const { blocks } = doc
  // Rule "photo caption": leading paragraphs that end in a credit ("(Reuters/Pavel Mikheyev)",
  // "(Screenshot: YouTube/Radio Azattyk)") are captions: no headline, no date, no body.
  let captions = 0
  while (captions < blocks.length - 1 && CREDIT.test(blocks[captions]!.text)) captions++
  let bodyStart = blocks.findIndex((b, i) => i >= captions && isProse(b))
  if (bodyStart < 0) bodyStart = Math.min(captions + 1, blocks.length)
  const masthead = blocks.slice(captions, bodyStart).flatMap((b) => b.lines)
  const body = blocks[bodyStart]?.text ?? ''

  const title =
    readTitle(blocks.slice(captions), bodyStart - captions) ??
    (body.split(/(?<=[.!?])\s/)[0] ?? '').slice(0, 140).trim()

  // Rule "the body's dateline first": "By Human Rights Watch (Berlin, January 29, 2025) – …" dates
  // the release; a store's "date 2025-01-28" line above it is when the store copied it.
  const dateline = new RegExp(`\\((?:${PLACE}),\\s*(${DATE_SOURCE})\\)\\s*[–—-]`, 'iu').exec(
    body.slice(0, 200),
  )
  let date: string | undefined = dateline ? isoDate(dateline[1]!) : undefined
  for (const line of date ? [] : [...masthead, body.slice(0, 200)]) {
    date = isoDate(line)
    if (date) break
  }

  let place: string | undefined
  for (const line of [...masthead, body]) {
    const m = PLACE_DATE.exec(line) ?? PAREN_PLACE.exec(line)
    if (m) {
      place = m[1]!.trim()
      break
    }
  }

  let publisher: string | undefined
  for (const line of masthead) {
    const m = BYLINE.exec(line)
    if (m) publisher = m[1]!.trim()
  }
  const letterhead = masthead.find((l) => LETTERHEAD.test(l) && !LABEL.test(l))
  if (!publisher && letterhead) publisher = titleCase(letterhead)
  // Rule "organisation line": a masthead line that is an organisation's name and nothing else
  // ("Amnesty International" between the headline and the date) is the byline.
  if (!publisher) {
    for (const line of masthead) {
      const m = ORG_LINE.exec(line.trim())
      if (!m || line.trim() === title || m[1]!.split(/\s+/).length > 6) continue
      // A named organisation, not a label in capitals ("PRESS RELEASE", "URGENT ACTION APPEAL").
      if (LABEL.test(line) || !ORG_WORD.test(m[1]!)) continue
      const who = asPublisher(m[1], m[2])
      if (who) {
        publisher = who
        break
      }
    }
  }
  // Rule "letterhead before a label": "AMNESTY INTERNATIONAL Public Statement EUR 57/…".
  const labelled = LETTERHEAD_LABEL.exec(blocks[0]?.lines[0] ?? '')
  if (!publisher && labelled && LETTERHEAD.test(labelled[1]!)) publisher = titleCase(labelled[1]!)
  if (!publisher) {
    // The opening sentences of the body, then the headline: who speaks in them.
    const opening = doc.sentences
      .filter((s) => s.block >= bodyStart)
      .slice(0, 8)
      .map((s) => s.text)
    publisher = publisherFromText([...opening.slice(0, 4), title], opening.slice(4))
  }
  const bodyText = doc.sentences.filter((s) => s.block >= bodyStart).map((s) => s.text)
  publisher ??= publisherFromStaff(bodyText) ?? publisherFromCalls(bodyText)
  publisher ??= signatories(blocks)

  const acronyms = new Map<string, string>()
  for (const block of blocks) {
    for (const a of acronymsOf(block.text))
      if (!acronyms.has(a.acronym)) acronyms.set(a.acronym, a.name)
  }

  // Rule "acronym spelt out": a publisher found only by its initials ("CPJ") is given its name
  // where the release spells it out ("the Committee to Protect Journalists (CPJ)").
  if (publisher && /^[\p{Lu}\d&-]{2,10}$/u.test(publisher)) {
    const name = acronyms.get(publisher) ?? spelledOut(publisher, doc)
    if (name) publisher = `${name} (${publisher})`
  }

  let addressee: string | undefined
  const to = /\bletter to ((?:[\p{Lu}][\p{L}.’'-]*\s?)+)/u.exec(title)
  if (to) addressee = to[1]!.trim()
  const dear = blocks
    .flatMap((b) => b.lines)
    .map((l) => /^dear (.+?),?$/i.exec(l))
    .find(Boolean)
  if (!addressee && dear) addressee = dear[1]!

  return {
    title: title || 'Untitled release',
    publisher,
    date,
    place,
    bodyStart,
    addressee,
    acronyms,
    country: mainCountry(doc, title),
  }
}
