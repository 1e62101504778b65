import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { seedContent } from '../src/db/seed.ts'
import { parseContentFile } from '../src/domain/content.ts'

const TABLES = [
  'releases',
  'defenders',
  'defender_translations',
  'campaigns',
  'campaign_translations',
  'campaign_sources',
]

async function snapshot() {
  const out: Record<string, unknown[]> = {}
  for (const table of TABLES) {
    const { results } = await env.DB.prepare(`select * from ${table} order by 1, 2`).all()
    out[table] = results.map(({ created_at: _c, updated_at: _u, opened_at: _o, ...rest }) => rest)
  }
  return out
}

const content = () => parseContentFile(env.TEST_SEED_CONTENT)

describe('seeding', () => {
  it('is idempotent: seeding the same file again changes nothing', async () => {
    const before = await snapshot()
    expect(before.campaigns).toHaveLength(5)
    expect(before.defenders).toHaveLength(3)
    await seedContent(env.DB, content())
    await seedContent(env.DB, content())
    expect(await snapshot()).toEqual(before)
  })

  it('keeps an organiser’s status change across a re-seed', async () => {
    await env.DB.prepare(
      "update campaigns set status = 'closed' where slug = 'surat-ikramov'",
    ).run()
    await seedContent(env.DB, content())
    const row = await env.DB.prepare(
      "select status from campaigns where slug = 'surat-ikramov'",
    ).first()
    expect(row).toEqual({ status: 'closed' })
    await env.DB.prepare("update campaigns set status = 'open' where slug = 'surat-ikramov'").run()
  })

  it('updates text in place when the reviewed file changes', async () => {
    const changed = content()
    changed.campaigns[0]!.translations.en!.title = 'Free Azimzhan Askarov'
    await seedContent(env.DB, changed)
    const row = await env.DB.prepare(
      "select title from campaign_translations where lang = 'en' and campaign_id = (select id from campaigns where slug = 'azimzhan-askarov')",
    ).first()
    expect(row).toEqual({ title: 'Free Azimzhan Askarov' })
    await seedContent(env.DB, content())
  })

  it('rejects an invalid content file with every problem named, writing nothing', () => {
    const bad = structuredClone(env.TEST_SEED_CONTENT) as {
      campaigns: { slug: string; goal: number }[]
    }
    bad.campaigns[0]!.slug = 'Not A Slug'
    bad.campaigns[1]!.goal = -3
    expect(() => parseContentFile(bad, 'bad.json')).toThrowError(
      /bad\.json is not valid:[\s\S]*campaigns\.0\.slug[\s\S]*campaigns\.1\.goal/,
    )
  })
})

describe('content derived from the release', () => {
  const file = () => content()

  it('has one campaign per named defender and the two general calls', () => {
    const f = file()
    expect(f.defenders.map((d) => [d.translations.en!.name, d.country])).toEqual([
      ['Azimzhan Askarov', 'KG'],
      ['Farid Tukhbatullin', 'TM'],
      ['Surat Ikramov', 'UZ'],
    ])
    expect(f.campaigns.filter((c) => c.kind === 'defender').map((c) => c.defender)).toEqual([
      'azimzhan-askarov',
      'farid-tukhbatullin',
      'surat-ikramov',
    ])
    expect(f.campaigns.filter((c) => c.kind === 'general')).toHaveLength(2)
  })

  it('keeps provenance: publisher, date, title and source sentences quoted verbatim from the release', async () => {
    const f = file()
    expect(f.release).toMatchObject({
      publisher: 'International Partnership for Human Rights (IPHR)',
      date: '2010-12-10',
      title: expect.stringContaining(
        'Central Asian Human Rights Defenders Continue to Face Serious Challenges',
      ),
    })
    // The release as published, with its line breaks folded into spaces.
    const release = (
      await import('./fixtures/releases/iphr-2010-12-10-central-asia.txt?raw')
    ).default
      .replace(/\s+/g, ' ')
      .replace(/’/g, "'")
    for (const c of f.campaigns) {
      expect(c.sources.length, c.slug).toBeGreaterThan(0)
      for (const s of c.sources) expect(release, `${c.slug}: ${s}`).toContain(s.replace(/’/g, "'"))
    }
  })

  it('is written in our own words: no campaign story copies a source sentence', () => {
    for (const c of file().campaigns) {
      for (const s of c.sources) {
        for (const t of Object.values(c.translations)) expect(t.story).not.toContain(s)
      }
    }
  })

  it('is available in English and Russian', () => {
    for (const c of file().campaigns) {
      expect(c.languages).toEqual(['en', 'ru'])
      expect(c.translations.ru!.title).toMatch(/[А-Яа-яЁё]/)
    }
  })
})
