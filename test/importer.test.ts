/** The release importer on the seed release and on releases it was not written for. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sameName } from '../scripts/lib/name-match.ts'
import { seedContent } from '../src/db/seed.ts'
import { parseContentFile } from '../src/domain/content.ts'
import { type ImportResult, importRelease, toContentFile } from '../src/domain/importer/index.ts'
import seedText from './fixtures/releases/iphr-2010-12-10-central-asia.txt?raw'

declare global {
  interface ImportMeta {
    glob<T>(
      pattern: string,
      options: { query?: string; import?: string; eager: true },
    ): Record<string, T>
  }
}

interface Expected {
  $comment?: string
  release: {
    date?: string
    place?: string
    titleContains: string
    publisherContains?: string
  }
  defenders: { name: string; country: string }[]
  notDefenders: string[]
  callsToAction: { contains: string; target?: string; targetContains?: string }[]
  optionalCalls: { contains: string }[]
}

const texts = import.meta.glob<string>('./fixtures/releases/*.txt', {
  query: '?raw',
  import: 'default',
  eager: true,
})
const expectations = import.meta.glob<Expected>('./fixtures/releases/*.expected.json', {
  import: 'default',
  eager: true,
})

const fixtures = Object.entries(texts)
  .map(([path, text]) => {
    const name = path.replace(/^.*\//, '').replace(/\.txt$/, '')
    const expected = expectations[path.replace(/\.txt$/, '.expected.json')]
    if (!expected) throw new Error(`${name} has no .expected.json`)
    return { name, text, expected, result: importRelease(text) }
  })
  .sort((a, b) => a.name.localeCompare(b.name))

interface Score {
  name: string
  found: number
  expected: number
  correct: number
  precision: number
  recall: number
}

function score(fixture: string, result: ImportResult, expected: Expected): Score {
  // Fixtures written after the importer (to probe other layouts) are marked: they are not blind.
  const name = expected.$comment?.startsWith('Written after the importer')
    ? `${fixture} *`
    : fixture
  const correct = result.defenders.filter((d) =>
    expected.defenders.some((e) => sameName(e.name, d.name) && e.country === d.country),
  ).length
  const found = result.defenders.length
  const wanted = expected.defenders.length
  return {
    name,
    found,
    expected: wanted,
    correct,
    precision: found ? correct / found : 1,
    recall: wanted ? correct / wanted : 1,
  }
}

function table(scores: Score[]): string {
  const total = scores.reduce(
    (t, s) => ({
      found: t.found + s.found,
      expected: t.expected + s.expected,
      correct: t.correct + s.correct,
    }),
    { found: 0, expected: 0, correct: 0 },
  )
  const rows = [
    ...scores,
    {
      name: 'all releases',
      ...total,
      precision: total.found ? total.correct / total.found : 1,
      recall: total.expected ? total.correct / total.expected : 1,
    },
  ]
  const width = Math.max(...rows.map((r) => r.name.length))
  const line = (r: (typeof rows)[number]) =>
    `  ${r.name.padEnd(width)}  ${String(r.found).padStart(5)}  ${String(r.expected).padStart(8)}  ${String(r.correct).padStart(7)}  ${r.precision.toFixed(2).padStart(9)}  ${r.recall.toFixed(2).padStart(6)}`
  return [
    '',
    'Release importer, defenders (name + country):',
    `  ${'release'.padEnd(width)}  found  expected  correct  precision  recall`,
    ...rows.map(line),
    '  * written after the importer, to probe other layouts; the others were written before it existed',
    '',
  ].join('\n')
}

/**
 * Vitest hides the console of passing tests here (silent: 'passed-only'); the Workers pool keeps
 * the runtime's own console as `__console`, whose output reaches the terminal regardless.
 */
function report(text: string) {
  const raw = (globalThis as { __console?: Console }).__console ?? console
  raw.log(text)
}

/** The release as published, reduced to its letters: sources must be found in it verbatim. */
const letters = (text: string) => text.replace(/[\s\u00AD-]/g, '')

describe('the seed release (IPHR, Human Rights Day 2010)', () => {
  const result = importRelease(seedText)

  it('names exactly its three defenders, each with the country they defend rights in', () => {
    expect(result.defenders.map((d) => [d.name, d.country])).toEqual([
      ['Azimzhan Askarov', 'KG'],
      ['Farid Tukhbatullin', 'TM'],
      ['Surat Ikramov', 'UZ'],
    ])
    for (const d of result.defenders) expect(d.situation, d.name).toMatch(/\S/)
  })

  it('finds its two calls to action with their targets, and not the calls it reports', () => {
    expect(result.callsToAction).toHaveLength(2)
    expect(result.callsToAction[0]).toMatchObject({
      text: expect.stringContaining('remind the Central Asian governments of their obligation'),
      target: 'the Central Asian governments',
    })
    expect(result.callsToAction[1]).toMatchObject({
      text: expect.stringContaining('We also call on the international community to continue'),
      target: 'the international community',
    })
    // Tukhbatullin's open letter "called on the international community": his call, not IPHR's.
    expect(result.callsToAction.some((c) => c.text.includes('Tukhbatullin'))).toBe(false)
  })

  it('keeps the provenance: publisher, date, place and title', () => {
    expect(result.release).toEqual({
      title:
        'Human Rights Day: Central Asian Human Rights Defenders Continue to Face Serious Challenges',
      publisher: 'International Partnership for Human Rights (IPHR)',
      date: '2010-12-10',
      place: 'Brussels',
    })
  })

  it('drafts one campaign per defender and one per call, all drafts', () => {
    const file = parseContentFile(toContentFile(result), 'seed draft')
    expect(file.campaigns.map((c) => [c.kind, c.defender ?? null, c.status, c.goal])).toEqual([
      ['defender', 'azimzhan-askarov', 'draft', 10000],
      ['defender', 'farid-tukhbatullin', 'draft', 10000],
      ['defender', 'surat-ikramov', 'draft', 10000],
      ['general', null, 'draft', 25000],
      ['general', null, 'draft', 25000],
    ])
    expect(file.defenders.map((d) => d.status)).toEqual(['imprisoned', 'at-risk', 'convicted'])
    expect(file.campaigns.map((c) => c.translations.en!.target)).toEqual([
      'The authorities of Kyrgyzstan',
      'The authorities of Turkmenistan',
      'The authorities of Uzbekistan',
      'The Central Asian governments',
      'The international community',
    ])
  })

  it('reads the same release the same way with Windows line endings', () => {
    expect(importRelease(seedText.replace(/\n/g, '\r\n'))).toEqual(result)
  })
})

describe('releases the importer was not written for', () => {
  const scores = fixtures.map((f) => score(f.name, f.result, f.expected))

  it('finds defenders with precision 1 on every release and recall of at least 0.9 overall', () => {
    const summary = table(scores)
    report(summary)
    for (const s of scores) expect(s.precision, `${s.name}\n${summary}`).toBe(1)
    const correct = scores.reduce((n, s) => n + s.correct, 0)
    const wanted = scores.reduce((n, s) => n + s.expected, 0)
    expect(correct / wanted, summary).toBeGreaterThanOrEqual(0.9)
  })

  describe.each(fixtures)('$name', ({ text, expected, result }) => {
    it('takes no official, spokesperson, relative, victim or bystander for a defender', () => {
      for (const name of expected.notDefenders) {
        expect(
          result.defenders.filter((d) => sameName(d.name, name)),
          name,
        ).toEqual([])
      }
      for (const d of result.defenders) {
        const match = expected.defenders.find((e) => sameName(e.name, d.name))
        expect(match, `${d.name} is not a defender of this release`).toBeDefined()
        expect(d.country, d.name).toBe(match!.country)
      }
    })

    it('finds the calls to action of the release, with their targets, and only those', () => {
      for (const want of expected.callsToAction) {
        const call = result.callsToAction.find((c) => c.text.includes(want.contains))
        expect(call, `call "${want.contains}"`).toBeDefined()
        if (want.target) expect(call!.target, want.contains).toBe(want.target)
        if (want.targetContains) expect(call!.target, want.contains).toContain(want.targetContains)
      }
      const allowed = [...expected.callsToAction, ...expected.optionalCalls]
      for (const call of result.callsToAction) {
        expect(
          allowed.some((a) => call.text.includes(a.contains)),
          `unexpected call: ${call.text}`,
        ).toBe(true)
      }
    })

    it('reads the masthead: title, date, place and publisher', () => {
      const { release } = result
      expect(release.title).toContain(expected.release.titleContains)
      if (expected.release.date) expect(release.date).toBe(expected.release.date)
      if (expected.release.place) expect(release.place).toBe(expected.release.place)
      if (expected.release.publisherContains) {
        expect(release.publisher).toContain(expected.release.publisherContains)
      }
    })

    it('drafts a valid content file whose sources are the release’s own sentences', () => {
      const file = parseContentFile(toContentFile(result), 'draft')
      const published = letters(text)
      const slugs = file.campaigns.map((c) => c.slug)
      expect(new Set(slugs).size).toBe(slugs.length)
      expect(file.campaigns.filter((c) => c.kind === 'defender')).toHaveLength(
        result.defenders.length,
      )
      if (result.callsToAction.length) {
        expect(file.campaigns.some((c) => c.kind === 'general')).toBe(true)
      }
      for (const c of file.campaigns) {
        expect(c.status).toBe('draft')
        expect(c.languages).toEqual(['en'])
        expect(c.sources.length, c.slug).toBeGreaterThan(0)
        for (const s of c.sources) expect(published, `${c.slug}: ${s}`).toContain(letters(s))
        for (const s of c.sources) expect(c.translations.en!.story).not.toContain(s)
      }
    })
  })
})

describe('the drafts in the database', () => {
  it('load with the seeder, every defender and campaign of every release, new ones as drafts', async () => {
    const existing = await env.DB.prepare('select slug from campaigns').all<{ slug: string }>()
    // The reviewed seed file is already loaded: its campaigns keep the status organisers gave them.
    const reviewed = new Set(existing.results.map((c) => c.slug))
    for (const { name, result } of fixtures) {
      const file = parseContentFile(toContentFile(result), name)
      await seedContent(env.DB, file)
      await seedContent(env.DB, file)
      const release = await env.DB.prepare('select id, title from releases where slug = ?')
        .bind(file.release.slug)
        .first<{ id: number; title: string }>()
      expect(release, name).toMatchObject({ title: file.release.title })
      for (const c of file.campaigns) {
        const row = await env.DB.prepare(
          'select status, release_id as releaseId from campaigns where slug = ?',
        )
          .bind(c.slug)
          .first<{ status: string; releaseId: number }>()
        expect(row, c.slug).toMatchObject({ releaseId: release!.id })
        if (!reviewed.has(c.slug)) expect(row!.status, c.slug).toBe('draft')
      }
      const defenders = await env.DB.prepare(
        `select count(*) as n from defenders where slug in (${file.defenders.map(() => '?').join(',') || "''"})`,
      )
        .bind(...file.defenders.map((d) => d.slug))
        .first<{ n: number }>()
      expect(defenders!.n, name).toBe(file.defenders.length)
    }
  })
})

describe('robustness', () => {
  it('keeps names in any script exactly as written', () => {
    const text = [
      'Kazakhstan: activist detained in Almaty',
      '',
      'Almaty, 3 March 2021. The Steppe Rights Centre (SRC) is alarmed by the detention of civic',
      'activist Ғалымжан Әбілқайыров, who was arrested on 1 March after filming police at a rally.',
      'Police spokesperson Асель Нурланова said that the activist had “violated public order”.',
      '',
      'The Kazakh authorities must release Ғалымжан Әбілқайыров immediately.',
    ].join('\n')
    const result = importRelease(text)
    expect(result.defenders.map((d) => [d.name, d.country])).toEqual([
      ['Ғалымжан Әбілқайыров', 'KZ'],
    ])
    expect(result.defenders[0]!.slug).toBe('galymzhan-abilkayyrov')
    expect(result.callsToAction).toEqual([
      {
        text: 'The Kazakh authorities must release Ғалымжан Әбілқайыров immediately.',
        target: 'The Kazakh authorities',
      },
    ])
    parseContentFile(toContentFile(result))
  })

  it('copes with text that is not a release at all', () => {
    for (const text of ['', '   \n\n  ', 'lorem ipsum', '•\n-\n1.\n“', 'A'.repeat(5000)]) {
      const result = importRelease(text)
      expect(result.defenders).toEqual([])
      expect(result.callsToAction).toEqual([])
      expect(result.release.title).toMatch(/\S/)
    }
  })
})
