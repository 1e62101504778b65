/** Places and peoples → ISO 3166-1 alpha-2: country names, adjectives, demonyms and cities. */
import { OTHER_CITIES, OTHER_FORMS, WORLD } from './countries.ts'

/** Country codes with the English name a campaign page uses. */
export const COUNTRY_NAMES: Record<string, string> = {
  AF: 'Afghanistan',
  AL: 'Albania',
  AM: 'Armenia',
  AT: 'Austria',
  AZ: 'Azerbaijan',
  BA: 'Bosnia and Herzegovina',
  BE: 'Belgium',
  BG: 'Bulgaria',
  BY: 'Belarus',
  CA: 'Canada',
  CH: 'Switzerland',
  CN: 'China',
  CY: 'Cyprus',
  CZ: 'Czechia',
  DE: 'Germany',
  DK: 'Denmark',
  EE: 'Estonia',
  ES: 'Spain',
  FI: 'Finland',
  FR: 'France',
  GB: 'the United Kingdom',
  GE: 'Georgia',
  GR: 'Greece',
  HR: 'Croatia',
  HU: 'Hungary',
  IE: 'Ireland',
  IR: 'Iran',
  IS: 'Iceland',
  IT: 'Italy',
  KG: 'Kyrgyzstan',
  KZ: 'Kazakhstan',
  LT: 'Lithuania',
  LU: 'Luxembourg',
  LV: 'Latvia',
  MD: 'Moldova',
  ME: 'Montenegro',
  MK: 'North Macedonia',
  MN: 'Mongolia',
  NL: 'the Netherlands',
  NO: 'Norway',
  PL: 'Poland',
  PT: 'Portugal',
  RO: 'Romania',
  RS: 'Serbia',
  RU: 'Russia',
  SE: 'Sweden',
  SI: 'Slovenia',
  SK: 'Slovakia',
  TJ: 'Tajikistan',
  TM: 'Turkmenistan',
  TR: 'Türkiye',
  UA: 'Ukraine',
  US: 'the United States',
  UZ: 'Uzbekistan',
  XK: 'Kosovo',
}

for (const [code, name] of Object.entries(WORLD)) COUNTRY_NAMES[code] ??= name

export type PlaceKind = 'country' | 'people' | 'city'

/**
 * Every form, case-sensitive as written in running text. "people" covers adjectives and
 * demonyms ("Tajik authorities", "Kazakhstanis"); sub-national regions count as cities.
 * Russian republics of the North Caucasus are RU, Karakalpakstan UZ, Gorno-Badakhshan TJ.
 */
const FORMS: [PlaceKind, string, string[]][] = [
  ['country', 'AF', ['Afghanistan']],
  ['country', 'AL', ['Albania']],
  ['country', 'AM', ['Armenia']],
  ['country', 'AT', ['Austria']],
  ['country', 'AZ', ['Azerbaijan', 'Republic of Azerbaijan']],
  ['country', 'BA', ['Bosnia and Herzegovina', 'Bosnia']],
  ['country', 'BE', ['Belgium']],
  ['country', 'BG', ['Bulgaria']],
  ['country', 'BY', ['Belarus', 'Republic of Belarus']],
  ['country', 'CA', ['Canada']],
  ['country', 'CH', ['Switzerland']],
  ['country', 'CN', ['China']],
  ['country', 'CZ', ['Czechia', 'Czech Republic']],
  ['country', 'DE', ['Germany']],
  ['country', 'DK', ['Denmark']],
  ['country', 'EE', ['Estonia']],
  ['country', 'ES', ['Spain']],
  ['country', 'FI', ['Finland']],
  ['country', 'FR', ['France']],
  ['country', 'GB', ['United Kingdom', 'Britain']],
  ['country', 'GE', ['Georgia']],
  ['country', 'GR', ['Greece']],
  ['country', 'HU', ['Hungary']],
  ['country', 'IR', ['Iran']],
  ['country', 'IT', ['Italy']],
  ['country', 'KG', ['Kyrgyzstan', 'Kyrgyz Republic', 'Kirgizia']],
  ['country', 'KZ', ['Kazakhstan']],
  ['country', 'LT', ['Lithuania']],
  ['country', 'LV', ['Latvia']],
  ['country', 'MD', ['Moldova']],
  ['country', 'MN', ['Mongolia']],
  ['country', 'NL', ['Netherlands']],
  ['country', 'NO', ['Norway']],
  ['country', 'PL', ['Poland']],
  ['country', 'RO', ['Romania']],
  ['country', 'RS', ['Serbia']],
  ['country', 'RU', ['Russia', 'Russian Federation']],
  ['country', 'SE', ['Sweden']],
  ['country', 'TJ', ['Tajikistan']],
  ['country', 'TM', ['Turkmenistan']],
  ['country', 'TR', ['Turkey', 'Türkiye']],
  ['country', 'UA', ['Ukraine']],
  ['country', 'US', ['United States', 'USA']],
  ['country', 'UZ', ['Uzbekistan']],
  ['people', 'AF', ['Afghan', 'Afghans']],
  ['people', 'AM', ['Armenian', 'Armenians']],
  ['people', 'AT', ['Austrian', 'Austrians']],
  ['people', 'AZ', ['Azerbaijani', 'Azerbaijanis', 'Azeri', 'Azeris']],
  ['people', 'BY', ['Belarusian', 'Belarusians', 'Belarussian']],
  ['people', 'CN', ['Chinese', 'Uyghur', 'Uyghurs', 'Uighur']],
  ['people', 'DE', ['German', 'Germans']],
  ['people', 'FR', ['French']],
  ['people', 'GB', ['British']],
  ['people', 'GE', ['Georgian', 'Georgians', 'Abkhaz']],
  ['people', 'IR', ['Iranian', 'Iranians']],
  ['people', 'KG', ['Kyrgyz', 'Kyrgyzstani', 'Kyrgyzstanis', 'Kirghiz']],
  ['people', 'KZ', ['Kazakh', 'Kazakhs', 'Kazakhstani', 'Kazakhstanis']],
  ['people', 'LT', ['Lithuanian', 'Lithuanians']],
  ['people', 'LV', ['Latvian', 'Latvians']],
  ['people', 'MD', ['Moldovan', 'Moldovans']],
  ['people', 'PL', ['Polish']],
  [
    'people',
    'RU',
    [
      'Russian',
      'Russians',
      'Chechen',
      'Chechens',
      'Ingush',
      'Dagestani',
      'Dagestanis',
      'Tatar',
      'Bashkir',
    ],
  ],
  ['people', 'SE', ['Swedish', 'Swede', 'Swedes']],
  ['people', 'TJ', ['Tajik', 'Tajiks', 'Tajikistani', 'Pamiri', 'Pamiris']],
  ['people', 'TM', ['Turkmen', 'Turkmens', 'Turkmenistani']],
  ['people', 'TR', ['Turkish']],
  ['people', 'UA', ['Ukrainian', 'Ukrainians', 'Crimean Tatar', 'Crimean Tatars']],
  ['people', 'US', ['American', 'Americans']],
  ['people', 'UZ', ['Uzbek', 'Uzbeks', 'Uzbekistani', 'Karakalpak', 'Karakalpaks']],
  ['city', 'AM', ['Yerevan', 'Gyumri', 'Vanadzor']],
  ['city', 'AT', ['Vienna']],
  ['city', 'AZ', ['Baku', 'Ganja', 'Sumgait', 'Sumqayit', 'Nakhchivan', 'Lankaran', 'Mingachevir']],
  ['city', 'BE', ['Brussels']],
  [
    'city',
    'BY',
    [
      'Minsk',
      'Brest',
      'Homel',
      'Gomel',
      'Hrodna',
      'Grodno',
      'Vitebsk',
      'Viciebsk',
      'Mahilioŭ',
      'Mogilev',
      'Babruisk',
    ],
  ],
  ['city', 'CN', ['Beijing', 'Urumqi', 'Xinjiang']],
  ['city', 'DE', ['Berlin']],
  ['city', 'FR', ['Paris', 'Strasbourg']],
  ['city', 'GE', ['Tbilisi', 'Batumi', 'Kutaisi', 'Abkhazia', 'South Ossetia', 'Pankisi']],
  [
    'city',
    'KG',
    ['Bishkek', 'Osh', 'Jalal-Abad', 'Djalal-Abad', 'Batken', 'Karakol', 'Naryn', 'Talas', 'Uzgen'],
  ],
  [
    'city',
    'KZ',
    [
      'Almaty',
      'Astana',
      'Nur-Sultan',
      'Atyrau',
      'Aktobe',
      'Aktau',
      'Semey',
      'Uralsk',
      'Shymkent',
      'Karaganda',
      'Zhanaozen',
      'Taraz',
      'Pavlodar',
      'Kyzylorda',
    ],
  ],
  ['city', 'LT', ['Vilnius', 'Kaunas']],
  ['city', 'LV', ['Riga']],
  ['city', 'MD', ['Chisinau', 'Chișinău', 'Tiraspol', 'Transnistria']],
  ['city', 'NL', ['The Hague', 'Amsterdam']],
  ['city', 'PL', ['Warsaw']],
  [
    'city',
    'RU',
    [
      'Moscow',
      'St Petersburg',
      'St. Petersburg',
      'Saint Petersburg',
      'Grozny',
      'Nazran',
      'Magas',
      'Makhachkala',
      'Nalchik',
      'Vladikavkaz',
      'Chechnya',
      'Ingushetia',
      'Dagestan',
      'Kabardino-Balkaria',
      'North Ossetia',
      'North Caucasus',
      'Chechen Republic',
      'Kazan',
      'Yekaterinburg',
      'Novosibirsk',
    ],
  ],
  ['city', 'SE', ['Stockholm', 'Uppsala', 'Gothenburg', 'Malmö']],
  [
    'city',
    'TJ',
    [
      'Dushanbe',
      'Khujand',
      'Khorog',
      'Kulob',
      'Kulyab',
      'Bokhtar',
      'Kurgan-Tyube',
      'Qurghonteppa',
      'Gorno-Badakhshan',
      'GBAO',
      'Isfara',
    ],
  ],
  [
    'city',
    'TM',
    [
      'Ashgabat',
      'Ashkhabad',
      'Turkmenabat',
      'Dashoguz',
      'Balkanabat',
      'Turkmenbashi',
      'Mary Province',
    ],
  ],
  ['city', 'TR', ['Istanbul', 'Ankara']],
  [
    'city',
    'UA',
    [
      'Kyiv',
      'Kiev',
      'Kharkiv',
      'Odesa',
      'Odessa',
      'Lviv',
      'Crimea',
      'Simferopol',
      'Donetsk',
      'Luhansk',
    ],
  ],
  [
    'city',
    'UZ',
    [
      'Tashkent',
      'Samarkand',
      'Bukhara',
      'Andijan',
      'Namangan',
      'Fergana',
      'Ferghana',
      'Karshi',
      'Nukus',
      'Karakalpakstan',
      'Jizzakh',
      'Kokand',
      'Margilan',
      'Khorezm',
      'Urgench',
      'Termez',
    ],
  ],
]

interface Form {
  kind: PlaceKind
  code: string
}

// The rest of the world: every country by its name, and the other forms releases use.
const known = new Set(FORMS.map(([, code]) => code))
for (const [code, names, peoples] of OTHER_FORMS) {
  if (known.has(code)) continue
  FORMS.push(['country', code, names], ['people', code, peoples])
  known.add(code)
}
for (const [code, name] of Object.entries(WORLD)) {
  if (!known.has(code)) FORMS.push(['country', code, [name.replace(/^the /, '')]])
}
for (const [code, cities] of OTHER_CITIES) FORMS.push(['city', code, cities])

const BY_FORM = new Map<string, Form>()
for (const [kind, code, forms] of FORMS) {
  for (const form of forms) {
    BY_FORM.set(form, { kind, code })
    // Headlines are often in capitals ("UZBEKISTAN: ...").
    BY_FORM.set(form.toUpperCase(), { kind, code })
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// Longest forms first, so "Russian Federation" wins over "Russian" and "Turkmenistan" over "Turkmen".
// Rule "dual nationality": "a British-Egyptian citizen" names both peoples.
const PATTERN = new RegExp(
  `(?:(?<![\\p{L}\\p{M}-])|(?<=\\p{Lu}\\p{Ll}+-))(?:${[...BY_FORM.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![\\p{L}\\p{M}])`,
  'gu',
)

export interface PlaceHit {
  code: string
  kind: PlaceKind
  text: string
  start: number
  end: number
}

/** Every place or people named in a text, in order. */
export function findPlaces(text: string): PlaceHit[] {
  const hits: PlaceHit[] = []
  for (const m of text.matchAll(PATTERN)) {
    const form = BY_FORM.get(m[0])
    if (form) hits.push({ ...form, text: m[0], start: m.index, end: m.index + m[0].length })
  }
  return hits
}

export function isPlaceWord(word: string): boolean {
  return BY_FORM.has(word)
}

export function countryName(code: string): string {
  return COUNTRY_NAMES[code] ?? code
}

/**
 * An ethnicity is not a country: "of Uzbek ethnicity", "ethnic Uzbeks" say nothing about
 * where a defender works or is persecuted.
 */
export function isEthnicMention(text: string, hit: PlaceHit): boolean {
  const before = text.slice(Math.max(0, hit.start - 12), hit.start)
  const after = text.slice(hit.end, hit.end + 24)
  return (
    /\bethnic\s+$/i.test(before) ||
    /^\s+(ethnicity|origin|descent|minority|community|diaspora)\b/i.test(after) ||
    /^-(speaking|born)\b/i.test(after)
  )
}

/** A place someone lives in as an exile or is protected in: "in exile in Sweden", "Vienna-based", "Austrian police". */
export function isHostMention(text: string, hit: PlaceHit): boolean {
  const before = text.slice(Math.max(0, hit.start - 30), hit.start)
  const after = text.slice(hit.end, hit.end + 16)
  return (
    /\b(exile|asylum|refuge|fled|moved|emigrated|relocated|lives|lived|living|resides|settled)\s+(in|to)\s+$/i.test(
      before,
    ) ||
    /^-based\b/.test(after) ||
    /^\s+(police|authorities have offered|government granted)\b/i.test(after)
  )
}

/**
 * Rule "foreign visitor": "French human rights ambassador’s visit", "the German embassy": a
 * people or country before a diplomat or a visit is a foreign state looking on, not the country
 * the release is about.
 */
export function isDiplomaticMention(text: string, hit: PlaceHit): boolean {
  if (hit.kind === 'city') return false
  const after = text.slice(hit.end, hit.end + 48)
  return /^\s+(?:(?:human rights|foreign|special|deputy|[’']s)\s+)*(?:ambassadors?|envoys?|embass(?:y|ies)|consulates?|consuls?|diplomats?|delegations?|foreign minist(?:er|ry)|visit)\b/i.test(
    after,
  )
}
