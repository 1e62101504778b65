/**
 * Russian names of the offices signatures are handed to, from the English an organiser types
 * when recording a delivery ("Embassy of the Kyrgyz Republic, Brussels" → "Посольство
 * Кыргызской Республики, Брюссель"). Only names made wholly of known parts are rendered: an
 * unknown word gives no rendering at all, never a half-translated name.
 */

/** Countries of the region and of the embassies people deliver to: English → genitive. */
const COUNTRIES: Record<string, string> = {
  kyrgyzstan: 'Кыргызстана',
  'kyrgyz republic': 'Кыргызской Республики',
  kazakhstan: 'Казахстана',
  'republic of kazakhstan': 'Республики Казахстан',
  tajikistan: 'Таджикистана',
  'republic of tajikistan': 'Республики Таджикистан',
  turkmenistan: 'Туркменистана',
  uzbekistan: 'Узбекистана',
  'republic of uzbekistan': 'Республики Узбекистан',
  belarus: 'Беларуси',
  'republic of belarus': 'Республики Беларусь',
  russia: 'России',
  'russian federation': 'Российской Федерации',
  azerbaijan: 'Азербайджана',
  'republic of azerbaijan': 'Азербайджанской Республики',
  armenia: 'Армении',
  'republic of armenia': 'Республики Армения',
  georgia: 'Грузии',
  moldova: 'Молдовы',
  'republic of moldova': 'Республики Молдова',
  ukraine: 'Украины',
}

/** "Kyrgyz authorities", "Uzbek Embassy": the adjective names the country (genitive). */
const ADJECTIVES: Record<string, string> = {
  kyrgyz: 'Кыргызстана',
  kazakh: 'Казахстана',
  kazakhstani: 'Казахстана',
  tajik: 'Таджикистана',
  turkmen: 'Туркменистана',
  uzbek: 'Узбекистана',
  belarusian: 'Беларуси',
  russian: 'России',
  azerbaijani: 'Азербайджана',
  armenian: 'Армении',
  georgian: 'Грузии',
  moldovan: 'Молдовы',
  ukrainian: 'Украины',
}

/** Offices of a state: English → Russian (nominative, as the head of the name). */
const OFFICES: Record<string, string> = {
  embassy: 'Посольство',
  consulate: 'Консульство',
  'consulate general': 'Генеральное консульство',
  'permanent mission': 'Постоянное представительство',
  'ministry of foreign affairs': 'Министерство иностранных дел',
  'foreign ministry': 'Министерство иностранных дел',
  'ministry of justice': 'Министерство юстиции',
  'ministry of internal affairs': 'Министерство внутренних дел',
  'ministry of interior': 'Министерство внутренних дел',
  'prosecutor general': 'Генеральный прокурор',
  "prosecutor general's office": 'Генеральная прокуратура',
  "general prosecutor's office": 'Генеральная прокуратура',
  'office of the prosecutor general': 'Генеральная прокуратура',
  president: 'Президент',
  'office of the president': 'Администрация президента',
  'presidential administration': 'Администрация президента',
  'supreme court': 'Верховный суд',
  'constitutional court': 'Конституционный суд',
  parliament: 'Парламент',
  government: 'Правительство',
  ombudsman: 'Омбудсмен',
  ombudsperson: 'Омбудсмен',
  authorities: 'Власти',
}

/** International bodies: English → Russian (nominative), and the genitive after "при". */
const BODIES: Record<string, { name: string; at: string }> = {
  un: { name: 'ООН', at: 'ООН' },
  'united nations': { name: 'Организация Объединённых Наций', at: 'ООН' },
  'un human rights council': {
    name: 'Совет ООН по правам человека',
    at: 'Совете ООН по правам человека',
  },
  'united nations human rights council': {
    name: 'Совет ООН по правам человека',
    at: 'Совете ООН по правам человека',
  },
  ohchr: {
    name: 'Управление Верховного комиссара ООН по правам человека',
    at: 'Управлении Верховного комиссара ООН по правам человека',
  },
  osce: { name: 'ОБСЕ', at: 'ОБСЕ' },
  'osce odihr': { name: 'БДИПЧ ОБСЕ', at: 'БДИПЧ ОБСЕ' },
  'osce/odihr': { name: 'БДИПЧ ОБСЕ', at: 'БДИПЧ ОБСЕ' },
  odihr: { name: 'БДИПЧ ОБСЕ', at: 'БДИПЧ ОБСЕ' },
  eu: { name: 'Европейский союз', at: 'ЕС' },
  'european union': { name: 'Европейский союз', at: 'Европейском союзе' },
  'european parliament': { name: 'Европейский парламент', at: 'Европейском парламенте' },
  'european commission': { name: 'Европейская комиссия', at: 'Европейской комиссии' },
  'council of europe': { name: 'Совет Европы', at: 'Совете Европы' },
}

/** Cities: English → nominative (after a comma) and prepositional (after "в"). */
const CITIES: Record<string, [string, string]> = {
  brussels: ['Брюссель', 'Брюсселе'],
  warsaw: ['Варшава', 'Варшаве'],
  geneva: ['Женева', 'Женеве'],
  vienna: ['Вена', 'Вене'],
  strasbourg: ['Страсбург', 'Страсбурге'],
  'the hague': ['Гаага', 'Гааге'],
  london: ['Лондон', 'Лондоне'],
  berlin: ['Берлин', 'Берлине'],
  paris: ['Париж', 'Париже'],
  washington: ['Вашингтон', 'Вашингтоне'],
  'new york': ['Нью-Йорк', 'Нью-Йорке'],
  moscow: ['Москва', 'Москве'],
  bishkek: ['Бишкек', 'Бишкеке'],
  osh: ['Ош', 'Оше'],
  astana: ['Астана', 'Астане'],
  almaty: ['Алматы', 'Алматы'],
  dushanbe: ['Душанбе', 'Душанбе'],
  tashkent: ['Ташкент', 'Ташкенте'],
  ashgabat: ['Ашхабад', 'Ашхабаде'],
  minsk: ['Минск', 'Минске'],
  baku: ['Баку', 'Баку'],
  tbilisi: ['Тбилиси', 'Тбилиси'],
  yerevan: ['Ереван', 'Ереване'],
}

const norm = (s: string) =>
  s.trim().toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').replace(/^the /, '')

/** "of Kyrgyzstan", "of the Kyrgyz Republic" → the genitive. */
function countryOf(text: string): string | undefined {
  return COUNTRIES[norm(text)]
}

/** The office and the state it belongs to, without a place: "Embassy of Kyrgyzstan". */
function office(text: string): string | undefined {
  const t = norm(text)
  const body = BODIES[t]
  if (body) return body.name
  // "Permanent Mission of Uzbekistan to the UN"
  const to = / to (?:the )?(.+)$/.exec(t)
  if (to?.[1]) {
    const at = BODIES[norm(to[1])]
    const head = at ? office(t.slice(0, to.index)) : undefined
    return head && at ? `${head} при ${at.at}` : undefined
  }
  // "Embassy of the Kyrgyz Republic", "Ombudsman of Kazakhstan"
  for (const [english, russian] of Object.entries(OFFICES)) {
    if (t.startsWith(`${english} of `)) {
      const country = countryOf(t.slice(english.length + 4))
      return country ? `${russian} ${country}` : undefined
    }
  }
  // "Kyrgyz authorities", "Uzbek Embassy"
  const [adjective = '', ...rest] = t.split(' ')
  const country = ADJECTIVES[adjective]
  const head = OFFICES[rest.join(' ')]
  return country && head ? `${head} ${country}` : undefined
}

/** The Russian name of an office typed in English, or undefined when any part is unknown. */
export function officeInRussian(english: string): string | undefined {
  // "…, Brussels": the place after a comma stays in the nominative.
  const comma = english.lastIndexOf(',')
  if (comma > 0) {
    const city = CITIES[norm(english.slice(comma + 1))]
    const head = office(english.slice(0, comma))
    return city && head ? `${head}, ${city[0]}` : undefined
  }
  // "… in Brussels"
  const inCity = /^(.+) in (.+)$/i.exec(english.trim())
  if (inCity?.[1] && inCity[2]) {
    const city = CITIES[norm(inCity[2])]
    const head = office(inCity[1])
    if (city && head) return `${head} в ${city[1]}`
  }
  return office(english)
}
