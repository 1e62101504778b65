/** Decides who among the people a release names is a human rights defender, and for which country. */
import {
  findPlaces,
  isDiplomaticMention,
  isEthnicMention,
  isHostMention,
  type PlaceHit,
} from './gazetteer.ts'
import type { Mention, Person } from './people.ts'
import type { ReleaseInfo } from './release.ts'
import type { ReleaseDocument, Sentence } from './sentences.ts'
import {
  GOVERNMENT,
  HEADS,
  LEADS_ORG,
  NGO,
  OFFICE,
  OFFICIAL,
  ROLE,
  STAFF,
  STAFF_ACRONYM,
  STAFF_OF_NGO_BEFORE,
} from './vocabulary.ts'

/** What happened to a person, as far as the release says. */
export type Persecution =
  | 'imprisoned'
  | 'sentenced'
  | 'convicted'
  | 'detained'
  | 'charged'
  | 'threatened'
  | 'attacked'
  | 'tortured'
  | 'harassed'
  | 'release-demanded'

export interface Assessment {
  person: Person
  defender: boolean
  official: boolean
  family: boolean
  /** The defender's work as the release describes it: "human rights lawyer". */
  role?: string
  persecution: Set<Persecution>
  exiled: boolean
  ill: boolean
  country?: string
  /** Sentences about the person, in order: those naming them and those continuing with he/she. */
  sentences: number[]
  /** Why the decision went the way it did, for whoever debugs a new release. */
  evidence: string[]
}

const PERSECUTION: [Persecution, RegExp][] = [
  [
    'imprisoned',
    /\b(?:imprisoned|jailed|behind bars|(?:is|are|was|were|been|remains?) in (?:a |the )?prison|serving (?:a |his |her |their )?(?:\S+ )?(?:prison )?sentence|prison (?:terms?|sentences?)|(?<!up to \S+ )years[’']? (?:of )?imprisonment|sentenced (?:\S+ ){0,6}?to (?:\S+ ){0,5}?(?:years?|months?)|(?<!up )\bto (?:\S+ ){1,3}years?(?: in prison| of imprisonment|[’']? imprisonment| in a penal colony)?(?=[\s.,;]|$)|penal colony|life sentence|languish(?:es|ed|ing)? (?:\S+ ){0,5}?(?:jails?|prisons?|detention|behind bars)|punishment cell|solitary confinement|(?:is|was|been|as|remains) (?:a )?political prisoner)\b/i,
  ],
  ['sentenced', /\b(?:sentenced|sentencing|sentence (?:handed down|against|on|upheld))\b/i],
  ['convicted', /\b(?:convicted|convictions?|found guilty)\b/i],
  [
    'detained',
    /\b(?:(?<!briefly )detained|(?<!briefly )arrested|arrests?|detentions?|in custody|under arrest|house arrest|(?:is|are|was|were|been|being|remains?|still) held (?:in|at|incommunicado|without|for|since)|(?:is|was|being|been) held(?=[.,;]|\s+(?:by (?:the )?(?:police|authorities|security)|arbitrarily))|still in (?:prison|detention|custody|jail)|remains? (?:in prison|behind bars|in detention|in custody|in jail)|held incommunicado|abducted|disappeared|forcibly disappeared|(?:provisionally|conditionally|temporarily) (?:and \S+ )?released|released on bail)\b/i,
  ],
  [
    'charged',
    /\b(?:charged with|charges? (?:(?:brought|filed|pressed|levelled|leveled) )?(?:against|of)|criminal charges|accused of|prosecuted|indicted|faces? up to|facing up to|on trial|criminal case against|(?:criminal )?(?:investigations?|proceedings|cases?) (?:opened )?against|brought to trial|under (?:criminal )?investigation|faces? (?:\S+ ){0,2}charges|(?:face|faces|facing|stand|stands|standing) trial)\b/i,
  ],
  [
    'threatened',
    /\b(?:threatened|threats? (?:\S+ ){0,2}against|threatening (?:messages|calls|letters)|received (?:\S+ ){0,3}(?:threats|warnings)|warned (?:him|her|them)|death threats?|attack on (?:his|her|their) life|plot (?:on|against) (?:his|her|their) life|at risk|intimidated|targeted)\b/i,
  ],
  [
    'attacked',
    /\b(?:attacked|assaulted|beaten|set upon|beaten up|set fire to (?:his|her|their))\b/i,
  ],
  ['tortured', /\b(?:tortured|ill-treated)\b/i],
  [
    'harassed',
    /\b(?:harassed|harassment|fined|raided|surrounded by (?:\S+ ){0,4}(?:police|officers|agents)|briefly (?:detained|arrested|held)|summoned|interrogated|questioned|surveillance|smeared|travel ban|travel restrictions?|banned from|barred from|prevented from|confiscated|disbarred|stripped of (?:his|her|their) (?:licen[cs]e|accreditation)|licen[cs]e (?:was )?revoked|followed by (?:\S+ )?(?:officers|police|agents|men)|persecuted|persecution|reprisals?|punished|pressure on (?:him|her|them))\b/i,
  ],
  [
    'release-demanded',
    /\b(?:(?<!(?:press|news|media) )release(?! of (?:a|the|its|their) (?:report|statement|book|film|video|data|findings))|to free|be released|are released|is released|quash (?:his|her|their|the) convictions?)\b/i,
  ],
]

const ACTIVITY =
  /\b(?:document(?:ed|s|ing)|monitor(?:ed|s|ing)|report(?:ed|s|ing) on|investigat(?:ed|es|ing)|expos(?:ed|es|ing)|represent(?:ed|s|ing)|defend(?:ed|s|ing)|took up (?:his|her|their) (?:defen[cs]e|case)|campaign(?:ed|s|ing) (?:for|against)|wr(?:ote|ites|itten) about|publish(?:ed|es|ing)|cover(?:ed|s|ing)|founded|assist(?:ed|s|ing) (?:victims|detainees)|provid(?:ed|es|ing) legal)\b/i

const FAMILY_NOUN =
  '(?:wife|husband|spouse|widow(?:er)?|mother|father|parents?|son|daughter|brother|sister|sibling|relatives?|family|uncle|aunt|nephew|niece|cousin|grand(?:mother|father|son|daughter)|fianc[ée]e?|(?:mother|father|son|daughter)-in-law)'
/** "His wife, Gulnora Nurmatova", "Gaziev’s mother, Leila Gazieva": the relation is what names them. */
const FAMILY_BEFORE = new RegExp(`\\b${FAMILY_NOUN}$`, 'i')
/** "Leila Gazieva, the mother of …", "Gulnora Nurmatova, his wife". */
const FAMILY_AFTER = new RegExp(`^(?:his|her|their|the)\\s+(?:\\S+\\s+)?${FAMILY_NOUN}\\b`, 'i')

const SPEECH =
  /\b(?:said|says|say|told|tells|added|adds|stated|states|wrote|writes|explained|noted|commented|announced|declared|insisted|claimed|claims|believes|believed|complained|according to|quoted)\b/i

/** "… for their peaceful activism", "… for his activities as a journalist": why they are punished. */
const PUNISHED_FOR_WORK = new RegExp(
  `\\b(?:for|because of|over|relat(?:ed|ing) to|in (?:retaliation|reprisal|response) for)\\s+(?:his|her|their)\\s+(?:(?:peaceful|legitimate|legal|professional|lawful|human rights|journalistic|civic|independent)\\s+)*(?:activism|human rights work|advocacy|journalism|reporting|defen[cs]e of (?:\\S+\\s+){0,2}rights|(?:work|activities|activity) as (?:an? )?(${ROLE.source.replace(/^\\b/, '').replace(/\\b$/, '')}))\\b`,
  'iu',
)

/** A role read from what someone does rather than from what they are called. */
const WORK = 'human rights work'

const PREP_STOP = new Set(
  'against of by for to with on in at from that said says told and or but as into over under after before during since than about including among via whom who which'.split(
    ' ',
  ),
)

/** The words that describe a person right before their name: "human rights lawyer Jamshed Nurmatov". */
function preModifier(text: string, at: number, floor: number): string {
  const before = text.slice(floor, at)
  const boundary = Math.max(
    ...[',', ';', ':', '(', '“', '”', '"', '–', '—', '•'].map((c) => before.lastIndexOf(c)),
  )
  const words = before
    .slice(boundary + 1)
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  const out: string[] = []
  // Rule "verb before the name": in "officers seized X" the officers are the subject, not X's title.
  if (/^\p{Ll}+ed$/u.test(words[words.length - 1] ?? '')) return ''
  for (let i = words.length - 1; i >= 0 && out.length < 6; i--) {
    if (PREP_STOP.has(words[i]!.toLowerCase())) break
    out.unshift(words[i]!)
  }
  return out.join(' ')
}

/** "The deputy head of the GKNB, Almazbek Sydykov": the noun phrase before a name and a comma. */
function preApposition(text: string, at: number, floor: number): string {
  const before = text.slice(floor, at)
  if (!/,\s*$/.test(before)) return ''
  const body = before.replace(/,\s*$/, '')
  const boundary = Math.max(...[',', ';', ':', '(', '“', '”', '•'].map((c) => body.lastIndexOf(c)))
  const chunk = body.slice(boundary + 1).trim()
  return /^(?:the|a|an|his|her|their|its|our|another|one|fellow|other|[’']s|[\p{L}-]+[’']s)\b/iu.test(
    chunk,
  ) || /^[’']s\s/u.test(chunk)
    ? chunk
    : ''
}

const NOT_APPOSITION =
  /^(?:was|were|is|are|has|have|had|will|would|can|could|may|might|must|should|did|does|do|said|says|told|tells|added|to|in|on|at|for|from|with|by|and|but|or|after|before|when|while|if|as|then|also|later|however|held|hid|led|fled)\b|^\S+ed\b|^(?:a|an|one|two|three|several|\d+)\s+(?:few\s+)?(?:days?|weeks?|months?|years?|hours?)\s+(?:after|before|later|earlier|ago)\b/i

/** "Farid Tukhbatullin, who is the head of …," / "Yerlan Zhakupov, 44, a veteran civic activist …,". */
function postApposition(text: string, at: number, ceiling: number): string {
  // "X – a member of the Y Society – was arrested": a dash sets off the apposition like a comma.
  // "X (Ровшан …), a reporter", "X (20 years old) – a member …": a bracket after the name is skipped.
  const bracket = /^\s*\([^()]{1,60}\)/.exec(text.slice(at, ceiling))
  const from = bracket ? at + bracket[0].length : at
  const dashed = /^\s+[–—-]\s+([^–—]{3,160}?)\s+[–—-]\s+/.exec(text.slice(from, ceiling))
  if (dashed) return dashed[1]!
  const after = text.slice(from, ceiling)
  // Rule "relative clause": "Ms X who is the Head of the Y Committee", with no comma before "who".
  const relative = /^\s+(?:who|whose)\s+[^,;.]{3,160}/.exec(after)
  if (relative) return relative[0].trim()
  if (!/^\s*,/.test(after)) return ''
  const stop = after.search(/[;.:](?:\s|$)/)
  const chunks = (stop >= 0 ? after.slice(0, stop) : after).replace(/^\s*,\s*/, '').split(/,\s*/)
  let i = 0
  if (/^\d{1,3}$/.test(chunks[0] ?? '')) i++
  const first = (chunks[i] ?? '').trim()
  if (!first || NOT_APPOSITION.test(first)) return ''
  const out = [first]
  const next = (chunks[i + 1] ?? '').trim()
  if (/^(?:who|whose)\b/i.test(next)) out.push(next)
  return out.join(', ')
}

function official(np: string, acronyms: Map<string, string>): boolean {
  if (!np || /\bformer\b|\bex-/i.test(np)) return false
  // "A parliamentary commission led by the Ombudsperson": the name is the last noun phrase's.
  const tail = /\b(?:led by|headed by|chaired by)\s+(.+)$/i.exec(np)
  if (tail) return official(tail[1]!, acronyms)
  const head = np.split(/\b(?:who|whose|which|that)\b/i)[0]!
  if (OFFICIAL.test(head.replace(/^(?:the|a|an|[\p{L}-]+[’']s)\s+/iu, ''))) return true
  const staff = STAFF.exec(head)
  if (staff && governmental(staff[1]!, acronyms)) return true
  return false
}

function governmental(org: string, acronyms: Map<string, string>): boolean {
  if (GOVERNMENT.test(org)) return true
  for (const [acronym, name] of acronyms) {
    if (new RegExp(`\\b${acronym}\\b`).test(org) && GOVERNMENT.test(name)) return true
  }
  return false
}

function roleIn(np: string, acronyms: Map<string, string>): string | undefined {
  if (!np) return undefined
  const role = ROLE.exec(np)
  if (role) return role[0].toLowerCase()
  const acronym = STAFF_ACRONYM.exec(np)
  if (acronym && !governmental(acronym[1]!, acronyms)) return 'human rights defender'
  const staff = STAFF.exec(np)
  if (
    staff &&
    !governmental(staff[1]!, acronyms) &&
    !/\barmed|militant|terrorist|criminal/i.test(staff[1]!)
  ) {
    return 'human rights defender'
  }
  // "who heads the Women’s Petition Committee": runs an organisation of civil society.
  const heads = HEADS.exec(np)
  if (heads && NGO.test(heads[1]!) && !governmental(heads[1]!, acronyms))
    return 'human rights defender'
  if (ACTIVITY.test(np)) return WORK
  return undefined
}

/** A role, then up to a dozen words of title, then the name: "lawyer and former chair of the X bar". */
const LONG_TITLE = new RegExp(
  `(${ROLE.source})\\s+(?:and|,)\\s+(?:the\\s+)?(?:former\\s+|deputy\\s+|co-)?[\\p{L}-]+(?:\\s+[\\p{L}-]+){0,2}\\s+(?:of|at|for|with)\\s+[^,;:.()]{3,90}$`,
  'iu',
)

/** "X is a prisoner of conscience", "X and Y are journalists": the role after the verb. */
const PREDICATE_ROLE = new RegExp(
  `^\\s+(?:is|was|are|were|has been|have been|remains?|is also|was also)\\s+(?:a|an|the|both|also|two)?\\s*(?:[\\p{L}-]+\\s+){0,3}?(${ROLE.source.replace(/^\\b/, '')})`,
  'iu',
)

/** "X is a member of the Y movement", "X was the head of the Z Centre". */
const PREDICATE_MEMBER =
  /^\s+(?:is|was|has been|remains)\s+(?:also\s+)?(?:a|an|the)?\s*(?:(?:long-time|longtime|founding|leading|prominent|active)\s+)?(?:member|head|director|founder|co-founder|coordinator|chair(?:man|woman|person)?|leader|staff member|president)\s+of\s+([^,;.]{2,80})/i
/** An organisation of civil society, however it is written: "the NIDA youth movement". */
const CIVIL_BODY =
  /\b(?:movement|organi[sz]ation|ngo|group|association|network|union|society|centre|center|committee|coalition|initiative|foundation|club|campaign|platform|watch|monitor)\b/i

/** A sentence about the person named just before, by their role: "The journalist had …". */
const DEFINITE_ROLE = new RegExp(
  `^(?:The|This)\\s+(?:young\\s+|prominent\\s+|veteran\\s+)?((?:${ROLE.source.replace(/^\\b/, '').replace(/\\b$/, '')}))\\b(?!s)`,
)

/** An organisation's name and nothing else: "Institute for War and Peace Reporting". */
const AFFILIATION =
  /^(?:the\s+)?[\p{Lu}][\p{L}’'-]*(?:\s+(?:(?:for|of|and|the|on)\s+)*[\p{Lu}][\p{L}’'-]*){0,8}(?:\s*\([\p{Lu}]{2,10}\))?$/u
/** Words of an outlet: who works for one is a journalist. */
const MEDIA =
  /\b(?:Reporting|News|Radio|Television|TV|Press|Media|Times|Newspaper|Gazette|Journal|Agency|Post|Daily|Weekly|Magazine|Service|Broadcasting|Channel)\b/

/** "the King of Saudi Arabia" right before ", Name": an office in apposition. */
const OFFICE_APPOSED = new RegExp(
  `\\bthe\\s+(?:${OFFICE.source})(?:\\s+(?:of|for)\\s+(?:the\\s+)?[\\p{Lu}][\\p{L}\\s’'-]{0,40})?\\s*$`,
  'u',
)

const OFFICE_GAP_VERB =
  /\b(?:to|that|urging|calling|asking|demanding|requesting|release|free|\p{Ll}{3,}ed|\p{Ll}{3,}ing|him|her|them|it)\b/u

const OFFICE_AFTER =
  /^\s*,?\s*(?:the\s+)?(?:President|Vice-President|Prime Minister|(?:Deputy |Foreign |Interior |Justice )?Minister|Prosecutor[- ]General|Prosecutor|Procurator|Ambassador|Governor|Mayor|Judge|Chairman of the (?:State|National|Supreme)|Head of (?:State|the Presidential))\b/

/**
 * A headline about a group: "Regime urged to free imprisoned journalists". Plural only: a headline
 * about one "blogger" names that one person, not the others the release mentions.
 */
const TITLE_ROLE =
  /\b((?:human rights )?(?:activists|defenders|journalists|bloggers|lawyers|reporters|correspondents|editors|prisoners of conscience))\b/i

/** A group named by its role: "the two activists", "The three are civic activists", "Both HRDs". */
const GROUP_ROLE =
  /\b(?:the|these|both|all|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+|other|detained|jailed|arrested|imprisoned|prominent|young|local|civic|civil society|environmental|independent|human rights|\p{Lu}\p{Ll}+)\s+){0,3}(activists|human rights defenders|defenders|HRDs|journalists|bloggers|lawyers|reporters|campaigners|prisoners of conscience)\b|\b(?:The|These|Both|They)\s+(?:\w+\s+)?(?:are|were)\s+(?:\w+\s+){0,2}(activists|defenders|journalists|bloggers|lawyers|prisoners of conscience)\b|\b(?:and|they) are (prisoners of conscience)\b/u

const SINGLE_ROLE =
  // Case-sensitive: under the "i" flag \p{Lu} would match any letter, and "activist in" is no name.
  /(?:^|\b(?:[Aa]n?|[Tt]he)\s+)(?:[\p{L}-]+\s+){0,3}?((?:human rights |rights )?(?:defender|activist|journalist|blogger|lawyer|reporter|campaigner|dissident|prisoner of conscience))\b(?!\s+\p{Lu})/u

const DASHED_LIST =
  /((?:\S+\s+)?(?:defenders|activists|journalists|bloggers|lawyers|reporters)(?:\s+and\s+(?:\S+\s+)?(?:defenders|activists|journalists|bloggers|lawyers|reporters))?)\s*(?:--|–|—)\s*$/i

/**
 * An apposition about a group: "two youth activists", "both journalists", "all lawyers", or one
 * post each: "A and B, the director and editor-in-chief of X".
 */
const PLURAL_APPOSITION =
  /^(?:the\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|both|all|\d+)\s+(?:[\p{L}-]+\s+){0,3}?[\p{L}-]+s\b|^(?:the|its|their)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?\s+and\s+(?:the\s+)?[\p{L}-]+/iu

const GROUP_BEFORE =
  /(?:^|[.;:]\s+|\s)((?:two|three|four|five|six|seven|eight|nine|ten|both|\d+)\s+(?:[\p{L}-]+\s+){0,3}?[\p{L}-]+s),\s*$/iu

const THEY_OPENING =
  /^(?:(?:However|But|And|Now|Since then|Meanwhile|Today),?\s+)?(?:they|both of them)\s/i

/** "Among those facing this are …", "Among them are …", "Among the detainees is …". */
const AMONG_THOSE =
  /^(?:\p{L}+,\s+)?Among\s+(?:them|those|these|the\s+\p{L}+)\b(?!\s+(?:present|attending|invited|speaking|who (?:spoke|attended|signed)))/u

/** "members of the X Coalition and the wider Y network, such as": who follows belongs to them. */
const MEMBERS_INTRO =
  /\b(?:members|staff|founders|leaders|volunteers)\s+of\s+((?:the\s+)?[^.;:“”"]{2,100}?),?\s+(?:such as|including|among them|namely)\s*$/iu

const LIST_INTRO =
  /\b((?:human rights |rights |civic |civil society |opposition )?(?:defenders|activists|journalists|lawyers|bloggers|campaigners|dissidents|human rights workers))\b[^.;“”"]{0,100}?(?:including|such as|among them|among whom|namely|:)\s*(?:(?:its|his|her|their|the)\s+[\p{L} -]{1,30},\s*)?$/iu

/** Verbs in the active voice right before a name: "prosecutor X charged lawyer Zarina Qodirova". */
const DONE_TO: [Persecution, RegExp][] = [
  ['detained', /\b(?:arrested|detained|abducted|seized)\s+(?:\S+\s+){0,3}$/i],
  ['charged', /\b(?:charged|indicted|prosecuted)\s+(?:\S+\s+){0,3}$/i],
  ['sentenced', /\b(?:sentenced|convicted)\s+(?:\S+\s+){0,3}$/i],
  ['attacked', /\b(?:attacked|assaulted|beat)\s+(?:\S+\s+){0,3}$/i],
  ['threatened', /\b(?:threatened|warned)\s+(?:\S+\s+){0,3}$/i],
  ['harassed', /\b(?:summoned|interrogated|fined|searched|disbarred)\s+(?:\S+\s+){0,3}$/i],
]

// "represented dozens of protesters detained in June": what happened to others the person helped.
const OTHERS_PERSECUTED =
  /\b(?!(?:was|is|has|his|hers|its|this|thus|as|us|yes|unless|less|remains|stays|continues|arrests)\b)(?:\p{L}+s|men|women|people|children)\s+(?:who\s+(?:were\s+|had been\s+|have been\s+)?)?(?:detained|arrested|jailed|imprisoned|convicted|sentenced|tortured|killed|abducted|disappeared|charged|prosecuted)\b/giu

function persecutionIn(text: string): Persecution[] {
  const own = text.replace(OTHERS_PERSECUTED, ' ')
  return PERSECUTION.filter(([, re]) => re.test(own)).map(([kind]) => kind)
}

const BEFORE_NEXT =
  /\b(?:detained|jailed|imprisoned|arrested|convicted|sentenced|abducted|persecuted|prosecuted|tortured)(?:\s+[\p{Ll}-]+){0,3}\s*$/u

/** The part of a region before anyone starts speaking: what X said is not what happened to X. */
function beforeSpeech(text: string): string {
  const m = SPEECH.exec(text)
  return m ? text.slice(0, m.index) : text
}

interface Group {
  members: Mention[]
  start: number
  end: number
  outerStart: number
}

const AFFILIATED_GAP = /^\s+(?:of|from|with)\s+((?:the\s+)?[^,;.()“”"]{2,60}?),?\s+and\s*$/

/** Mentions joined only by commas and "and" are one group: they share what the sentence says. */
function groupsOf(sentence: Sentence, mentions: Mention[]): Group[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start)
  // The same person named twice in a row ("Zhukouskaya (also spelt Zhukovskaya …)") is one mention.
  const merged: Mention[] = []
  for (const m of sorted) {
    const prev = merged[merged.length - 1]
    if (prev && prev.person === m.person && m.start - prev.end < 40) {
      prev.end = m.end
      prev.possessive = m.possessive
    } else merged.push({ ...m })
  }
  const groups: Group[] = []
  for (const m of merged) {
    const prev = groups[groups.length - 1]
    const last = prev?.members[prev.members.length - 1]
    const gap = last ? sentence.text.slice(last.end, m.outerStart) : ''
    // Rule "group with affiliations": "A of the weekly X and B of the daily Y were arrested".
    const affiliated = AFFILIATED_GAP.exec(gap)
    const joined =
      /^\s*(?:,|,?\s*and|&)\s*$/.test(gap) || (affiliated && !GOVERNMENT.test(affiliated[1]!))
    if (prev && last && !last.possessive && joined) {
      prev.members.push(m)
      prev.end = m.end
    } else groups.push({ members: [m], start: m.start, end: m.end, outerStart: m.outerStart })
  }
  return groups
}

interface Evidence {
  roles: string[]
  official: boolean
  family: boolean
  persecution: Set<Persecution>
  windows: string[]
  regions: string[]
  notes: string[]
}

/**
 * A defender is someone the release describes with a defender's work (defender, activist,
 * lawyer, journalist, blogger, NGO staff, documenting or monitoring abuses) AND as the target of
 * persecution (detained, charged, sentenced, threatened, attacked, harassed, or whose release it
 * demands). Officials, and relatives who are described only as relatives, are never defenders,
 * whatever else the sentence says about them; neither is anyone speaking only as a source.
 */
export function assessPeople(
  doc: ReleaseDocument,
  people: Person[],
  release: ReleaseInfo,
): Assessment[] {
  const evidence = people.map(
    (): Evidence => ({
      roles: [],
      official: false,
      family: false,
      persecution: new Set(),
      windows: [],
      regions: [],
      notes: [],
    }),
  )
  const bySentence = new Map<number, Mention[]>()
  for (const p of people) {
    for (const m of p.mentions) {
      const list = bySentence.get(m.sentence) ?? []
      list.push(m)
      bySentence.set(m.sentence, list)
    }
  }
  const { acronyms } = release
  // Rule "office in the name": "President-for-life Saparmurat Niyazov" holds an office, whatever
  // capitals joined the title to the name.
  people.forEach((p, id) => {
    if (new RegExp(`^(?:${OFFICE.source})[-\\s]`).test(p.name)) {
      evidence[id]!.official = true
      evidence[id]!.notes.push(`office in the name: ${p.name}`)
    }
  })

  for (const [index, mentions] of bySentence) {
    const sentence = doc.sentences[index]!
    const text = sentence.text
    const groups = groupsOf(sentence, mentions)
    const sharedOf = new Map<number, Persecution[]>()
    const introOf = new Map<number, RegExpExecArray | null>()
    groups.forEach((group, g) => {
      const next = groups[g + 1]
      const ceiling = next ? next.outerStart : text.length
      const floorOf = (m: Mention) => {
        const prev = groups
          .flatMap((x) => x.members)
          .filter((x) => x.end <= m.outerStart)
          .sort((a, b) => b.end - a.end)[0]
        return prev ? prev.end : 0
      }
      // What the sentence says of the group: before it (when it comes first) and after it.
      const lastMember = group.members[group.members.length - 1]!
      let after = text.slice(group.end, ceiling)
      let shared: Persecution[] = []
      if (lastMember.possessive) {
        const own =
          /^[’']s\s+(?:\S+\s+)?(?:arrest|detention|imprisonment|trial|conviction|sentence|sentencing|persecution|abduction|prosecution)\b/i.exec(
            after,
          )
        shared = own ? persecutionIn(own[0]) : []
        after = ''
      } else {
        after = beforeSpeech(after)
        // Rule "another's lot": in "X, who covered the trial of jailed blogger Y" the jailing is
        // Y's: a persecution word right before the next name is not said of X.
        if (next) after = after.replace(BEFORE_NEXT, '')
        shared = persecutionIn(after)
      }
      let before = ''
      if (g === 0) {
        before = text.slice(0, group.outerStart)
        const speech = [...before.matchAll(new RegExp(SPEECH.source, 'gi'))].pop()
        if (speech) before = before.slice(speech.index + speech[0].length)
        // Rule "the speaker's own quote": in "“… their convictions …,” Bihr said" the words
        // before the name are what the speaker says, not what happened to them.
        if (SPEAKER_AFTER.test(text.slice(group.end))) before = ''
        shared = [...shared, ...persecutionIn(before)]
      }
      // "Tukhbatullin and other Turkmen exile activists", "… and all other detained human rights defenders".
      const others =
        /^\s*,?\s*(?:and|as well as)\s+(?:all\s+)?(?:the\s+)?other\s+((?:\S+\s+){0,4}?(?:defenders|activists|journalists|lawyers|bloggers|human rights workers))\b/i.exec(
          text.slice(group.end),
        )
      // Rule "these include": "13 journalists remain in prison. These include …: A; B; and C".
      if (
        g === 0 &&
        /^(?:These|They|Those|Among them)\s+(?:include|are|were)\b/.test(text) &&
        index > 0
      ) {
        shared = [...shared, ...persecutionIn(doc.sentences[index - 1]!.text)]
      }
      // Rule "among those": "… arbitrary arrests … Among those facing this are A, B and C": the
      // people listed share what the sentences just before say was done.
      if (g === 0 && AMONG_THOSE.test(text)) {
        for (const s of doc.sentences.slice(Math.max(0, index - 3), index)) {
          shared = [...shared, ...persecutionIn(s.text)]
        }
      }
      // A list item inherits its introduction: "Those still in detention include:".
      if (sentence.list === 'item' && g === 0) {
        let k = index - 1
        while (k >= 0 && doc.sentences[k]!.list === 'item') k--
        const lead = doc.sentences[k]
        if (lead?.list === 'lead') shared = [...shared, ...persecutionIn(lead.text)]
      }
      // "the court sentenced lawyer Manuchehr Kholiknazarov": done to the one named next.
      const leadIn = text.slice(floorOf(group.members[0]!), group.outerStart)
      const lastStop = Math.max(...[',', ';', ':', '(', '“', '”'].map((c) => leadIn.lastIndexOf(c)))
      const lead = beforeSpeech(leadIn.slice(lastStop + 1))
      // Rule "the subject's lot": in "X was arrested after Y criticised …" the arrest is X's, not
      // Y's: a clause that has its own verb and ends in "after", "when", "because" … leads to a new
      // subject.
      const newSubject =
        /\b(?:after|before|when|because|since|while|as|following|until|once)\s*$/i.test(lead) &&
        /\b(?:was|were|been|is|are|had|has|have)\b/i.test(lead)
      if (g > 0 && !newSubject) shared = [...shared, ...persecutionIn(lead)]
      // Rule "list with roles": "the detention of fact-checker A and editor B": B shares A's lot.
      const joined =
        g > 0 &&
        /^\s*(?:,|,?\s*and|;\s*(?:and\s+)?)\s*(?:[\p{Ll}-]+,?\s+){1,3}$/u.test(
          text.slice(groups[g - 1]!.end, group.outerStart),
        )
      // Rule "list continues": "…: A, B and C; from X – D and E; as well as the head of Y – F":
      // semicolons part the items of one enumeration, which share its lead.
      const continued =
        g > 0 &&
        text.slice(0, groups[0]!.outerStart).includes(':') &&
        /^\s*;\s*(?:and\s+|as well as\s+)?(?:[^;.:]|\.(?=\S)){0,80}$/.test(
          text.slice(groups[g - 1]!.end, group.outerStart),
        )
      if (joined || continued) shared = [...shared, ...(sharedOf.get(g - 1) ?? [])]
      sharedOf.set(g, shared)
      for (const [kind, verb] of DONE_TO) if (verb.test(lead)) shared.push(kind)
      // "The following human rights defenders remain in prison: A, B and C", "activists, including A".
      const introduced =
        LIST_INTRO.exec(leadIn.slice(Math.max(0, leadIn.length - 160))) ??
        (joined || continued ? (introOf.get(g - 1) ?? null) : null)
      introOf.set(g, introduced)
      // Rule "list lead": "the arrests of three human rights defenders: A, B and C".
      if (introduced) {
        shared = [...shared, ...persecutionIn(leadIn.slice(Math.max(0, leadIn.length - 160)))]
      }
      // Rule "plural role": "human rights defenders A and B, C": the role before a group is theirs all.
      const firstPre = preModifier(text, group.members[0]!.outerStart, floorOf(group.members[0]!))
      // Rule "dashed list": "five other journalists and bloggers -- A, B and C -- continue to …".
      const dashed = DASHED_LIST.exec(text.slice(floorOf(group.members[0]!), group.outerStart))
      const plural = /\b(?:defenders|activists|journalists|bloggers|lawyers|reporters|HRDs)$/i.test(
        firstPre,
      )
        ? roleIn(firstPre, acronyms)
        : dashed
          ? roleIn(dashed[1]!, acronyms)
          : undefined
      // Rule "plural apposition": "A and B, two Azerbaijani youth activists," describes them all.
      // And before it: "Two prominent human rights lawyers, A and B, were arrested".
      const groupApp =
        group.members.length > 1 && !lastMember.possessive
          ? postApposition(text, lastMember.end, ceiling) ||
            GROUP_BEFORE.exec(text.slice(floorOf(group.members[0]!), group.outerStart))?.[1] ||
            ''
          : ''
      const sharedRole = PLURAL_APPOSITION.test(groupApp) ? roleIn(groupApp, acronyms) : undefined
      for (const m of group.members) {
        const ev = evidence[m.person]!
        if (plural) ev.roles.push(plural)
        if (sharedRole) ev.roles.push(sharedRole)
        for (const kind of shared) ev.persecution.add(kind)
        const behind = text.slice(Math.max(floorOf(m), m.outerStart - 200), m.outerStart)
        // Rule "heads an NGO": "the office of the Free Media Centre, headed by X".
        if (LEADS_ORG.test(behind)) {
          const org =
            /((?:[\p{Lu}][\p{L}’'-]*\s+(?:(?:for|of|the|and)\s+)*)*[\p{Lu}][\p{L}’'-]*(?:\s*\([\p{Lu}]{2,10}\))?)[,\s]*$/u.exec(
              behind.replace(LEADS_ORG, ''),
            )?.[1] ?? ''
          if (NGO.test(org) && !governmental(org, acronyms)) ev.roles.push('human rights defender')
        }
        // Rule "NGO office-holder": "the President of the Bahrain Centre for Liberties (BCL) Mr X".
        const staffOf = STAFF_OF_NGO_BEFORE.exec(behind)
        if (staffOf && !governmental(staffOf[1]!, acronyms)) ev.roles.push('human rights defender')
        // Rule "long title": "human rights lawyer and former chair of the X bar association Y".
        const longTitle = LONG_TITLE.exec(behind)
        if (longTitle) ev.roles.push(longTitle[1]!.toLowerCase())
        if (introduced) ev.roles.push(introduced[1]!.toLowerCase())
        // Rule "members such as": "members of the X Coalition and the Y network, such as A, B".
        const members = MEMBERS_INTRO.exec(leadIn.slice(Math.max(0, leadIn.length - 160)))
        if (members && !governmental(members[1]!, acronyms) && !OFFICIAL.test(members[1]!)) {
          ev.roles.push('human rights defender')
          ev.notes.push(`members such as: ${members[0]}`)
        }
        ev.regions.push(before, after)
        if (others) ev.roles.push(others[1]!.toLowerCase())
        const titles = m.titles.join(' ')
        const pre = preModifier(text, m.outerStart, floorOf(m))
        const preApp = preApposition(text, m.outerStart, floorOf(m))
        const postApp =
          m === lastMember ? postApposition(text, m.end + (m.possessive ? 2 : 0), ceiling) : ''
        const windows = [titles, pre, preApp, postApp].filter(Boolean)
        ev.windows.push(...windows)
        if (
          /\b(?:President|Minister|Judge|Prosecutor|Procurator|Colonel|General|Governor|Mayor|Ambassador|Senator|Commissioner|Ombudsperson|Ombudsman|Rapporteur|Akim|Hokim|H\.E\.|Inspector|Officer|Lieutenant|Sergeant|Captain|Major|King|Queen|Prince|Sheikh)\b/.test(
            titles,
          )
        ) {
          ev.official = true
          ev.notes.push(`title: ${titles}`)
        }
        // "UN Special Rapporteur on torture Nils Melzer": a capitalised office a few words before.
        const wide = text
          .slice(floorOf(m), m.outerStart)
          .split(/[,;:()“”"]/)
          .pop()!
          .split(/\s+/)
          .slice(-12)
          .join(' ')
        // Rule "office after the name": "Ilham Aliyev\nPresident of Azerbaijan" in a contact list.
        if (OFFICE_AFTER.test(text.slice(m.end, m.end + 60))) {
          ev.official = true
          ev.notes.push('office after the name')
        }
        // Rule "office in apposition": "granted by the King of Saudi Arabia, Mohammed bin Salman".
        const apposed = /([^,;:()“”"]*),\s*$/.exec(text.slice(floorOf(m), m.outerStart))?.[1] ?? ''
        if (
          OFFICE_APPOSED.test(apposed) &&
          !(NGO.test(apposed) && !governmental(apposed, acronyms))
        ) {
          ev.official = true
          ev.notes.push(`office in apposition: ${apposed}`)
        }
        const office = OFFICE.exec(wide)
        const ofNgo = STAFF_OF_NGO_BEFORE.test(
          text.slice(Math.max(0, m.outerStart - 200), m.outerStart),
        )
        // Rule "the office is a title": "UN Special Rapporteur on torture Nils Melzer" names the
        // holder; in "write to the Prosecutor General urging him to release X" the office is the
        // one asked, and a verb stands between it and the name.
        const gap = office ? wide.slice(office.index + office[0].length) : ''
        if (office && !ofNgo && !ROLE.test(gap) && !OFFICE_GAP_VERB.test(gap)) {
          ev.official = true
          ev.notes.push(`office: ${wide}`)
        }
        for (const np of [pre, preApp, postApp]) {
          if (official(np, acronyms)) {
            ev.official = true
            ev.notes.push(`official: ${np}`)
          }
          if (np === postApp ? FAMILY_AFTER.test(np) : FAMILY_BEFORE.test(np.trim())) {
            ev.family = true
            ev.notes.push(`family: ${np}`)
          }
          const role = roleIn(np, acronyms) ?? roleIn(titles, acronyms)
          if (role) ev.roles.push(role)
        }
        for (const kind of persecutionIn(next ? postApp.replace(BEFORE_NEXT, '') : postApp)) {
          ev.persecution.add(kind)
        }
        // Rule "affiliation": "Tulkin Karayev, Institute for War and Peace Reporting": a name
        // followed by an outlet or an organisation of civil society works there.
        const affiliation = AFFILIATION.exec(postApp)
        if (
          affiliation &&
          (NGO.test(postApp) || MEDIA.test(postApp)) &&
          !governmental(postApp, acronyms)
        ) {
          ev.roles.push(MEDIA.test(postApp) ? 'journalist' : 'human rights defender')
          ev.notes.push(`affiliation: ${postApp}`)
        }
        // Rule "predicate role": "X is a prisoner of conscience", "X was a reporter for Y".
        if (m === lastMember && !m.possessive) {
          const predicate = PREDICATE_ROLE.exec(text.slice(m.end))
          if (predicate) ev.roles.push(predicate[1]!.toLowerCase())
          // Rule "predicate membership": "X is a member of the NIDA youth movement".
          const member = PREDICATE_MEMBER.exec(text.slice(m.end))
          if (member && CIVIL_BODY.test(member[1]!) && !governmental(member[1]!, acronyms)) {
            ev.roles.push('human rights defender')
          }
        }
        // "Kvaratskhelia’s colleague Levan Abashidze": the colleague of a defender does their work.
        if (/\bcolleagues?\b/i.test(`${pre} ${preApp}`)) ev.roles.push(WORK)
        // "… was threatened after he represented a journalist": the work they are punished for.
        const work = ACTIVITY.exec(after)
        if (work && /\b(?:who|he|she)\s+(?:\S+\s+){0,2}$/i.test(after.slice(0, work.index))) {
          ev.roles.push(WORK)
        }
      }
    })
  }

  // Sentences that go on about the person named just before: "He was arrested on 2 July." The
  // pronoun must come early (it is then most likely the subject) and the chain stops at the
  // first sentence that is not about them.
  const sentencesOf = people.map((p) => new Set(p.mentions.map((m) => m.sentence)))
  let last: number | undefined
  let chain = 0
  let lastBlock = -1
  let pair: number[] | undefined
  for (const s of doc.sentences) {
    if (s.block !== lastBlock) {
      last = undefined
      pair = undefined
    }
    lastBlock = s.block
    const opening = s.text.split(/\s+/).slice(0, 8).join(' ')
    // Rule "pronoun before the speaker": in "“She spent four years in prison …,” said X" the
    // pronoun goes on about the one named before; X only speaks.
    const pronounFirst = /^[“"‘]?(?:He|She|His|Her)\b/.test(s.text)
    const mentions = (bySentence.get(s.index) ?? []).filter(
      (m) =>
        !(
          pronounFirst &&
          (SPEAKER_AFTER.test(s.text.slice(m.end)) ||
            SPEAKER_BEFORE.test(s.text.slice(0, m.outerStart)))
        ),
    )
    const named = new Set(mentions.map((m) => m.person))
    // Rule "they continue": "A and B were released. However, they still face trial.": a sentence
    // opening with "they" goes on about the one group the sentence before named.
    if (!named.size && pair && THEY_OPENING.test(s.text)) {
      for (const id of pair) {
        sentencesOf[id]!.add(s.index)
        for (const kind of persecutionIn(beforeSpeech(s.text))) evidence[id]!.persecution.add(kind)
      }
    }
    const groups = groupsOf(s, mentions).filter((g) => g.members.length > 1)
    pair = groups.length === 1 ? groups[0]!.members.map((m) => m.person) : undefined
    if (named.size === 1) {
      last = [...named][0]
      chain = 0
    } else if (named.size > 1) last = undefined
    else if (last !== undefined && chain < 3 && DEFINITE_ROLE.test(s.text)) {
      // Rule "definite description": "… was detained. The journalist had reported on …".
      chain++
      sentencesOf[last]!.add(s.index)
      evidence[last]!.roles.push(DEFINITE_ROLE.exec(s.text)![1]!.toLowerCase())
    } else if (last !== undefined && chain < 3 && /\b(?:he|she|him|his|her)\b/i.test(opening)) {
      chain++
      sentencesOf[last]!.add(s.index)
      // "He was arrested on 2 July": what happened to the subject, up to anything they are quoted saying.
      if (/^(?:He|She)\b/.test(s.text)) {
        // Rule "pronoun predicate": "He is a well-known opposition activist."
        const predicate = PREDICATE_ROLE.exec(s.text.replace(/^(?:He|She)\b/, ''))
        if (predicate) evidence[last]!.roles.push(predicate[1]!.toLowerCase())
        for (const kind of persecutionIn(beforeSpeech(s.text)))
          evidence[last]!.persecution.add(kind)
      }
    } else last = undefined
  }

  // Rule "punished for their work": "sentenced … in retaliation for their defence of women’s
  // rights", "charges … to persecute him for his legitimate activities as a journalist": the work a
  // persecuted person is punished for says what they do.
  evidence.forEach((ev, id) => {
    if (ev.roles.length || ev.official || ev.family || !ev.persecution.size) return
    for (const i of sentencesOf[id]!) {
      const m = PUNISHED_FOR_WORK.exec(doc.sentences[i]!.text)
      if (!m) continue
      const role = m[1] ? ROLE.exec(m[1]) : null
      ev.roles.push(role ? role[0].toLowerCase() : WORK)
      ev.notes.push(`punished for their work: ${m[0]}`)
      break
    }
  })

  // Rule "role elsewhere": "X and Y were set upon …" with "the two activists" in another sentence
  // of the paragraph (or in the headline): persecuted people the release names without a role
  // take the role the paragraph gives the group, unless they are officials or relatives.
  people.forEach((person, id) => {
    const ev = evidence[id]!
    if (ev.roles.length || ev.official || ev.family || !ev.persecution.size) return
    const blocks = new Set(person.mentions.map((m) => doc.sentences[m.sentence]!.block))
    // The paragraph, the ones before and after, and the lede (the first paragraph sums it up).
    const lede = doc.sentences.find((s) => s.block >= release.bodyStart)?.block ?? 0
    const context = [
      release.title,
      ...doc.sentences
        .filter(
          (s) =>
            blocks.has(s.block) ||
            blocks.has(s.block + 1) ||
            blocks.has(s.block - 1) ||
            s.block === lede,
        )
        .map((s) => s.text),
    ].join(' ')
    const group = GROUP_ROLE.exec(context) ?? TITLE_ROLE.exec(release.title)
    if (group) {
      ev.roles.push((group[1] ?? group[2] ?? group[3]!).toLowerCase())
      ev.notes.push(`role elsewhere: ${group[0]}`)
    }
  })

  // Rule "the one persecuted": a release about one persecuted person whom it never names with a
  // role ("Andrei Zatoka was arrested …") gives the role in a phrase without the name: "have
  // arrested a prominent environmental activist", "the human rights defender is at risk", or a
  // headline "Chinese rights defender faces 15 years in jail".
  const unnamedRole = people
    .map((_, id) => id)
    .filter((id) => {
      const ev = evidence[id]!
      return !ev.roles.length && !ev.official && !ev.family && ev.persecution.size > 0
    })
  const alreadyDefender = people.some(
    (_, id) => evidence[id]!.roles.length && evidence[id]!.persecution.size,
  )
  if (unnamedRole.length === 1 && !alreadyDefender) {
    const lede = doc.sentences.filter((s) => s.block >= release.bodyStart).slice(0, 6)
    const phrase = [release.title, ...lede.map((s) => s.text)]
      .filter((t) => persecutionIn(t).length)
      .map((t) => SINGLE_ROLE.exec(t))
      .find(Boolean)
    if (phrase) {
      const ev = evidence[unnamedRole[0]!]!
      ev.roles.push(phrase[1]!.toLowerCase())
      ev.notes.push(`the one persecuted: ${phrase[0]}`)
    }
  }

  return people.map((person, id): Assessment => {
    const ev = evidence[id]!
    const sentences = [...sentencesOf[id]!].sort((a, b) => a - b)
    const own = sentences.map((i) => doc.sentences[i]!.text).join(' ')
    const family = ev.family && !ev.roles.some((r) => ROLE.test(r))
    // Rule "history": someone persecuted only in the past the release recalls ("a writer shot in
    // 1938") is not a defender today.
    const told = sentences.map((i) => doc.sentences[i]!.text).filter((t) => persecutionIn(t).length)
    const historical =
      told.length > 0 &&
      told.every((t) => {
        const years = (t.match(/\b(?:1[89]\d\d|20\d\d)\b/g) ?? []).map(Number)
        return years.length > 0 && Math.max(...years) < 1991
      })
    const weighed = weigh({
      doc,
      release,
      person,
      ev,
      sentences,
      vetoed: ev.official || family || historical,
      mentionsBySentence: bySentence,
    })
    const defender = weighed.defender
    const exiled = /\b(?:in exile|exiled|exile|émigré|emigre|fled the country)\b/i.test(own)
    const notes = [
      ...ev.notes,
      ...weighed.notes,
      `roles: ${ev.roles.join(', ') || '-'}`,
      `persecution: ${[...ev.persecution].join(', ') || '-'}`,
    ]
    return {
      person,
      defender,
      official: ev.official,
      family,
      role: bestRole(ev.roles),
      persecution: ev.persecution,
      exiled,
      ill: /\b(?:health|medical|illness|ill\b|heart condition|treatment)/i.test(own),
      country: defender ? countryOf(doc, sentences, ev, exiled, release) : undefined,
      sentences,
      evidence: notes,
    }
  })
}

const ROLE_ORDER = [
  'human rights defender',
  'human rights lawyer',
  'lawyer',
  'journalist',
  'blogger',
  'activist',
  'editor',
  'reporter',
  'correspondent',
  'campaigner',
  'dissident',
  'volunteer',
  'defender',
]

function bestRole(roles: string[]): string | undefined {
  const text = roles.filter((r) => r !== WORK).join(' | ')
  for (const label of ROLE_ORDER) {
    if (text.includes(label)) return label === 'defender' ? 'human rights defender' : label
  }
  return roles.length ? 'human rights defender' : undefined
}

const OFFENDED =
  /\b(?:insult\w*|criticis\w*|criticiz\w*|accus\w*|offend\w*|defam\w*|mock\w*|(?:support|solidarity|sympathy)\s+(?:for|with|of)|(?:normali[sz]ation|relations)\s+with|(?:rejection|opposition)\s+(?:of|to))["”]?\s+(?:\p{Ll}+\s+){0,2}$/u

const AUTHORITY_AFTER =
  /^\s+(?:authorities|government|security services|special services|police|officials|courts?|prosecutors|judges|regime|state)\b/i

/**
 * The country a defender works in or is persecuted by: places in the words describing them weigh
 * most, then what is said of them, then their sentences, then their paragraph, then the release.
 * An ethnicity is not a country; for an exile, the host country and city do not count.
 */
function countryOf(
  doc: ReleaseDocument,
  sentences: number[],
  ev: Evidence,
  exiled: boolean,
  release: ReleaseInfo,
): string | undefined {
  const score = new Map<string, number>()
  const add = (text: string, weight: number) => {
    for (const hit of findPlaces(text)) {
      if (isEthnicMention(text, hit) || isDiplomaticMention(text, hit)) continue
      if (exiled && isHostMention(text, hit)) continue
      // Rule "dateline": "Vilnius, 3 March 2023 – …" says where the release was issued, often
      // an exile or the publisher's office, not where the defender is.
      if (
        /^[\s(]*$/.test(text.slice(0, hit.start)) &&
        /^\)?\s*(?:,\s*(?:\d{1,2}\s+\p{L}+|\p{L}+\s+\d{1,2})\b|\)?\s*[–—])/u.test(
          text.slice(hit.end),
        )
      ) {
        continue
      }
      // Rule "the country offended": "convicted of insulting neighbouring Saudi Arabia",
      // "tweets accusing Saudi Arabia of …", "his support for the Palestinian cause": what they
      // spoke about, not the state that holds them.
      if (OFFENDED.test(text.slice(Math.max(0, hit.start - 40), hit.start))) continue
      // "the Germany-based outlet Meydan TV": where an organisation sits, not where they work.
      if (/^-based\b/.test(text.slice(hit.end))) continue
      score.set(hit.code, (score.get(hit.code) ?? 0) + weight * bonus(text, hit))
    }
  }
  for (const w of ev.windows) add(w, 3)
  for (const r of ev.regions) add(r, 2)
  for (const i of sentences) add(doc.sentences[i]!.text, 1)
  const blocks = new Set(sentences.map((i) => doc.sentences[i]!.block))
  for (const b of blocks) add(doc.blocks[b]!.text, 0.5)
  if (release.country) score.set(release.country, (score.get(release.country) ?? 0) + 0.25)
  let best: string | undefined
  for (const [code, n] of score) if (!best || n > score.get(best)!) best = code
  return best
}

/** "Turkmen security services", "the Tajik authorities": the state doing the persecuting. */
function bonus(text: string, hit: PlaceHit): number {
  return hit.kind === 'people' && AUTHORITY_AFTER.test(text.slice(hit.end)) ? 1.5 : 1
}

// ---------------------------------------------------------------------------------------------
// The scoring step. The named rules above attach a role and a persecution to a name where the
// words sit next to it. Here every candidate is weighed on the evidence of their whole sentences,
// their neighbours and the release: WORK (what they do) and PERSECUTION (what was done to them),
// less what says they are someone else (a quoted source, the publisher's staff, someone's lawyer,
// the agent of an arrest). A defender has some of both and a total at the threshold; officials,
// relatives and people persecuted only in the past are never defenders (a veto, not a weight).
// ---------------------------------------------------------------------------------------------

/** The weight of each kind of evidence; `docs/IMPORTER.md` "Scoring" explains each. */
export const WEIGHTS = {
  /** A defender's role or work attached to the name by the named rules ("journalist X"). */
  role: 2,
  /** A role in the noun phrase before the name: "the human rights defender and laureate X". */
  rolePhrase: 2,
  /** A post in a body named before it: "Nagiz Atajurt leader X" (not a state's or an army's). */
  namedBodyPost: 2,
  /** Punished for expression: "jailed for speaking out for women’s rights", "because she tweeted". */
  punishedForExpression: 1.5,
  /** Persecution attached to the name ("X was arrested", "the release of X"). */
  persecution: 2,
  /** Persecution in a sentence naming them, outside anyone's speech, not done by them. */
  sentencePersecution: 1,
  /** Named in the headline, and the headline tells of persecution. */
  headline: 0.5,
  /** Only ever there to speak: "said X", "X told CPJ". */
  speaker: -1,
  /** Someone else's: "the journalist’s lawyer X" (the persecution in the sentence is the client's). */
  someoneElses: -2,
  /** The publisher's own staff: "X, Amnesty International’s Deputy Director". */
  publisherStaff: -3,
  /** Not a person persecuted: "the Amn al-Dawla", "X arrested the men". */
  agent: -3,
} as const

/** The total a defender reaches, with at least some WORK and some PERSECUTION. */
export const THRESHOLD = 3

/** "for speaking out", "because she tweeted", "for posting tweets in support of women’s rights". */
const PUNISHED_FOR_EXPRESSION =
  /\b(?:for|because|over|after)\s+(?:(?:he|she|they)\s+)?(?:(?:his|her|their)\s+)?(?:(?:peaceful(?:ly)?|online|satirical|critical)\s+)?(?:speak(?:ing)? out|spoke out|tweet(?:s|ed|ing)?|retweet(?:s|ed|ing)?|post(?:s|ed|ing)|social media posts|writ(?:ing|ten|es)|wrote|criticis(?:ing|ed)|criticiz(?:ing|ed)|advocat(?:ing|ed)|campaign(?:ing|ed)|activities online|online activism)\b|\bin support of (?:\S+\s+){0,2}rights\b/i

const SPEAKER_AFTER =
  /^(?:[’']s)?\s*(?:,\s*[^,.;“”"]{0,120},\s*)?(?:said|says|told|tells|added|adds|stated|explained|noted|commented|wrote|writes)\b/i
const SPEAKER_BEFORE =
  /\b(?:said|says|told|added|stated|explained|noted|commented|according to)\s*$/i
/** "the journalist’s lawyer X", "Melkonyants’ colleague X": a relation to someone else. */
const SOMEONE_ELSES =
  /\b[\p{L}-]+(?:[’']s|s[’'])\s+(?:lawyer|attorney|advocate|defen[cs]e lawyer|counsel)\s*$/iu
/** An agent of persecution: "X arrested most of the men", "X detained him". */
const AGENT_AFTER =
  /^\s+(?:arrested|detained|abducted|seized|raided|sentenced|convicted|tortured|beat|attacked|summoned|interrogated)\s+(?:most|all|some|the|him|her|them|his|their|two|three|several|dozens|\d+)\b/i
/** "Among them were …", "These include …": the list goes on from the sentence before. */
const LIST_GOES_ON =
  /^(?:\p{L}+,\s+)?(?:These\s+include|They\s+include|Those\s+(?:still\s+)?(?:held|detained|in\s+\p{L}+)\s+include)\b/u

/** Where a clause about someone else begins. */
const SUBORDINATE =
  /\b(?:after|before|when|because|following|during|while|since|marking|whereas)\b/i

const NAMED_BODY_POST =
  /((?:\p{Lu}[\p{L}’'-]*\s+){1,4})(?:leader|head|director|chair(?:man|woman|person)?|founder|co-founder|coordinator)$/u
const ARMED = /\b(?:Party|Army|Forces|Militia|Brigades?|Front|Guard|Police|Ministry|State)\b/

interface Weighing {
  doc: ReleaseDocument
  release: ReleaseInfo
  person: Person
  ev: Evidence
  sentences: number[]
  vetoed: boolean
  mentionsBySentence: Map<number, Mention[]>
}

/** Weighs one candidate: the evidence, its sum, and whether it makes them a defender. */
function weigh(w: Weighing): { defender: boolean; score: number; notes: string[] } {
  const { doc, release, person, ev } = w
  const found: [keyof typeof WEIGHTS, string][] = []
  const named = (t: string) =>
    person.mentions.some((m) => {
      const s = doc.sentences[m.sentence]!.text.slice(m.start, m.end)
      return t.includes(s)
    })

  if (ev.roles.length) found.push(['role', ev.roles[0]!])
  if (ev.persecution.size) found.push(['persecution', [...ev.persecution].join(', ')])

  let speakerEverywhere = person.mentions.length > 0
  for (const m of person.mentions) {
    const s = doc.sentences[m.sentence]!
    const text = s.text
    const before = text.slice(0, m.outerStart)
    const after = text.slice(m.end)
    const speaker = SPEAKER_AFTER.test(after) || SPEAKER_BEFORE.test(before)
    if (!speaker) speakerEverywhere = false
    // The noun phrase before the name, back to the last comma: "the human rights defender and
    // Rafto Award laureate X" (a role with a title after it and no verb in between).
    const phrase = before.slice(
      Math.max(...[',', ';', ':', '(', '“', '”', '"'].map((c) => before.lastIndexOf(c))) + 1,
    )
    if (
      !ev.roles.length &&
      /^\s*(?:the|a|an)\s/i.test(phrase) &&
      phrase.split(/\s+/).length <= 12 &&
      !/\b(?:is|are|was|were|has|have|had|been|\p{Ll}+ed|by|of)\s/iu.test(phrase) &&
      ROLE.test(phrase)
    ) {
      found.push(['rolePhrase', phrase.trim()])
    }
    // Rule "post in a named body": "Nagiz Atajurt leader X", "Free Voice director X".
    const post = NAMED_BODY_POST.exec(preModifier(text, m.outerStart, 0))
    if (
      post &&
      !governmental(post[1]!, release.acronyms) &&
      !OFFICIAL.test(post[1]!) &&
      !ARMED.test(post[1]!)
    ) {
      found.push(['namedBodyPost', post[0]])
    }
    if (SOMEONE_ELSES.test(before)) found.push(['someoneElses', before.slice(-40).trim()])
    if (/\bthe\s+$/i.test(before) && !m.titles.length) found.push(['agent', `the ${person.name}`])
    if (AGENT_AFTER.test(after)) found.push(['agent', after.slice(0, 40).trim()])
    // The publisher's own staff: a window about the name naming the publisher or its initials.
    if (release.publisher) {
      const initials = [...release.acronyms].find(([, name]) => name === release.publisher)?.[0]
      const apposed = /^(?:[’']s)?\s*,([^.;“”"]{0,120})/.exec(after)?.[1] ?? ''
      const leading = preModifier(text, m.outerStart, 0)
      const windows = [apposed, leading]
      if (
        windows.some(
          (x) =>
            (x.includes(release.publisher!) ||
              (initials && new RegExp(`\\b${initials}\\b`).test(x))) &&
            STAFF.test(x),
        )
      ) {
        found.push(['publisherStaff', release.publisher])
      }
    }
    // Persecution anywhere in the sentence, outside speech and not done to "others"; a list that
    // goes on ("Among them were …") takes the sentence before's.
    if (!ev.persecution.size && !speaker && !m.possessive) {
      const cut = beforeSpeech(text)
      // Only the clause the name stands in: "detained … after a gathering marking poet X’s
      // birth" tells what happened to the subject, not to X.
      // What comes after, less the persecution words right before another name ("jailed blogger Y").
      let rest = ''
      let from = m.end
      const others = (w.mentionsBySentence.get(m.sentence) ?? [])
        .filter((o) => o.person !== person.id && o.outerStart >= m.end && o.outerStart < cut.length)
        .sort((a, b) => a.outerStart - b.outerStart)
      for (const o of others) {
        rest += `${cut.slice(from, o.outerStart).replace(BEFORE_NEXT, ' ')}${cut.slice(o.outerStart, o.end)}`
        from = o.end
      }
      rest += cut.slice(from)
      const clause =
        m.start < cut.length
          ? `${cut.slice(0, m.outerStart).split(SUBORDINATE).pop()} ${rest.split(SUBORDINATE)[0]}`
          : ''
      const inSentence = persecutionIn(clause).filter((k) => k !== 'release-demanded')
      const prior =
        (LIST_GOES_ON.test(text) || AMONG_THOSE.test(text)) && m.sentence > 0
          ? persecutionIn(doc.sentences[m.sentence - 1]!.text)
          : []
      const kinds = [...inSentence, ...prior]
      if (kinds.length) {
        found.push(['sentencePersecution', kinds.join(', ')])
        for (const k of kinds) ev.persecution.add(k)
      }
    }
  }
  if (speakerEverywhere) found.push(['speaker', 'only quoted'])

  // Punished for expression, in their sentences or in a headline naming them.
  const told = [
    ...w.sentences.map((i) => doc.sentences[i]!.text),
    ...(named(release.title) ? [release.title] : []),
  ]
  const expression = told.map((t) => PUNISHED_FOR_EXPRESSION.exec(t)).find(Boolean)
  if (expression && told.some((t) => persecutionIn(t).length)) {
    found.push(['punishedForExpression', expression[0]])
  }
  if (named(release.title) && persecutionIn(release.title).length) {
    found.push(['headline', release.title.slice(0, 60)])
  }

  // One piece of evidence of each kind counts once.
  const kinds = new Map<keyof typeof WEIGHTS, string>()
  for (const [k, why] of found) if (!kinds.has(k)) kinds.set(k, why)
  const score = [...kinds.keys()].reduce((sum, k) => sum + WEIGHTS[k], 0)
  const work =
    kinds.has('role') ||
    kinds.has('rolePhrase') ||
    kinds.has('namedBodyPost') ||
    kinds.has('punishedForExpression')
  const persecuted =
    kinds.has('persecution') || kinds.has('sentencePersecution') || kinds.has('headline')
  const defender = !w.vetoed && work && persecuted && score >= THRESHOLD
  return {
    defender,
    score,
    notes: [`score ${score}: ${[...kinds].map(([k, why]) => `${k} (${why})`).join('; ') || '-'}`],
  }
}
