/**
 * Scores the release importer: `npm run importer:eval [-- --json] [--verbose]`.
 *
 * Sets reported apart, each a `test/heldout*` directory (found automatically) or the fixtures:
 * - the held-out set, the highest-numbered test/heldoutN: real releases gathered by someone else
 *   after the last tuning round, whose expected answers were committed before the importer ran on
 *   them and which nobody tuning the importer has seen; its figure is the one to report;
 * - development sets, every lower-numbered test/heldout* (test/heldout is set 1): real releases
 *   that were held out once, but whose misses have since been read while tuning, so their figures
 *   flatter the importer;
 * - the tuning fixtures (test/fixtures/releases), tuned on: they prove little.
 * Per release and overall:
 * - defenders: recall and precision (name and ISO country both right; optional names ignored);
 * - calls to action found (recall of the expected demand sentences), and calls found that the
 *   expectations do not list;
 * - asks grounded in the release: every ask of every draft campaign must trace to a sentence of the
 *   release that makes that demand (the ask's own source sentence when it carries one, else the
 *   best sentence of the release); an ask whose words the sentence does not carry is invented;
 * - publisher and date, where the expectation states them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type ImportResult, importRelease } from '../src/domain/importer/index.ts'
import { parseDocument } from '../src/domain/importer/sentences.ts'
import { nameKey, sameName as sameNameAs } from './lib/name-match.ts'

interface Expectation {
  defenders: { name: string; country: string }[]
  optionalDefenders: string[]
  calls: string[]
  optionalCalls: string[]
  publisher?: { anyOf?: string[]; none?: boolean }
  date?: string
}

interface Release {
  name: string
  text: string
  expected: Expectation
}

const ROOT = new URL('..', import.meta.url).pathname

export interface SetOf {
  /** `heldOut`, `heldOut2`, `heldOut3`, … after the directory; `fixtures` for the fixtures. */
  key: string
  dir: string
  title: string
  heldOut: boolean
}

/** The number of a `test/heldoutN` directory (`test/heldout` is set 1). */
const setNumber = (dir: string) => Number(dir.slice(7) || 1)

/**
 * Every `test/heldout*` directory with a `releases` folder. The highest-numbered one is the held-out
 * set, the reported figure (each new set is gathered after the last tuning round, so nobody tuning
 * has seen it); it comes first, then the lower-numbered ones, development sets whose misses were
 * read while tuning.
 */
export function discoverSets(root = ROOT): SetOf[] {
  const base = join(root, 'test')
  const dirs = readdirSync(base)
    .filter((d) => /^heldout\d*$/.test(d) && existsSync(join(base, d, 'releases')))
    .sort((a, b) => setNumber(a) - setNumber(b))
  const last = dirs.at(-1)
  const sets = dirs.map((d): SetOf => {
    const n = setNumber(d)
    const isHeldOut = d === last
    return {
      key: `heldOut${d.slice(7)}`,
      dir: join('test', d),
      title: isHeldOut
        ? `HELD-OUT set ${n} (never seen while tuning: the reported figure)`
        : `DEVELOPMENT set ${n} (seen while tuning)`,
      heldOut: isHeldOut,
    }
  })
  return [...sets.filter((s) => s.heldOut), ...sets.filter((s) => !s.heldOut)]
}

function heldOut(set: string): Release[] {
  const dir = join(ROOT, set)
  return readdirSync(join(dir, 'releases'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.txt$/, '')
      const e = JSON.parse(readFileSync(join(dir, 'expected', `${name}.json`), 'utf8'))
      return {
        name,
        text: readFileSync(join(dir, 'releases', f), 'utf8'),
        expected: {
          defenders: e.defenders,
          // A name, or (set 4 writes them so) a `{ name, country }` like a required defender.
          optionalDefenders: (e.optionalDefenders ?? []).map((d: string | { name: string }) =>
            typeof d === 'string' ? d : d.name,
          ),
          calls: e.callsToAction.map((c: { contains: string }) => c.contains),
          optionalCalls: (e.optionalCalls ?? []).map((c: { contains: string }) => c.contains),
          publisher: e.publisher,
          date: e.date,
        },
      }
    })
}

function fixtures(): Release[] {
  const dir = join(ROOT, 'test/fixtures/releases')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.txt$/, '')
      const e = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8'))
      return {
        name,
        text: readFileSync(join(dir, f), 'utf8'),
        expected: {
          defenders: e.defenders,
          optionalDefenders: [],
          calls: e.callsToAction.map((c: { contains: string }) => c.contains),
          optionalCalls: (e.optionalCalls ?? []).map((c: { contains: string }) => c.contains),
          publisher: e.release.publisherContains
            ? { anyOf: [e.release.publisherContains] }
            : undefined,
          date: e.release.date,
        },
      }
    })
}

/** The evaluation also overlooks an honorific before a name ("Dr Ikramov"). */
const evalKey = (name: string) => nameKey(name.replace(/^(?:mr|mrs|ms|dr)\.?\s+/i, ''))

export const sameName = (a: string, b: string): boolean => sameNameAs(a, b, evalKey)

/** Text compared without its typography: quotes, dashes and runs of space. */
function plain(text: string): string {
  return (
    text
      .replace(/[‘’`´]/g, "'")
      .replace(/[“”«»]/g, '"')
      .replace(/[\s\u00AD]+/g, ' ')
      // Typewriter spacing ("arbitrary ;"): the importer quotes a sentence with its spaces before
      // punctuation closed up, which is the same sentence.
      .replace(/ ([;:,.!?])/g, '$1')
      .trim()
      .toLowerCase()
  )
}

const STOP = new Set(
  `the a an of to and or in on at for with by from as is are was were be been that this these
  those their its his her them they he she it all any who which whose our we us your you into
  against about after before over under than then also such other more most not no any can
  will would should must may might shall has have had do does did being per via upon including`.split(
    /\s+/,
  ),
)

/** Content words, cut to a stem of five letters: "released" and "release" are one word. */
function contentWords(text: string): string[] {
  return (plain(text).match(/\p{L}[\p{L}']*/gu) ?? [])
    .filter((w) => w.length >= 3 && !STOP.has(w))
    .map((w) => w.replace(/'s$/, '').slice(0, 5))
}

/** The share of the ask's content words the sentence carries. */
export function support(ask: string, sentence: string): number {
  const words = contentWords(ask)
  if (!words.length) return 1
  const have = new Set(contentWords(sentence))
  return words.filter((w) => have.has(w)).length / words.length
}

const GROUNDED = 0.7

/** An ask is grounded when its source sentence is in the release and carries its words. */
export function groundedIn(release: string, ask: string, source: string): boolean {
  return plain(release).includes(plain(source)) && support(ask, source) >= GROUNDED
}

interface Row {
  name: string
  found: number
  expected: number
  correct: number
  ignored: number
  calls: number
  callsFound: number
  extraCalls: number
  asks: number
  invented: number
  publisher: boolean | null
  date: boolean | null
  notes: string[]
}

function score(r: Release, result: ImportResult): Row {
  const e = r.expected
  const notes: string[] = []
  let correct = 0
  let ignored = 0
  for (const d of result.defenders) {
    const hit = e.defenders.find((x) => sameName(x.name, d.name))
    if (hit && hit.country === d.country) correct++
    else if (!hit && e.optionalDefenders.some((n) => sameName(n, d.name))) ignored++
    else notes.push(hit ? `wrong country: ${d.name} ${d.country}` : `not a defender: ${d.name}`)
  }
  for (const x of e.defenders) {
    if (!result.defenders.some((d) => sameName(x.name, d.name))) notes.push(`missed: ${x.name}`)
  }
  const callTexts = result.callsToAction.map((c) => plain(c.text))
  const callsFound = e.calls.filter((want) => callTexts.some((t) => t.includes(plain(want))))
  for (const want of e.calls) if (!callsFound.includes(want)) notes.push(`missed call: ${want}`)
  const allowed = [...e.calls, ...e.optionalCalls].map(plain)
  const extra = result.callsToAction.filter((c) => !allowed.some((a) => plain(c.text).includes(a)))
  for (const c of extra) notes.push(`unexpected call: ${c.text.slice(0, 100)}`)

  // Every ask of every campaign, with the sentence it says it came from.
  const sentences = parseDocument(r.text).sentences.map((s) => s.text)
  const release = plain(r.text)
  let asks = 0
  let invented = 0
  for (const c of result.campaigns) {
    const t = c.translations.en
    if (!t) continue
    const declared = (c as { askSources?: string[] }).askSources
    t.asks.forEach((ask, i) => {
      asks++
      const source = declared?.[i]
      const ok = source
        ? groundedIn(release, ask, source)
        : sentences.some((s) => support(ask, s) >= GROUNDED)
      if (!ok) {
        invented++
        notes.push(`invented ask (${c.slug}): ${ask}`)
      }
    })
  }

  let publisher: boolean | null = null
  if (e.publisher?.none) publisher = !result.release.publisher
  else if (e.publisher?.anyOf) {
    const p = plain(result.release.publisher ?? '')
    publisher = e.publisher.anyOf.some((x) => p.includes(plain(x)))
  }
  if (publisher === false) notes.push(`publisher: ${result.release.publisher ?? '(none)'}`)
  const date = e.date ? result.release.date === e.date : null
  if (date === false) notes.push(`date: ${result.release.date ?? '(none)'}`)
  return {
    name: r.name,
    found: result.defenders.length,
    expected: e.defenders.length,
    correct,
    ignored,
    calls: e.calls.length,
    callsFound: callsFound.length,
    extraCalls: extra.length,
    asks,
    invented,
    publisher,
    date,
    notes,
  }
}

interface Summary {
  releases: number
  recall: number
  precision: number
  callsFound: number
  extraCalls: number
  asks: number
  invented: number
  publisher: string
  date: string
}

function summarise(rows: Row[]): Summary {
  const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0)
  const counted = sum((r) => r.found - r.ignored)
  const ratio = (xs: (boolean | null)[]) => {
    const known = xs.filter((x) => x !== null)
    return `${known.filter(Boolean).length}/${known.length}`
  }
  return {
    releases: rows.length,
    recall: sum((r) => r.expected) ? sum((r) => r.correct) / sum((r) => r.expected) : 1,
    precision: counted ? sum((r) => r.correct) / counted : 1,
    callsFound: sum((r) => r.calls) ? sum((r) => r.callsFound) / sum((r) => r.calls) : 1,
    extraCalls: sum((r) => r.extraCalls),
    asks: sum((r) => r.asks),
    invented: sum((r) => r.invented),
    publisher: ratio(rows.map((r) => r.publisher)),
    date: ratio(rows.map((r) => r.date)),
  }
}

function table(title: string, rows: Row[], verbose: boolean): string {
  const s = summarise(rows)
  const width = Math.max(12, ...rows.map((r) => r.name.length))
  const mark = (x: boolean | null) => (x === null ? '-' : x ? 'ok' : 'NO')
  const line = (r: Row) =>
    `  ${r.name.padEnd(width)}  ${`${r.correct}/${r.expected}`.padStart(7)}  ${`${r.correct}/${r.found - r.ignored}`.padStart(9)}  ${`${r.callsFound}/${r.calls}`.padStart(5)}  ${String(r.extraCalls).padStart(5)}  ${`${r.invented}/${r.asks}`.padStart(8)}  ${mark(r.publisher).padStart(3)}  ${mark(r.date).padStart(4)}`
  const out = [
    '',
    title,
    `  ${'release'.padEnd(width)}   recall  precision  calls  extra  invented  pub  date`,
  ]
  for (const r of rows) {
    out.push(line(r))
    if (verbose) for (const n of r.notes) out.push(`      ${n}`)
  }
  out.push(
    `  overall (${s.releases} releases): defender recall ${s.recall.toFixed(2)}, precision ${s.precision.toFixed(2)}, calls to action found ${s.callsFound.toFixed(2)} (${s.extraCalls} not expected), asks ${s.asks} of which invented ${s.invented}, publisher ${s.publisher}, date ${s.date}`,
  )
  return out.join('\n')
}

function main() {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      set: { type: 'string' },
    },
  })
  const found = discoverSets()
  const sets = [
    ...found.map((set) => ({ ...set, load: () => heldOut(set.dir) })),
    { key: 'fixtures', title: 'TUNING fixtures (tuned on: proves little)', load: fixtures },
  ]
  const results = sets
    .filter((set) => !values.set || set.key === values.set)
    .map((set) => ({
      key: set.key,
      title: set.title,
      rows: set.load().map((r) => score(r, importRelease(r.text))),
    }))
  if (values.json) {
    const doc = Object.fromEntries(
      results.map((r) => [r.key, { overall: summarise(r.rows), releases: r.rows }]),
    )
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`)
    return
  }
  for (const r of results) process.stdout.write(`${table(r.title, r.rows, !!values.verbose)}\n`)
  const held = found.find((s) => s.heldOut)
  if (!held) {
    process.stdout.write(
      '\nNo held-out set (no test/heldoutN/ directory): the figures above are development figures only.\n',
    )
  }
  process.stdout.write(
    `\nTargets on the held-out set${held ? ` (${held.dir})` : ''}: recall >= 0.90, precision >= 0.95, calls found >= 0.85, no invented ask.\n`,
  )
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main()
