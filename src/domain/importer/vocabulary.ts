/**
 * The importer's one vocabulary of offices and roles. Every rule that asks "is this an official?",
 * "is this someone doing a defender's work?" or "does this sentence make a demand?" reads its words
 * here; to teach the importer a new role or office, add the word to a list below.
 */

const words = (list: string) => list.trim().split(/\s*\n\s*|\s*,\s*/)
const alternation = (list: string[]) => list.map((w) => w.replace(/ /g, '\\s+')).join('|')

/** What a defender is called: "journalist X", "X, a fact-checker". Singular; plurals follow. */
export const DEFENDER_ROLES = words(`
  human rights defender, rights defender, defender, activist, campaigner, dissident,
  human rights lawyer, lawyer, advocate, attorney, barrister,
  journalist, photojournalist, reporter, correspondent, blogger, vlogger, editor-in-chief,
  deputy editor, editor, columnist, commentator, fact-checker, writer, poet,
  photographer, cameraman, camerawoman, media worker, filmmaker, film-maker, documentary maker,
  trade unionist, union leader, monitor, election observer, volunteer, human rights worker,
  whistleblower, whistle-blower, prisoner of conscience, political prisoner, environmentalist`)

/** "activist", with the adjective before it that makes it one: "civic activist", "land activist". */
export const ROLE = new RegExp(
  `\\b(?:\\S+ )?(?:${alternation(DEFENDER_ROLES)})(?:s|es)?\\b`.replace('(?:\\S+ )?', '(?:\\S+ )?'),
  'i',
)

/** Positions in an organisation: "head of X", "director of X", "X's coordinator". */
export const STAFF_TITLES = words(`
  head, deputy head, chief, director, deputy director, executive director, chair, chairman,
  chairwoman, chairperson, deputy chair, deputy chairman, coordinator, member, board member,
  founder, co-founder, leader, researcher, staff member, employee, representative, secretary,
  spokesman, spokeswoman, spokesperson, press officer, press secretary, officer, president,
  vice-president, manager, programme director, program director`)

export const STAFF = new RegExp(
  `\\b(?:${alternation(STAFF_TITLES)})\\s+(?:of|for|at|in|with)\\s+(.{0,80})`,
  'i',
)

/** A staff title and an organisation's acronym with no preposition: "a board member BYHRS". */
export const STAFF_ACRONYM =
  /\b(?:[Bb]oard member|[Mm]ember|[Hh]ead|[Dd]irector|[Cc]hair(?:man|woman|person)?|[Ff]ounder|[Cc]o-founder|[Cc]oordinator)\s+(?:of\s+)?(?:the\s+)?([A-Z][A-Z\d&-]{1,9})\b/

/** "… headed by X", "… chaired by X", "… founded by X": X runs the organisation named before. */
export const LEADS_ORG = /\b(?:headed|led|chaired|founded|run|directed|co-founded)\s+by\s*$/i

/** Words that make a name an organisation of civil society. */
export const NGO =
  /\b(?:Centre|Center|Association|Network|Foundation|Society|Union|Club|Committee|Coalition|Movement|Initiative|Institute|Forum|Watch|Organi[sz]ation|NGO|Group|Alliance|Platform|Bureau|House|Helsinki|Memorial|Monitor|Observatory|Team|Campaign)\b/

/** A staff title of an NGO right before a name: "the President of the X Centre (XC) Mr". */
export const STAFF_OF_NGO_BEFORE = new RegExp(
  `\\b(?:${alternation(STAFF_TITLES)})\\s+of\\s+(?:the\\s+)?((?:[\\p{Lu}][\\p{L}’'-]*(?:\\s+(?:for|of|the|and|on|in|against)){0,2}\\s*){1,8}(?:\\s*\\([\\p{Lu}]{2,10}\\))?)\\s*(?:(?:Mr|Ms|Mrs|Dr)\\.?\\s*)?$`,
  'iu',
)

/** "who heads the X Committee", "founded the Y Centre": runs the organisation named next. */
export const HEADS =
  /\b(?:heads|headed|leads|led|chairs|chaired|founded|co-founded|directs|directed|runs|ran|coordinates)\s+(?:the\s+|an?\s+)?(.{0,80})/i

/** Offices of state: a person holding one is an official, never a defender. */
export const OFFICES = words(`
  president, vice-president, prime minister, minister, deputy minister, prosecutor,
  prosecutor-general, prosecutor general, procurator, judge, investigator, governor, mayor, akim,
  hokim, ambassador, envoy, senator, parliamentarian, member of parliament, mp, rapporteur,
  special rapporteur, high representative, special representative, commissioner, high commissioner,
  ombudsperson, ombudsman, ombudswoman, colonel, general, lieutenant, sergeant, policeman,
  policemen, policewoman, policewomen, head of state, king, queen, prince, emir, sheikh, sultan,
  crown prince`)

export const OFFICIAL = new RegExp(
  `^(?:\\S+\\s+){0,4}?(?:${alternation(OFFICES)}|police (?:officer|chief|colonel|general|spokes\\w+)|(?:security|intelligence|law-enforcement|law enforcement|prison|border|military|army|customs|kgb|fsb) (?:officer|official|chief|agent)s?|officials?)\\b`,
  'i',
)

/** Capitalised offices a few words before a name: "UN Special Rapporteur on torture Nils Melzer". */
export const OFFICE =
  /\b(?:Special Rapporteur|Rapporteur|Minister|President|Prosecutor|Procurator|Ombudsperson|Ombudsman|Commissioner|High Representative|Special Representative|Ambassador|Governor|Mayor|Judge|King|Emir|Sheikh|Crown Prince)\b(?!’s|'s)/

/** Bodies of the state: a head or member of one is an official. */
export const GOVERNMENT =
  /\b(?:ministry|ministries|minister|government|authority|authorities|executive|governorate|republic|kingdom|emirate|regional administration|city council|prosecutor|procurator|police|militia|court|courts|judiciary|parliament|senate|duma|majlis|kenesh|presidential|president|interior|security services?|state security|national security|intelligence|armed forces|army|military|border guard|customs|administration|akimat|hokimiyat|municipality|city hall|embassy|consulate|penitentiary|prison service|investigative committee|state committee|royal court|kgb|fsb|gknb|snb|sgb|mvd)\b/i

/** Verbs a list item or a line opens with when it is a demand: "Release X;", "Drop the charges". */
export const DEMAND_IMPERATIVES = words(`
  release, free, drop, quash, overturn, end, stop, cease, halt, lift, repeal, revoke, withdraw,
  guarantee, ensure, investigate, respect, protect, allow, grant, restore, refrain, put an end,
  bring, hold, immediately, unconditionally, urgently, promptly, provide, disclose, reveal,
  reinstate, abolish, amend, comply, implement, uphold, close, conduct, carry out, take`)

export const DEMAND_IMPERATIVE = new RegExp(`^(?:${alternation(DEMAND_IMPERATIVES)})\\b`, 'i')

/** A demand's action anywhere in a clause: "to intervene urgently to ensure …", "his release". */
export const DEMAND_ACTION = new RegExp(
  `\\b(?:${alternation(DEMAND_IMPERATIVES.filter((w) => !/ly$/.test(w)))}|intervene|set aside|consider|(?:immediate\\s+)?release\\s+of|(?:his|her|their)\\s+(?:immediate\\s+)?release)\\b`,
  'i',
)

/** What a passive demand asks to be done: "X must be released", "the charges should be dropped". */
export const PASSIVE_DEMAND =
  /\b(?:must|should)\s+(?:(?:also|immediately|now|urgently|therefore|promptly|finally|at once)\s+)*(?:not\s+)?be\s+(?:(?:immediately|unconditionally|promptly|urgently|fully|thoroughly|effectively|impartially|independently|and|at once|,)\s+)*(?:released|freed|set free|acquitted|dropped|quashed|overturned|annulled|withdrawn|lifted|revoked|repealed|investigated|brought to justice|held (?:to account|accountable)|reinstated|allowed|granted|given|returned|restored|closed|changed|ensured|protected|guaranteed|disclosed|thrown out|reviewed)\b/i

/** Words of speech: what follows or precedes them is someone's quoted or reported words. */
export const SPEECH_VERBS =
  /\b(?:said|says|say|told|tells|added|adds|stated|states|wrote|writes|explained|noted|commented|announced|declared|insisted|claimed|claims|reads|read|according to)\b/i
