/** `npm run import:release` end to end in Node: the JSON report, the draft file, the errors. */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { discoverSets, groundedIn } from '../../scripts/importer-eval.ts'
import { parseContentFile } from '../../src/domain/content.ts'

const SCRIPT = fileURLToPath(new URL('../../scripts/import-release.ts', import.meta.url))
const SEED = fileURLToPath(
  new URL('../fixtures/releases/iphr-2010-12-10-central-asia.txt', import.meta.url),
)
const dir = mkdtempSync(join(tmpdir(), 'standwith-import-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function run(...args: string[]) {
  const out = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', cwd: dir })
  return { code: out.status, stdout: out.stdout, stderr: out.stderr }
}

describe('import:release --json', () => {
  it('prints exactly one JSON document of the documented shape, and nothing else', () => {
    const { code, stdout, stderr } = run(SEED, '--json')
    assert.equal(code, 0, stderr)
    const report = JSON.parse(stdout)
    assert.deepEqual(Object.keys(report), ['release', 'defenders', 'callsToAction', 'campaigns'])
    assert.deepEqual(report.release, {
      title:
        'Human Rights Day: Central Asian Human Rights Defenders Continue to Face Serious Challenges',
      publisher: 'International Partnership for Human Rights (IPHR)',
      date: '2010-12-10',
    })
    assert.deepEqual(
      report.defenders.map((d: { name: string; country: string }) => [d.name, d.country]),
      [
        ['Azimzhan Askarov', 'KG'],
        ['Farid Tukhbatullin', 'TM'],
        ['Surat Ikramov', 'UZ'],
      ],
    )
    for (const d of report.defenders) {
      assert.deepEqual(Object.keys(d), ['name', 'country', 'situation'])
    }
    assert.deepEqual(
      report.callsToAction.map((c: { target?: string }) => c.target),
      ['the Central Asian governments', 'the international community'],
    )
    for (const c of report.callsToAction) assert.equal(typeof c.text, 'string')
    assert.equal(report.campaigns.length, 5)
    for (const c of report.campaigns) assert.equal(c.status, 'draft')
    assert.deepEqual(readdirSync(dir), [], '--json writes no file')
  })
})

describe('import:release without --json', () => {
  it('writes a draft content file the seeder accepts into --out DIR and says where', () => {
    const out = join(dir, 'drafts')
    const { code, stdout, stderr } = run(SEED, '--out', out)
    assert.equal(code, 0, stderr)
    const files = readdirSync(out)
    assert.equal(files.length, 1)
    const path = join(out, files[0]!)
    assert.match(stdout, new RegExp(files[0]!.replace('.', '\\.')))
    const content = parseContentFile(JSON.parse(readFileSync(path, 'utf8')), path)
    assert.equal(content.release.date, '2010-12-10')
    assert.deepEqual(
      content.defenders.map((d) => d.slug),
      ['azimzhan-askarov', 'farid-tukhbatullin', 'surat-ikramov'],
    )
    assert.deepEqual(
      content.campaigns.map((c) => c.kind),
      ['defender', 'defender', 'defender', 'general', 'general'],
    )
  })

  it('defaults to campaigns/drafts/ under the working directory', () => {
    const { code, stderr } = run(SEED)
    assert.equal(code, 0, stderr)
    assert.equal(readdirSync(join(dir, 'campaigns', 'drafts')).length, 1)
  })
})

describe('import:release errors', () => {
  it('exits 1 with a message on stderr for a missing file', () => {
    const { code, stdout, stderr } = run(join(dir, 'no-such-release.txt'), '--json')
    assert.equal(code, 1)
    assert.equal(stdout, '')
    assert.match(stderr, /cannot read .*no-such-release\.txt/)
  })

  it('exits 1 with the usage when no file is given', () => {
    const { code, stderr } = run('--json')
    assert.equal(code, 1)
    assert.match(stderr, /no release file given[\s\S]*usage: npm run import:release/)
  })

  it('exits 1 for an unknown option', () => {
    const { code, stderr } = run(SEED, '--jsn')
    assert.equal(code, 1)
    assert.match(stderr, /--jsn/)
  })
})

describe('importer:eval', () => {
  it('scores every set and finds no ask the releases do not make', () => {
    const script = fileURLToPath(new URL('../../scripts/importer-eval.ts', import.meta.url))
    const out = spawnSync(process.execPath, [script, '--json'], { encoding: 'utf8' })
    assert.equal(out.status, 0, out.stderr)
    const report = JSON.parse(out.stdout)
    const keys = Object.keys(report)
    // The held-out set (the highest-numbered test/heldoutN) first, then the development sets.
    const sets = keys.filter((k) => k !== 'fixtures')
    const numbers = sets.map((k) => Number(k.slice(7) || 1))
    assert.equal(numbers[0], Math.max(...numbers))
    assert.deepEqual(
      sets.slice(1, 4),
      ['heldOut', 'heldOut2', 'heldOut3'].slice(0, sets.length - 1),
    )
    assert.equal(keys.at(-1), 'fixtures')
    // No invented ask on the sets tuned on (the held-out figure is measured, not asserted).
    for (const set of [...sets.slice(1), 'fixtures']) {
      const { overall } = report[set] as { overall: { invented: number; asks: number } }
      assert.equal(overall.invented, 0, `${set}: invented asks`)
      assert.ok(overall.asks > 0, set)
    }
  })

  it('reports the highest-numbered test/heldoutN as held out, the lower ones as development', () => {
    const root = mkdtempSync(join(tmpdir(), 'standwith-eval-'))
    try {
      for (const d of ['heldout', 'heldout2', 'heldout3', 'fixtures/releases']) {
        mkdirSync(join(root, 'test', d, 'releases'), { recursive: true })
      }
      const upTo3 = discoverSets(root)
      assert.deepEqual(
        upTo3.map((s) => [s.key, s.heldOut, s.title.split(' (')[0]]),
        [
          ['heldOut3', true, 'HELD-OUT set 3'],
          ['heldOut', false, 'DEVELOPMENT set 1'],
          ['heldOut2', false, 'DEVELOPMENT set 2'],
        ],
      )
      assert.match(upTo3[0]!.title, /never seen while tuning: the reported figure/)
      assert.match(upTo3[1]!.title, /seen while tuning/)
      // A directory without releases is not a set.
      mkdirSync(join(root, 'test', 'heldout4', 'expected'), { recursive: true })
      assert.equal(discoverSets(root)[0]!.key, 'heldOut3')
      mkdirSync(join(root, 'test', 'heldout4', 'releases'), { recursive: true })
      mkdirSync(join(root, 'test', 'heldout10', 'releases'), { recursive: true })
      const upTo10 = discoverSets(root)
      assert.deepEqual(
        upTo10.map((s) => [s.key, s.heldOut, s.title.split(' (')[0]]),
        [
          ['heldOut10', true, 'HELD-OUT set 10'],
          ['heldOut', false, 'DEVELOPMENT set 1'],
          ['heldOut2', false, 'DEVELOPMENT set 2'],
          ['heldOut3', false, 'DEVELOPMENT set 3'],
          ['heldOut4', false, 'DEVELOPMENT set 4'],
        ],
      )
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('importer:eval grounding', () => {
  const release =
    'Please write demanding that they :\ni. free immediately Mr. A and drop all the charges against him ;'
  it('finds a source sentence quoted with typewriter spacing closed up', () => {
    const source = 'free immediately Mr. A and drop all the charges against him;'
    assert.equal(groundedIn(release, 'Free Mr. A immediately and drop all charges.', source), true)
  })
  it('counts as invented an ask whose words its source does not carry, or a source not in the text', () => {
    const source = 'free immediately Mr. A and drop all the charges against him;'
    assert.equal(groundedIn(release, 'Quash the conviction of Mr. A.', source), false)
    assert.equal(groundedIn(release, 'Free Mr. A.', 'free Mr. A unconditionally;'), false)
  })
})
