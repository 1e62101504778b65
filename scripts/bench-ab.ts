/**
 * `npm run bench:ab -- <refA> <refB>`: a same-run A/B of two builds of the Worker. Each ref is
 * checked out into a temporary `git worktree` (in the system's temp directory, removed at the
 * end) and started by that ref's own harness (`scripts/lib/harness.ts`: its build, its
 * migrations and seed in a fresh local D1, its bindings), with the memory rate limiter, no
 * asset router and its mail to a stand-in of its own, as `npm run bench` runs the platform.
 * Then `hello`, the cached campaign page and signing run interleaved in rounds (hello, page of
 * each side, signing of each side; the side that goes first alternates), and the run reports
 * each side's medians, workerd CPU per response, its ratios to hello, and B/A paired within
 * rounds. Writes bench/ab/<A>-<B>.json. How to read it: bench/README.md "A/B of two builds".
 *
 *   npm run bench:ab -- 77196e6^1 77196e6 [--rounds=8] [--duration=3] [--warmup=0.7]
 */

import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { sleep } from '../src/lib/sleep.ts'
import { numberOption, pairedQuotient, quotientRange, type Side, sidesOf } from './lib/bench-ab.ts'
import { type Baseline, startHello } from './lib/bench-baselines.ts'
import { cpuMs, newProcesses, workerdLogCounter } from './lib/bench-export.ts'
import {
  benchSubmissions,
  type LoadTarget,
  load,
  type Measurement,
  median,
  round,
} from './lib/bench-load.ts'
import type { Platform, PlatformOptions } from './lib/harness.ts'
import { ROOT } from './lib/harness.ts'
import { type MailSink, startMailSink } from './lib/mail-standin.ts'

const args = process.argv.slice(2)
const refs = args.filter((a) => !a.startsWith('--'))
if (refs.length !== 2) {
  console.error(
    'usage: npm run bench:ab -- <refA> <refB> [--rounds=8] [--duration=3] [--warmup=0.7]',
  )
  process.exit(64)
}
const ROUNDS = numberOption(args, 'rounds', 8)
const DURATION = numberOption(args, 'duration', 3)
const WARMUP = numberOption(args, 'warmup', 0.7)
const CONNECTIONS = 64
const SLUG = 'azimzhan-askarov'
/** As `npm run bench`: the mail consumer may call the stand-in 20 times a second. */
const MAIL_RATE = 20
/** After a run, the served workerd counts as quiet below this share of a core (mail sent, …). */
const QUIET_SHARE = 0.03
const QUIET_MAX_MS = 10_000
const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`

const git = (...gitArgs: string[]) =>
  execFileSync('git', gitArgs, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const sha = (ref: string) => git('rev-parse', '--verify', `${ref}^{commit}`).trim()
const shas = { a: sha(refs[0]!), b: sha(refs[1]!) }
const short = (s: string) => s.slice(0, 7)

const { counts: workerdLog, onLog } = workerdLogCounter()

const tempRoot = mkdtempSync(join(tmpdir(), 'standwith-ab-'))
const worktrees: string[] = []
const platforms: Platform[] = []
const sinks: MailSink[] = []
let hello: Baseline | undefined
let cleaned: Promise<void> | undefined
function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    await Promise.allSettled([
      ...platforms.map((p) => p.dispose()),
      ...sinks.map((s) => s.close()),
      hello?.mf.dispose(),
    ])
    for (const dir of worktrees) {
      try {
        git('worktree', 'remove', '--force', dir)
      } catch (err) {
        console.error(`bench:ab: could not remove the worktree ${dir}: ${String(err)}`)
      }
    }
    rmSync(tempRoot, { recursive: true, force: true })
    git('worktree', 'prune')
  })()
  return cleaned
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void cleanup().finally(() => process.exit(130))
  })
}

/** The ref checked out in a temporary worktree, with this checkout's dependencies. */
function checkout(side: Side, commit: string): string {
  const dir = join(tempRoot, side)
  git('worktree', 'add', '--detach', dir, commit)
  worktrees.push(dir)
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'))
  return dir
}

const { withSubmission } = benchSubmissions(started.toString(36))

/** Waits until the processes use under QUIET_SHARE of a core (at most QUIET_MAX_MS). */
async function quiet(pids: number[], minMs: number) {
  await sleep(minMs)
  const until = Date.now() + QUIET_MAX_MS
  let last = cpuMs(pids)
  for (;;) {
    await sleep(250)
    const now = cpuMs(pids)
    if (now - last <= 250 * QUIET_SHARE || Date.now() > until) return
    last = now
  }
}

const responses = (m: Measurement) =>
  [m.statusCodes, m.warmupStatusCodes].reduce(
    (sum, codes) => sum + Object.values(codes).reduce((a, b) => a + b, 0),
    0,
  )

interface Served {
  url: string
  pids: number[]
}

/** One run: req/s and latency from autocannon, workerd CPU per response over the run. */
async function measure(target: LoadTarget, served: Served) {
  const before = cpuMs(served.pids)
  const m = await load(target, CONNECTIONS, DURATION, WARMUP)
  // Requests in flight at the stop, and work the run left (mail), finish before the next run.
  await quiet(served.pids, Math.min(3000, 300 + (1000 * CONNECTIONS) / Math.max(m.rps, 1)))
  const cpu = (cpuMs(served.pids) - before) / (responses(m) + CONNECTIONS)
  return { ...m, cpuMsPerResponse: round(cpu, 4) }
}
type Run = Awaited<ReturnType<typeof measure>>

try {
  console.log(
    `bench:ab: A = ${refs[0]} (${short(shas.a)}), B = ${refs[1]} (${short(shas.b)}), ` +
      `${ROUNDS} rounds of ${WARMUP} + ${DURATION} s at ${CONNECTIONS} connections`,
  )
  const sides: Record<Side, Served & { platform: Platform; sink: MailSink; dir: string }> =
    {} as never
  for (const side of ['a', 'b'] as const) {
    const dir = checkout(side, shas[side])
    // That ref's own harness: its build, migrations, seed and bindings.
    const harness = (await import(pathToFileURL(join(dir, 'scripts/lib/harness.ts')).href)) as {
      startPlatform(options: PlatformOptions): Promise<Platform>
    }
    const sink = await startMailSink()
    sinks.push(sink)
    console.log(`  ${side.toUpperCase()}: building ${short(shas[side])} in ${dir} (${elapsed()})`)
    const [platform, pids] = await newProcesses(() =>
      harness.startPlatform({
        onLog: onLog(side),
        assets: false,
        limiter: 'memory',
        mailApiUrl: sink.url,
        vars: { MAIL_RATE_PER_SECOND: String(MAIL_RATE) },
      }),
    )
    platforms.push(platform)
    sides[side] = { url: platform.url, pids, platform, sink, dir }
    console.log(`  ${side.toUpperCase()}: ${platform.url} (workerd pid ${pids.join(',')})`)
  }
  const [helloBaseline, helloPids] = await newProcesses(() => startHello(onLog('hello')))
  hello = helloBaseline
  const helloServed = { url: hello.url, pids: helloPids }

  const json = { 'content-type': 'application/json' }
  const targets = (url: string) => ({
    page: { url, path: `/campaigns/${SLUG}` } satisfies LoadTarget,
    sign: {
      url,
      path: `/api/v1/campaigns/${SLUG}/signatures`,
      method: 'POST',
      headers: json,
      setupRequest: withSubmission,
      success: [202],
    } satisfies LoadTarget,
  })
  // Each side answers the page with 200 (which also fills its page cache) and a signature
  // with 202 before it is loaded.
  for (const side of ['a', 'b'] as const) {
    const t = targets(sides[side].url)
    const page = await fetch(`${t.page.url}${t.page.path}`)
    await page.arrayBuffer()
    const req = withSubmission({ method: 'POST', path: t.sign.path, headers: json })
    const sign = await fetch(`${t.sign.url}${t.sign.path}`, {
      method: 'POST',
      headers: req.headers,
      body: req.body as string,
    })
    await sign.arrayBuffer()
    if (page.status !== 200 || sign.status !== 202) {
      throw new Error(`${side.toUpperCase()}: page ${page.status}, sign ${sign.status}`)
    }
  }

  const runs = {
    hello: [] as Run[],
    page: { a: [] as Run[], b: [] as Run[] },
    sign: { a: [] as Run[], b: [] as Run[] },
  }
  const loadBefore = loadavg().map((l) => round(l, 2))
  for (let r = 1; r <= ROUNDS; r++) {
    const order = sidesOf(r)
    console.log(`round ${r}/${ROUNDS}: ${order.join(',').toUpperCase()} (${elapsed()})`)
    const h = await measure({ url: helloServed.url, path: '/' }, helloServed)
    runs.hello.push(h)
    console.log(`  hello    ${String(h.rps).padStart(8)} req/s  cpu ${h.cpuMsPerResponse} ms`)
    for (const scenario of ['page', 'sign'] as const) {
      for (const side of order) {
        const m = await measure(targets(sides[side].url)[scenario], sides[side])
        runs[scenario][side].push(m)
        console.log(
          `  ${`${scenario} ${side.toUpperCase()}`.padEnd(8)} ${String(m.rps).padStart(8)} req/s  ` +
            `p50 ${m.p50} ms  p99 ${m.p99} ms  cpu ${m.cpuMsPerResponse} ms` +
            (m.non2xx ? `  non-2xx ${m.non2xx}` : '') +
            (m.errors ? `  errors ${m.errors}` : ''),
        )
      }
    }
  }

  const rps = (list: Run[]) => list.map((m) => m.rps)
  // CPU time per response as a rate (1 / ms), so its ratios read like the req/s ratios.
  const perCpu = (list: Run[]) =>
    list.map((m) => (m.cpuMsPerResponse > 0 ? 1 / m.cpuMsPerResponse : Number.NaN))
  const cpu = (list: Run[]) => list.map((m) => m.cpuMsPerResponse)
  const summary = (list: Run[]) => ({
    rps: round(median(rps(list)), 1),
    p50: round(median(list.map((m) => m.p50)), 2),
    p99: round(median(list.map((m) => m.p99)), 2),
    cpuMsPerResponse: round(median(cpu(list)), 3),
    non2xx: list.reduce((s, m) => s + m.non2xx, 0),
    errors: list.reduce((s, m) => s + m.errors, 0),
  })
  const scenarios: Record<string, unknown> = { hello: summary(runs.hello) }
  const comparison: Record<string, unknown> = {}
  for (const scenario of ['page', 'sign'] as const) {
    const { a, b } = runs[scenario]
    const side = (list: Run[]) => ({
      ...summary(list),
      vsHello: pairedQuotient(rps(list), rps(runs.hello)),
      vsHelloByCpu: pairedQuotient(perCpu(list), perCpu(runs.hello)),
    })
    scenarios[scenario] = { a: side(a), b: side(b) }
    comparison[scenario] = {
      // > 1: B serves more a second than A.
      rpsBOverA: pairedQuotient(rps(b), rps(a)),
      rpsBOverARange: quotientRange(rps(b), rps(a)),
      // < 1: a response of B costs workerd less CPU time than one of A.
      cpuBOverA: pairedQuotient(cpu(b), cpu(a)),
      cpuBOverARange: quotientRange(cpu(b), cpu(a)),
    }
  }
  // Every mail of the run went out once per signature (a sanity check of each side's harness).
  const mails = Object.fromEntries(
    (['a', 'b'] as const).map((s) => [s, sides[s].sink.mails().total]),
  )
  const results = {
    a: { ref: refs[0], commit: shas.a },
    b: { ref: refs[1], commit: shas.b },
    scenarios,
    comparison,
    mails,
    workerdLog,
    settings: {
      rounds: ROUNDS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      connections: CONNECTIONS,
      order:
        'per round: hello, page of both sides, sign of both sides; A first in odd rounds, B first in even ones',
      limiter: 'memory',
      mail: `each side to its own stand-in over HTTP, ${MAIL_RATE} provider calls/s where the ref reads MAIL_RATE_PER_SECOND`,
    },
    runs,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      node: process.version,
      date: new Date(started).toISOString(),
      loadavgBefore: loadBefore,
      seconds: Math.round((Date.now() - started) / 1000),
    },
  }
  mkdirSync(join(ROOT, 'bench/ab'), { recursive: true })
  const file = `bench/ab/${short(shas.a)}-${short(shas.b)}.json`
  writeFileSync(join(ROOT, file), `${JSON.stringify(results, null, 2)}\n`)

  console.log('')
  console.log('scenario side      req/s   p50 ms   p99 ms   CPU ms   vs hello (req/s, CPU)')
  const h = scenarios.hello as ReturnType<typeof summary>
  console.log(
    `hello    -    ${String(h.rps).padStart(9)} ${String(h.p50).padStart(8)} ${String(h.p99).padStart(8)} ${String(h.cpuMsPerResponse).padStart(8)}`,
  )
  for (const scenario of ['page', 'sign'] as const) {
    for (const side of ['a', 'b'] as const) {
      const s = (
        scenarios[scenario] as Record<
          Side,
          ReturnType<typeof summary> & { vsHello: number | null; vsHelloByCpu: number | null }
        >
      )[side]
      console.log(
        `${scenario.padEnd(8)} ${side.toUpperCase()}    ${String(s.rps).padStart(9)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.cpuMsPerResponse).padStart(8)}   ${s.vsHello}, ${s.vsHelloByCpu}`,
      )
    }
  }
  console.log('')
  for (const [scenario, c] of Object.entries(comparison))
    console.log(`${scenario} B/A: ${JSON.stringify(c)}`)
  console.log(
    `mails: ${JSON.stringify(mails)}; workerd log: ${workerdLog.errors} errors, ${workerdLog.warnings} warnings`,
  )
  for (const line of workerdLog.samples) console.log(`workerd: ${line}`)
  console.log(`\nwrote ${file} in ${elapsed()}`)
} finally {
  await cleanup()
}
