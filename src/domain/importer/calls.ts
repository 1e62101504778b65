/** Finds the release's own calls to action and whom they are addressed to. */

import { findPlaces, isPlaceWord } from './gazetteer.ts'
import type { Person } from './people.ts'
import type { ReleaseInfo } from './release.ts'
import { isQuoted, type ReleaseDocument, type Sentence } from './sentences.ts'
import { DEMAND_ACTION, DEMAND_IMPERATIVE, PASSIVE_DEMAND, SPEECH_VERBS } from './vocabulary.ts'

export interface CallToAction {
  /** The sentence as published (with its list items, when it introduces a list). */
  text: string
  /** Whom the call addresses, as the release words it: "the Tajik authorities". */
  target?: string
  /** What is asked, one item per ask, as the release words it. */
  asks: string[]
  /** For each ask, the sentence of the release that makes that demand. */
  askSources: string[]
  /** The sentences the call was read from, and their text as published. */
  sentences: number[]
  sources: string[]
  /** People named in the call. */
  people: number[]
  /** People named in each of the call's sentences, by sentence index. */
  peopleBySentence: Record<number, number[]>
}

// Present tense only: "called on", "urged", "demanded" report what someone else once asked for.
const CALL_VERB =
  /\b(call|calls|urge|urges|remind|reminds|encourage|encourages|request|requests|demand|demands|appeal|appeals|implore|implores|invite|invites|reiterate|reiterates|renew|renews|ask|asks|calling|urging|appealing|requesting|demanding|asking)\b/g
const PROGRESSIVE: Record<string, string> = {
  calling: 'call',
  urging: 'urge',
  appealing: 'appeal',
  requesting: 'request',
  demanding: 'demand',
  asking: 'ask',
}
const CALL_ADVERB =
  '(?:today|first of all|first and foremost|above all|in particular|once again|again|also|further|therefore|now|urgently|specifically|in the first place),?'
const NOUN_BEFORE =
  /(?:\b(?:a|an|the|their|our|its|this|that|his|her|whose|my|your|these|those)|[’']s)\s*$/i
// Rule "calls as a noun": "his activities, which include persistent calls for freedom". Lower case
// only: in "Amnesty International is calling on …" the capital makes "International" a name.
const CALLS_AS_NOUN =
  /\b(?:persistent|repeated|numerous|many|several|growing|renewed|previous|earlier|international|public|recent|multiple|such|frequent|loud|urgent)\s*$/
// The words before a main verb name its subject; a verb among them means "call" is not the main verb.
const VERB_BEFORE =
  /\b(?:[Ii]s|[Aa]re|[Ww]as|[Ww]ere|[Hh]as|[Hh]ave|[Hh]ad|[Ww]ill|[Ww]ould|[Ss]aid|[Ss]ays|[Tt]old)\b|\bto\s+\p{Ll}+|\b\p{Ll}+ed\s+(?:to|the|a|an|that|his|her|their|these|this)\b/u
// Case-sensitive on purpose: under "i", \p{Ll} matches capitals too, and "Committee to Protect
// Journalists" has no verb in it.
const ADVERBS =
  /(?:\s+(?:also|further|therefore|again|once again|now|strongly|jointly|hereby|urgently|respectfully|today|all|both|once more|again today))+\s*$/i
const NOT_THE_PUBLISHER =
  /\b(?:he|she|rapporteur|minister|president|representative|commissioner|spokes\w+|director|coordinator|researcher|lawyer|activist|defender|journalist|colleagues?|relatives?|family|officials?|authorities|government|police|court|prosecutors?)\b/i

const INSTITUTION_WORDS =
  'authorities|government|governments|state|states|eu|european union|osce|un|united nations|council|commission|parliament|community|partners|donors|delegations?|embassies|ministry|ministries|ministers?|president|prosecutors?|prosecutor general|police|courts?|judiciary|officials|leaders|countries|institutions|companies|sponsors|committee|committees|union|nato|regime|administration|participating states|member states|missions|diplomats|diplomatic corps'
const INSTITUTION = new RegExp(`\\b(?:${INSTITUTION_WORDS})\\b`, 'i')
// The one asked: "We ask the Azerbaijani authorities to …", "ask President X to …".
const ASK_OBJECT = new RegExp(
  `^\\s+(?:the\\s+|all\\s+)?(?:[\\p{L}-]+\\s+){0,4}?(?:${INSTITUTION_WORDS}|you|\\p{Lu}[\\p{L}-]*)\\s+to\\s+\\p{Ll}`,
  'u',
)
const VERB_IN_SUBJECT =
  /\b(?:is|are|was|were|has|have|had|be|been|will|would|can|could|may|might|did|does|do|said|says|told|which|who|that|if|when|while|because|threatened|allowed)\b/i
const MODAL_ADVERBS =
  /^\s+(?:(?:also|immediately|urgently|further|now|publicly|finally|instead|therefore|promptly|at once|not|never|at last|all|both|in particular|as a matter of priority|first)\s+)*/i
const ATTRIBUTION =
  /,\s*(?:the\s+)?[\p{Lu}(][^,“”"]{0,120}?\s+(?:said|says|stated|added)(?:\s+today)?\s*[.;]?$/u

const GENERIC_ORG_WORDS = new Set(
  `Human Rights International Watch Committee Centre Center Association Network Foundation
  Organisation Organization Federation Group Union Alliance Partnership Institute Society Council
  Coalition Monitor Observatory Platform Freedom Free Justice Civil Civic Democracy Law Legal
  Defenders Defence Defense Protection National European Central Asia Asian World Global United
  Against Torture Media Press Reporters Journalists Lawyers For Initiative Project Fund Trust`.split(
    /\s+/,
  ),
)

/** A masthead-free opening: "(Berlin) – ", "Brussels, 5 July 2019 – " and list numbers go. */
function stripOpening(text: string): string {
  return (
    text
      .replace(/^\([^)]{1,60}\)\s*[–—-]\s*/, '')
      // Rule "dateline after furniture": "…Health, Safety (Berlin) – The authorities should …".
      .replace(/^[^“”"]{0,150}?\s\((?:\p{Lu}[\p{L}.-]*\s?){1,3}\)\s*[–—]\s*/u, '')
      .replace(/^[\p{Lu}][^,]{0,60},\s*\d{1,2}\s+\p{L}+\s+\d{4}\s*[–—-]\s*/u, '')
      .replace(/^[\p{Lu}][^,]{0,60},\s*\p{L}+\s+\d{1,2},\s*\d{4}\s*[–—-]\s*/u, '')
  )
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** An ask as a sentence of its own: "Release Polat Seytniyazov and drop the charges …". */
export function asAsk(text: string): string {
  const t = text
    .trim()
    .replace(/^(?:to|and|also)\s+/i, '')
    .replace(/[\s,;:.]+$/, '')
  return t ? `${capitalise(t)}.` : ''
}

function splitAsks(text: string): string[] {
  return text
    .split(/,?\s+and\s+to\s+(?=\p{Ll})|,\s+to\s+(?=\p{Ll})/u)
    .map(asAsk)
    .filter(Boolean)
}

interface Found {
  target?: string
  asks: string[]
  opensList: boolean
}

/** "We also call on the international community to …": the publisher asking someone to act. */
function verbCall(
  sentence: Sentence,
  names: [number, number][],
  release: ReleaseInfo,
  ownQuote = false,
): Found | null {
  const text = sentence.text
  for (const m of text.matchAll(CALL_VERB)) {
    let verb = m[1]!.toLowerCase()
    let at = m.index
    if (isQuoted(sentence, at) && !ownQuote) continue
    const rest = text.slice(m.index + m[0].length)
    // Rule "progressive call": "We are calling on …", "Amnesty International is urging …": the
    // subject is what comes before the auxiliary; a gerund without one ("after calling on") is not.
    if (verb.endsWith('ing')) {
      const aux = /\b(?:is|are|am)\s+(?:(?:also|now|again|once again|today|urgently)\s+)*$/i.exec(
        text.slice(0, at),
      )
      if (!aux) continue
      at = aux.index
      verb = PROGRESSIVE[verb] ?? verb
    }
    // "We ask the authorities to …" asks someone to act; "nothing more than ask questions" does not.
    if (/^asks?$/.test(verb) && !ASK_OBJECT.test(rest)) continue
    const before = text.slice(0, at)
    let object = rest
    let untargeted = false
    if (/^reiterates?$|^renews?$/.test(verb)) {
      // "We reiterate our call for …", "… renews its appeal to the authorities to …".
      const call =
        /^\s+(?:their|our|its|the)\s+(?:calls?|appeals?|demands?|requests?)\s+(for|to|that|on|upon)\s+/i.exec(
          rest,
        )
      if (!call) continue
      object = rest.slice(call[0].length)
      untargeted = !/^(?:to|on|upon)$/i.test(call[1]!)
    } else if (NOUN_BEFORE.test(before) || CALLS_AS_NOUN.test(before)) {
      continue
    } else if (/^calls?$/.test(verb)) {
      // "We call first of all for …", "We call once again on …": adverbs may come between.
      const on = new RegExp(`^\\s+(?:${CALL_ADVERB}\\s+)*(on|upon|for)\\s+`, 'i').exec(rest)
      if (!on) continue
      object = rest.slice(on[0].length)
      untargeted = on[1]!.toLowerCase() === 'for'
    } else if (/^appeals?$/.test(verb)) {
      const to = /^\s+to\s+/i.exec(rest)
      if (!to) continue
      object = rest.slice(to[0].length)
    } else if (/^\s+that\s/i.test(rest)) {
      // "to urge that he be released", "demand that the authorities:": the demand follows "that".
      const clause = rest.replace(/^\s+that\s+/i, '')
      const lead = /^((?:the\s+)?[^,;:]{2,80}?)\s*:\s*$/i.exec(clause)
      if (!publisherSpeaks(text, at, names, release)) continue
      if (lead) return { target: lead[1]!.trim(), asks: [], opensList: true }
      return { asks: [asAsk(clause)].filter(Boolean), opensList: /:\s*$/.test(text) }
    } else {
      object = rest.replace(/^\s+/, '')
      // "requests your urgent intervention", "demand the release of": a thing asked for, not someone asked.
      if (
        /^(?:requests?|demands?|asks?|invites?)$/.test(verb) &&
        !/^\S+(?:\s+\S+){0,8}?\s+(?:to\s+\p{Ll}|that\s)/u.test(object)
      ) {
        if (
          !/\b(?:release|freedom|acquittal|end to|investigation)\b/i.test(object) ||
          /^(?:your|my)\b/i.test(object)
        ) {
          continue
        }
        untargeted = true
      }
    }
    if (!publisherSpeaks(text, at, names, release)) continue

    if (untargeted) return { asks: [asAsk(object)].filter(Boolean), opensList: /:\s*$/.test(text) }
    const end = object.search(
      /\s+to\s*:|\s+to\s+(?=\p{Ll})|\s+that\s+|\s+of\s+(?:their|its|his|her)\s+(?:obligations?|duty|duties|commitments?|responsibilit\w+|promises?)\b|[:;,.]|$/u,
    )
    let target = object.slice(0, end).trim()
    let tail = object.slice(end)
    if (!target) continue
    if (/^you$/i.test(target)) target = release.addressee ?? vocative(text) ?? target
    const opensList = /:\s*$/.test(text)
    tail = tail
      .replace(/^\s+of\s+(?:their|its|his|her)\s+\S+\s+to\s+/i, '')
      .replace(/^\s+that\s+(?:they|it|he|she)\s+(?:must|should)\s+(?:also\s+)?/i, '')
      .replace(/^\s+that\s+/i, '')
      .replace(/^\s+to\s*(?::\s*)?/i, '')
    return { target, asks: opensList ? [] : splitAsks(tail), opensList }
  }
  return null
}

function vocative(text: string): string | undefined {
  return /^((?:Mr|Ms|Mrs|Madam|Dear)\.?\s+[\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?),/u.exec(
    text,
  )?.[1]
}

/**
 * Whether the one calling is the publisher: "We", "The undersigned organisations", "AHRCA" —
 * not a named person, an official, or someone the release quotes.
 */
function publisherSpeaks(
  text: string,
  at: number,
  names: [number, number][],
  release: ReleaseInfo,
): boolean {
  let before = text.slice(0, at).replace(ADVERBS, '')
  // "We call on …", "… and we urge …": the publisher in the first person.
  if (/(?:^|[\s,“"'‘(])we\s*$/i.test(before)) return true
  if (/(?:^|[\s,])and\s*$/i.test(before)) {
    // "… condemn the sentence … and call on": the subject opens the sentence.
    const opening = stripOpening(before)
    // "Amnesty International believes that he is … and calls for": the subject ends at "that".
    const head = opening
      .split(/\s+that\s+/)[0]!
      .split(/\s+/)
      .slice(0, 6)
      .join(' ')
    // Rule "the publisher, then and": "… Reporters Without Borders (RSF) welcomes … and calls on".
    if (publisherActs(opening, release)) return true
    const headEnd = before.length - opening.length + head.length
    return !NOT_THE_PUBLISHER.test(head) && !names.some(([a]) => a < headEnd)
  }
  before = before.replace(/\s+$/, '')
  if (before.endsWith(',')) {
    // "the Central Asia Rights Network (CARN), a coalition of …, calls on": skip the apposition.
    const pieces = before.slice(0, -1).split(/,\s*/)
    while (
      pieces.length > 1 &&
      /^(?:a|an|which|who|whose|one of|including)\b/i.test(pieces[pieces.length - 1]!)
    ) {
      pieces.pop()
    }
    before = pieces.join(', ')
  }
  const subjectStart = Math.max(
    ...[',', ';', ':', '–', '—'].map((c) => {
      const i = before.lastIndexOf(c)
      return i < 0 ? -1 : i + 1
    }),
    0,
  )
  const subject = before.slice(subjectStart)
  if (NOT_THE_PUBLISHER.test(subject) || VERB_BEFORE.test(subject)) return false
  if (!namedPublisher(subject, release)) return false
  return !names.some(([a, b]) => a >= subjectStart && b <= before.length)
}

/**
 * Rule "the publisher, then and": the publisher by name (or initials) followed by a verb in the
 * present tense, "Reporters Without Borders (RSF) welcomes …", makes the "and calls on" after it.
 */
function publisherActs(text: string, release: ReleaseInfo): boolean {
  if (!release.publisher) return false
  const names = [...distinctiveWords(release.publisher), ...initialsOf(release.publisher)].filter(
    (w) => w.length > 2,
  )
  return names.some((n) =>
    new RegExp(
      `(?:^|[\\s(])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s*\\([^)]{1,12}\\))?\\s+(?:also\\s+)?(?:welcomes|condemns|deplores|denounces|regrets|believes|considers|expresses|is|has|notes|reiterates|learned)\\b`,
    ).test(text),
  )
}

/**
 * An organisation calling by name must be (one of) the publisher(s): "AHRCA calls on" in AHRCA's
 * release is its own call; "Human Rights Watch also urges" in someone else's release is reported.
 */
function namedPublisher(subject: string, release: ReleaseInfo): boolean {
  const { publisher, acronyms } = release
  const words = (subject.match(/\b\p{Lu}[\p{L}\d&-]{2,}/gu) ?? []).filter(
    (w) => !/^(?:The|We|Our|Both|All|These|Those|Today|Also)$/.test(w),
  )
  if (!words.length || !publisher) return true
  // "Human Rights Watch" shares only common words with "International Partnership for Human Rights".
  const distinctive = words.filter((w) => !GENERIC_ORG_WORDS.has(w))
  if (!distinctive.length) return sameOrganisation(subject, publisher, acronyms)
  return distinctive.some(
    (w) =>
      publisher.includes(w) ||
      publisher.includes(acronyms.get(w) ?? '\0') ||
      initialsOf(publisher).includes(w),
  )
}

// Rule "the publisher's perfect call": "CPJ has called for the release of X" as well as "called on".
const PAST_CALL =
  /\b(?:(?:has|have)\s+(?:also\s+|again\s+)?)?(?:called\s+(?:on|upon|for)|urged|appealed\s+to|demanded)\s+/
const ORG_NOUN = /^(?:the\s+)?(?:[\p{L}-]+\s+){0,3}(?:organi[sz]ation|group|watchdog|NGO)$/iu

/**
 * Rule "the publisher's past-tense call": "The press freedom organisation urged the minister to
 * release them", "CPJ called on the authorities to …". A past call is the release's own only when
 * the publisher is its subject, by name or as "the organisation" right after a sentence naming
 * it; anyone else's past call is reported.
 */
function pastCall(
  doc: ReleaseDocument,
  sentence: Sentence,
  names: [number, number][],
  release: ReleaseInfo,
): Found | null {
  const text = sentence.text
  const m = PAST_CALL.exec(text)
  if (!m || isQuoted(sentence, m.index) || !release.publisher) return null
  const before = text.slice(0, m.index).replace(ADVERBS, '').trim()
  // "The 10 groups that demanded X's release are …": a relative clause, not the main verb.
  if (/\b(?:that|who|which)$/i.test(before)) return null
  const subjectStart = Math.max(...[',', ';', ':', '–', '—'].map((c) => before.lastIndexOf(c)))
  const subject = stripOpening(before.slice(subjectStart + 1).trim())
  if (!subject || names.some(([a]) => a > subjectStart && a < m.index)) return null
  const previous = doc.sentences[sentence.index - 1]
  const byName = /\p{Lu}/u.test(subject) && !ORG_NOUN.test(subject)
  if (byName ? !speakerIsPublisher(subject, release) : !ORG_NOUN.test(subject)) return null
  if (!byName && !(previous && publisherNamedIn(previous.text, release))) return null
  const object = text.slice(m.index + m[0].length)
  if (/\b(?:for|demanded)\s+$/.test(m[0])) {
    return { asks: [asAsk(object)].filter(Boolean), opensList: /:\s*$/.test(text) }
  }
  const to = /\s+to\s+(?=\p{Ll})/u.exec(object)
  if (!to) return null
  return {
    target: object.slice(0, to.index).trim(),
    asks: splitAsks(object.slice(to.index + to[0].length)),
    opensList: /:\s*$/.test(text),
  }
}

/** Whether a sentence names the publisher: its distinctive words or its acronym. */
function publisherNamedIn(text: string, release: ReleaseInfo): boolean {
  const marks = distinctiveWords(release.publisher ?? '').filter((w) => w.length > 2)
  return marks.some((w) => text.includes(w))
}

/** "Please write to the authorities of Kazakhstan, asking them to:": an appeal to the reader. */
function imperativeCall(sentence: Sentence): Found | null {
  const m =
    /^(?:[\p{L} ]{3,40}:\s*)?(?:please\s+)?(?:write|send (?:an? )?(?:appeals?|letters?|messages?)|appeal|call|send)\s+(?:\S+\s+){0,3}?(?:to|on)\s+(.+?),?\s+(?:(?:asking|urging|calling on|requesting)\s+(?:them|him|her|it)\s+to|(?:demanding|urging|asking|requesting)\s+that)\s*:?\s*(.*)$/iu.exec(
      stripOpening(sentence.text),
    )
  if (!isQuoted(sentence, 0) && m) {
    return {
      target: m[1]!.trim(),
      asks: m[2] && !/^\s*$/.test(m[2]) ? splitAsks(m[2]) : [],
      opensList: /:\s*$/.test(sentence.text),
    }
  }
  // Rule "write calling for": "Please write to the Prosecutor General calling for the release of X".
  const calling =
    /^(?:take action:?\s*)?(?:please\s+)?(?:write|send (?:an? )?(?:appeals?|letters?|messages?)|appeal)\s+(?:\S+\s+){0,3}?to\s+(.+?),?\s+(?:calling for|asking for|demanding|requesting|urging)\s+(the\s+.+)$/i.exec(
      stripOpening(sentence.text),
    )
  if (!calling || isQuoted(sentence, 0)) return null
  return { target: calling[1]!.trim(), asks: [asAsk(calling[2]!)], opensList: false }
}

/** Rule "it is essential that": "It is essential that the authorities release him without delay". */
function necessityCall(sentence: Sentence): Found | null {
  const m =
    /^(?:\p{L}+,\s+)?it is (?:essential|vital|imperative|crucial|urgent|necessary|high time|time) that\s+((?:the\s+)?[^,;:]{2,60}?)\s+((?:immediately\s+|urgently\s+)?(?:release|free|drop|quash|end|stop|investigate|ensure|guarantee|allow|lift|repeal)\b.*)$/iu.exec(
      stripOpening(sentence.text),
    )
  if (!m || isQuoted(sentence, m.index) || !INSTITUTION.test(m[1]!)) return null
  return { target: m[1]!.trim(), asks: [asAsk(m[2]!)], opensList: false }
}

const SAID_AT_END =
  /,\s*([^,]{2,80}?)\s+(?:said|says|stated|added)(?:\s+(?:today|in a statement))?\s*[.;]?\s*$/
// "…, said Amnesty International.": the speaker after the verb.
const SAID_BY_AT_END =
  /,\s*(?:said|says|stated|added)\s+((?:the\s+)?\p{Lu}[^,]{1,80}?)(?:\s+(?:today|in a statement))?\s*[.;]?\s*$/u
// Lower case: "member States" is not a verb.
const REPORTED_BY = /\b(?:says|said|states|stated|believes|insists|considers)\s+(?:that\s+)?/g

/** "We", "Human Rights Watch", "the Committee to Protect Journalists (CPJ)" in CPJ's release. */
function speakerIsPublisher(speaker: string, release: ReleaseInfo): boolean {
  const who = speaker.replace(/\([^)]*\)/g, ' ').trim()
  if (/^we$/i.test(who)) return true
  if (!release.publisher || !/\p{Lu}/u.test(who) || NOT_THE_PUBLISHER.test(who)) return false
  if (/\b(?:statement|letter|report)\b/i.test(who)) return false
  return namedPublisher(who, release)
}

/** "The Kyrgyz authorities must respect …", "The EU should make progress …". */
function modalCall(
  sentence: Sentence,
  names: [number, number][],
  release: ReleaseInfo,
  ownQuote = false,
): Found | null {
  const text = sentence.text
  // "should", "must", and "need to", "have to", "ought to": "The authorities need to release him".
  for (const m of text.matchAll(/\b(?:should|must|needs? to|ha(?:s|ve) to|ought to)(?=\s)/g)) {
    if (isQuoted(sentence, m.index) && !ownQuote) continue
    const clauseStart = Math.max(text.lastIndexOf('; ', m.index) + 1, 0)
    let clause = text.slice(clauseStart, m.index)
    // Rule "the publisher says": "…, the Committee to Protect Journalists (CPJ) says Tajik
    // authorities should release …" is the publisher's demand; anyone else saying it is reported.
    let publisherSays = false
    const speech = [...clause.matchAll(REPORTED_BY)].pop()
    if (speech) {
      const speaker = clause.slice(0, speech.index).split(/,\s*/).pop()!
      if (!speakerIsPublisher(speaker, release)) continue
      clause = clause.slice(speech.index + speech[0].length)
      publisherSays = true
    }
    let subject = stripOpening(clause.trim().replace(/^[“"‘'`]+/, ''))
      .replace(
        /,\s*(?:including|such as|notably|in particular|among them|which|who)\b[^,]*,\s*/gi,
        ' ',
      )
      .replace(/\([^)]*\)/g, ' ')
      // "Before insisting that …, the authorities should …": an opening clause is not the subject.
      .replace(
        /^(?:before|after|while|instead of|rather than|in order to|given|since|until|when)\s+[^,]{3,160},\s*/i,
        '',
      )
      .replace(
        /^(?:however|moreover|furthermore|therefore|in particular|in addition|first|second|third|finally|also|above all|instead|meanwhile|now|today|crucially|if anything|at the very least|at a minimum)\s*,?\s*/i,
        '',
      )
      .replace(/\s+/g, ' ')
      .trim()
    subject = subject.replace(/,$/, '')
    const words = subject.split(' ').filter(Boolean)
    if (!words.length || words.length > 12) continue
    if (VERB_IN_SUBJECT.test(subject) || /[,;:“”"]/.test(subject)) continue
    if (
      !INSTITUTION.test(subject) &&
      !(words.length <= 2 && isPlaceWord(words[words.length - 1]!)) &&
      // Rule "a country demanded of": "Saudi Arabia must release …", the country's name whole.
      !findPlaces(subject).some((h) => h.text === subject.replace(/^the\s+/i, ''))
    ) {
      continue
    }
    const after = text.slice(m.index + m[0].length)
    const adverbs = MODAL_ADVERBS.exec(after)?.[0] ?? ''
    const predicate = after.slice(adverbs.length)
    // "should be present to monitor", "must be allowed to visit": a demand; "should be noted" is not.
    const beDemand = /^be\s+(?:present|allowed|permitted|able|given access)\s+to\b/.test(predicate)
    if (!/^\p{Ll}/u.test(predicate) || (/^(?:be|have|not)\b/.test(predicate) && !beDemand)) continue
    // The softer "need to", "have to", "ought to" ask only with a demand's verb: "need to release".
    if (!/^(?:should|must)$/.test(m[0]) && !DEMAND_IMPERATIVE.test(predicate)) continue
    // "Azerbaijan must free activist X, Amnesty International said today": the publisher said it,
    // however close the name stands to "said".
    const saidBy = SAID_AT_END.exec(text) ?? SAID_BY_AT_END.exec(text)
    if (saidBy && speakerIsPublisher(saidBy[1]!, release)) publisherSays = true
    // A quoted person's opinion is theirs, not the release's: "…, said Daniel Moreau".
    if (
      !ownQuote &&
      !publisherSays &&
      names.some(([a, b]) => {
        const around = text.slice(Math.max(0, a - 30), Math.min(text.length, b + 30))
        return /\b(?:said|says|told|according to|stated|added)\b/i.test(around)
      })
    ) {
      continue
    }
    const ask = predicate.replace(ATTRIBUTION, '').replace(/[”"’']+\s*$/, '')
    return { target: subject, asks: [asAsk(ask)].filter(Boolean), opensList: /:\s*$/.test(text) }
  }
  return null
}

const SUBORDINATE = /\b(?:if|although|though|unless|whether|means|meaning|expected|likely)\b/i

/**
 * Rule "passive demand": "X must be released", "They should be immediately released", "the
 * charges must be dropped". The publisher's, unless it is someone else's reported or quoted words.
 */
export function passiveCall(sentence: Sentence, ownQuote = false): Found | null {
  const text = sentence.text
  const m = PASSIVE_DEMAND.exec(text)
  if (!m || (isQuoted(sentence, m.index) && !ownQuote)) return null
  const before = text.slice(0, m.index)
  // "The court ruled that …", "X said they must be released": someone else's demand.
  if (
    !ownQuote &&
    (SPEECH_VERBS.test(before) || /\b(?:ruled|decided|held|found|believes?)\b/i.test(before))
  ) {
    return null
  }
  // Rule "not a demand in a subordinate clause": "Although …, which means they should be
  // released in 2021" foretells; "if … they must be released" supposes.
  if (/\bshould\s+(?:not\s+)?have\b/i.test(text) || SUBORDINATE.test(before)) return null
  const clauseStart = Math.max(before.lastIndexOf('; ') + 1, 0)
  const after = text.slice(m.index + m[0].length)
  const end = after.search(/,\s+(?:as|because|since|given|which|who)\b|[;.]|[”"]|$/)
  const ask = (text.slice(clauseStart, m.index + m[0].length) + after.slice(0, end)).replace(
    /^[“"‘'`\s]+/,
    '',
  )
  return { asks: [asAsk(stripOpening(ask))].filter(Boolean), opensList: false }
}

/** Rule "demand list item": a list item that opens with a demand ("Release X;", "Drop the charges"). */
export function listItemCall(sentence: Sentence): Found | null {
  if (sentence.list !== 'item' || !DEMAND_IMPERATIVE.test(sentence.text)) return null
  if (isQuoted(sentence, 0)) return null
  return { asks: [asAsk(sentence.text)], opensList: false }
}

const PRONOUN_SPEAKER =
  /(?:^|[,.”"])\s*(?:s?he|they)\s+(?:said|added|says|adds|stressed|continued|concluded)\b/i
const ATTRIBUTED =
  /\b(?:said|says|added|stated|reads|read|wrote|according to|told|asked|stressed|insisted|explained|warned|concluded|pointed out)\b|^[^“"]{0,80}\b(?:said|says|added|stated)\s*:?\s*$/i

/**
 * Rule "the publisher's own quote": words in quotation marks count as the release's call when the
 * release attributes them to the publisher, its staff or its statement ("…," said CPJ Deputy
 * Director X; "…," reads the joint statement; Reporters Without Borders added: "…").
 */
export function ownQuote(doc: ReleaseDocument, sentence: Sentence, release: ReleaseInfo): boolean {
  if (!sentence.quoted.length) return false
  const block = doc.sentences.filter((s) => s.block === sentence.block)
  const at = block.indexOf(sentence)
  // The sentence's own attribution first, then the ones after it, then the one before.
  const near = [...block.slice(at, at + 3), ...block.slice(Math.max(0, at - 1), at)]
  const outside = (s: Sentence) => {
    let out = ''
    let last = 0
    for (const [a, b] of s.quoted) {
      out += `${s.text.slice(last, a)} `
      last = b
    }
    return out + s.text.slice(last)
  }
  const { publisher, acronyms } = release
  const marks = [
    ...(publisher ? distinctiveWords(publisher) : []),
    ...(publisher ? initialsOf(publisher) : []),
    ...[...acronyms.entries()]
      .filter(([, name]) => publisher?.includes(name))
      .map(([acronym]) => acronym),
  ]
  // A paragraph of a quotation running over several paragraphs carries no attribution of its
  // own: the speaker is the one named in the run's earlier paragraphs.
  const earlier: Sentence[] = []
  for (let b = sentence.block - 1; b >= Math.max(0, sentence.block - 3); b--) {
    const prev = doc.sentences.filter((s) => s.block === b)
    if (!prev.some((s) => s.quoted.length)) {
      // Rule "said, then paragraphs": "X said:" on a paragraph of its own opens the quotation.
      const last = prev[prev.length - 1]
      if (last && /:\s*$/.test(last.text)) earlier.push(last)
      break
    }
    earlier.push(...prev.reverse())
  }
  // Rule "quotation running on": a sentence inside a quotation that opened a sentence or two
  // before is attributed where that quotation is ("…?” asked X. “… The authorities should …”).
  // A quotation may run on for many sentences: walk back while the sentences stay quoted.
  const runOn: Sentence[] = []
  for (let k = at - 2; k >= 0 && (k >= at - 3 || block[k + 1]!.quoted.length); k--) {
    if (k < at - 3 && !block[k]!.quoted.length) break
    runOn.push(block[k]!)
  }
  const candidates = [...near, ...runOn, ...earlier]
  let pronoun = false
  for (const s of candidates) {
    const words = outside(s)
    if (!ATTRIBUTED.test(words)) continue
    // Rule "pronoun speaker": "…,” she added. is said by whoever the paragraphs before named.
    if (PRONOUN_SPEAKER.test(words)) {
      if (!pronoun) {
        pronoun = true
        for (let b = sentence.block - 1; b >= Math.max(0, sentence.block - 3); b--) {
          candidates.push(...doc.sentences.filter((x) => x.block === b).reverse())
        }
      }
      continue
    }
    if (
      /\b(?:the|our|its|their)\s+(?:joint\s+)?(?:statement|letter|appeal|release|organi[sz]ations?)\b/i.test(
        words,
      )
    ) {
      return true
    }
    if (
      marks.some((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(words))
    )
      return true
    return false
  }
  return false
}

/**
 * Rule "initials": an organisation is also known by its initials, "CPJ" for the Committee to
 * Protect Journalists, "HRW" for Human Rights Watch, even where the release never spells them out.
 */
export function initialsOf(name: string): string[] {
  return name
    .replace(/\s*\([^)]*\)/g, '')
    .split(/\s+and\s+|,\s*/)
    .map((n) => (n.match(/\b\p{Lu}/gu) ?? []).join(''))
    .filter((i) => i.length >= 2)
}

/** Whether two names are one organisation: the same words, or one the other's initials. */
function sameOrganisation(a: string, b: string, acronyms: Map<string, string>): boolean {
  const plain = (x: string) => x.replace(/^the\s+/i, '').trim()
  const [x, y] = [plain(a), plain(b)]
  if (!x || !y) return false
  if (x.includes(y) || y.includes(x)) return true
  const names = (n: string) => [n, acronyms.get(n) ?? '', ...initialsOf(n)].filter(Boolean)
  return names(x).some((p) => names(y).some((q) => p === q || p.includes(q) || q.includes(p)))
}

function distinctiveWords(publisher: string): string[] {
  const acronyms = [...publisher.matchAll(/\(([\p{Lu}][\p{Lu}\d&-]{1,9})\)/gu)].map((m) => m[1]!)
  const words = (publisher.match(/\b\p{Lu}[\p{L}\d&-]{2,}/gu) ?? []).filter(
    (w) => !GENERIC_ORG_WORDS.has(w) && !/^(?:The|And)$/.test(w),
  )
  if (/^ARTICLE 19/.test(publisher)) words.push('ARTICLE 19')
  // A name of common words only ("Human Rights Watch") is matched whole.
  const whole = publisher.replace(/\s*\([^)]*\)/g, '').split(/\s+and\s+/)
  return [...acronyms, ...words, ...whole]
}

/** A demand's cue in any tense or form: "calls today on", "urged", "demanding", "appealed to". */
const DEMAND_CUE =
  /\b(?:call(?:s|ed|ing)?\s+(?:(?:also|again|once again|today|therefore|now|urgently)\s+)*(on|upon|for)|(?:urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|ask(?:s|ed|ing)?|appeal(?:s|ed|ing)?\s+to|insist(?:s|ed|ing)?\s+that))\b/gu
/** The release's signatories, as a joint release calls them: "The NGOs", "the undersigned organisations". */
const SIGNATORIES =
  /^the\s+(?:(?:undersigned|signatory|above(?:-mentioned)?|\d+|[\p{L}-]+)\s+){0,2}(?:ngos|organi[sz]ations|groups|signatories)\b/iu
/** The publisher, named just before, as "the group", "the rights group", "the organisation". */
const THE_GROUP =
  /^(?:a\s+statement\s+by\s+|in\s+a\s+statement,?\s+)?the\s+(?:(?:rights|human rights|press freedom|media freedom)\s+)?(?:group|organi[sz]ation|watchdog|ngo)\b/i
/** "Amnesty International issued a statement calling on …": the publisher, then its statement. */
const ISSUED =
  /\s+(?:(?:has|have|also|today)\s+)*(?:issued|released|published|sent|wrote)\s+(?:a|an|its|their)\s+(?:(?:joint|public|open)\s+)?(?:statement|letter|appeal)\b[^.;]{0,40}$/i

/** A run of capitals ending in an organisation's word: "Human Rights Watch", "the PEN Centre". */
const ORGANISATION =
  /\b(?:\p{Lu}[\p{L}’'-]*\s+(?:(?:for|of|the|and|to)\s+)*){0,5}(?:Watch|International|Committee|Centre|Center|Foundation|Association|Network|Federation|Organi[sz]ation|Alliance|Coalition|Union|Institute|Forum|Observatory|Borders|Defenders|Journalists|Council|Commission|Group)\b/u

/**
 * Rule "the group after the publisher": "the group", "the rights group" is the organisation the
 * release last named, within the last ten sentences; the publisher's call only if that is it.
 */
function lastOrganisationIsPublisher(
  doc: ReleaseDocument,
  index: number,
  release: ReleaseInfo,
): boolean {
  if (!release.publisher) return false
  for (let k = index - 1; k >= Math.max(0, index - 10); k--) {
    const text = doc.sentences[k]!.text
    if (publisherNamedIn(text, release)) return true
    if (ORGANISATION.test(text)) return false
  }
  return false
}

/**
 * The demand detector: a sentence that asks in the publisher's voice, whatever its form. A cue
 * (call on/for, urge, demand, ask, appeal to, insist that, in any tense or as "-ing") with an
 * action after it (release, free, drop, quash, end, investigate, ensure, intervene …), said by
 * the publisher: "we" opening the sentence ("We, the undersigned, are writing … to urge …"), the
 * publisher by name or initials (also "issued a statement calling on …"), the release's
 * signatories ("The NGOs, including …, have therefore called for …"), "the group" right after a
 * sentence naming the publisher, or its staff in their own quote. What anyone else asks is
 * reported, never a call.
 */
function demandCall(
  doc: ReleaseDocument,
  sentence: Sentence,
  names: [number, number][],
  release: ReleaseInfo,
  own: boolean,
): Found | null {
  const text = sentence.text
  for (const m of text.matchAll(DEMAND_CUE)) {
    if (isQuoted(sentence, m.index) && !own) continue
    const rest = text.slice(m.index + m[0].length)
    if (!DEMAND_ACTION.test(rest)) continue
    if (/^ask/i.test(m[0]) && !ASK_OBJECT.test(rest)) continue
    const before = text.slice(0, m.index)
    // "the groups that demanded X's release", "after calling for": not the main verb.
    if (/\b(?:that|who|which|after|before|when|while|without)\s+(?:\S+\s+)?$/i.test(before))
      continue
    if (NOUN_BEFORE.test(before) || CALLS_AS_NOUN.test(before)) continue
    // The subject: the opening words, an apposition ("…, including A, B and C,") set aside.
    const subject = stripOpening(before)
      .replace(/[“"‘]/g, '')
      .replace(
        /,\s*(?:including|such as|among them|which|who)\b[^,]*(?:,[^,]*?\band\b[^,]*)?,/gi,
        '',
      )
      .replace(/\([^)]*\)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    const publisherBefore = lastOrganisationIsPublisher(doc, sentence.index, release)
    const opening = subject.split(/,\s*/)[0]!
    const byUs = /^we\b/i.test(subject) && !names.some(([a]) => a < m.index)
    const bySignatories =
      SIGNATORIES.test(opening) && !/\b(?:other|some|many|several)\b/i.test(opening)
    const byGroup = THE_GROUP.test(subject) && publisherBefore
    const issued = ISSUED.exec(subject)
    const byPublisher =
      !!release.publisher &&
      (issued ? speakerIsPublisher(subject.slice(0, issued.index), release) : false)
    const staff = own && !names.some(([a]) => a < m.index && !isQuoted(sentence, a))
    if (!(byUs || bySignatories || byGroup || byPublisher || staff)) continue
    const on = m[1] && /^(?:on|upon)$/i.test(m[1])
    const to = /\s+to\s+(?=\p{Ll})/u.exec(rest)
    if ((on || !m[1]) && to && to.index < 160) {
      const target = rest
        .slice(0, to.index)
        .replace(/^\s*(?:on|upon)?\s*/i, '')
        .trim()
      return {
        target: target || undefined,
        asks: splitAsks(rest.slice(to.index + to[0].length)),
        opensList: /:\s*$/.test(text),
      }
    }
    return { asks: [asAsk(rest)].filter(Boolean), opensList: /:\s*$/.test(text) }
  }
  return null
}

/**
 * Rule "the demand goes on": "The authorities must release X. They must also stop …": a modal
 * demand whose subject is a pronoun continues the call of the sentence before, to its target.
 */
function continuedCall(
  sentence: Sentence,
  previous: CallToAction | undefined,
  own: boolean,
): Found | null {
  if (!previous?.sentences.includes(sentence.index - 1)) return null
  const m =
    /^(?:\p{L}+,\s+)?(?:they|it)\s+(?:must|should|need to)\s+(?:(?:also|now|further|immediately|urgently|at once)\s+)*(.*)$/iu.exec(
      sentence.text,
    )
  if (!m || (isQuoted(sentence, 0) && !own) || !DEMAND_IMPERATIVE.test(m[1]!)) return null
  return { target: previous.target, asks: [asAsk(m[1]!)].filter(Boolean), opensList: false }
}

/**
 * The calls to action of the release itself. A call counts when the publisher makes it ("We call
 * on", "The organisations urge", "AHRCA calls on", "… authorities should …, OSRM said"); what
 * someone else called for ("Tukhbatullin and colleagues called on", "The Special Rapporteur called
 * on"), anything inside quotation marks, and the headline are reported, not the release's calls.
 */
export function findCalls(
  doc: ReleaseDocument,
  release: ReleaseInfo,
  people: Person[],
): CallToAction[] {
  const namesIn = new Map<number, { span: [number, number]; person: number }[]>()
  for (const p of people) {
    for (const m of p.mentions) {
      const list = namesIn.get(m.sentence) ?? []
      list.push({ span: [m.outerStart, m.end], person: p.id })
      namesIn.set(m.sentence, list)
    }
  }
  const calls: CallToAction[] = []
  const used = new Set<number>()
  for (const sentence of doc.sentences) {
    if (sentence.block < release.bodyStart || used.has(sentence.index)) continue
    const names = (namesIn.get(sentence.index) ?? []).map((n) => n.span)
    const own = ownQuote(doc, sentence, release)
    const found =
      verbCall(sentence, names, release, own) ??
      pastCall(doc, sentence, names, release) ??
      imperativeCall(sentence) ??
      necessityCall(sentence) ??
      modalCall(sentence, names, release, own) ??
      passiveCall(sentence, own) ??
      listItemCall(sentence) ??
      demandCall(doc, sentence, names, release, own) ??
      continuedCall(sentence, calls[calls.length - 1], own)
    if (!found) continue
    const indices = [sentence.index]
    let asks = found.asks
    let askSources = asks.map(() => sentence.text)
    if (found.opensList || sentence.list === 'lead') {
      const items: string[] = []
      for (let k = sentence.index + 1; k < doc.sentences.length; k++) {
        const item = doc.sentences[k]!
        if (item.list !== 'item') break
        indices.push(k)
        used.add(k)
        items.push(item.text)
      }
      if (items.length) {
        asks = [...asks, ...items.map(asAsk)]
        askSources = [...askSources, ...items]
      }
    }
    // A demand whose wording gives no separable ask is asked as the release words it.
    if (!asks.some(Boolean)) {
      asks = [asAsk(stripOpening(sentence.text))]
      askSources = [sentence.text]
    }
    const text = indices.map((i) => doc.sentences[i]!.text).join(' ')
    const named = new Set(indices.flatMap((i) => (namesIn.get(i) ?? []).map((n) => n.person)))
    calls.push({
      text,
      target: found.target,
      asks: asks.filter(Boolean),
      askSources: askSources.filter((_, i) => Boolean(asks[i])),
      sentences: indices,
      sources: indices.map((i) => doc.sentences[i]!.text),
      people: [...named],
      peopleBySentence: Object.fromEntries(
        indices.map((i) => [i, [...new Set((namesIn.get(i) ?? []).map((n) => n.person))]]),
      ),
    })
  }
  return calls
}
