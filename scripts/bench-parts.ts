/**
 * `npm run bench:parts`: where a signature's workerd CPU goes, in parts measured in one run.
 * The built Worker in Miniflare (as `npm run bench` runs it), twice, beside the bare `hello`
 * Worker; rounds interleave the parts:
 *
 * - `hello`: the bare Worker answering "ok" (the runtime's floor for a request);
 * - `notFound`: `GET /api/v1/nope` through every middleware of the app (a JSON 404);
 * - `refused`: a signature from a client already over the hard limit (body read, validation,
 *   the campaign from memory, the limiter, a JSON 429 with its headers: everything of a
 *   signature's request but its crypto and its write);
 * - `signHeld`: signing at 64 connections on a second platform whose mail consumer may call the
 *   provider once in 1,000 seconds, so no mail goes out: the request path alone (its crypto,
 *   its share of a group commit and of a queue message);
 * - `sign`: signing as `npm run bench` measures it, with the mail in pace (20 provider calls a
 *   second): the request and its mail (queue, consumer, the mail built and sent, the sent mark).
 *
 * `sign - signHeld` is the mail's share; `hello / sign` the CPU form of `signVsHello`.
 * Writes bench/parts.json.
 */

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sleep } from '../src/lib/sleep.ts'
import { startHello } from './lib/bench-baselines.ts'
import { cpuMs, newProcesses } from './lib/bench-export.ts'
import { benchSubmissions, type LoadTarget, load, median, round } from './lib/bench-load.ts'
import { ROOT, startPlatform } from './lib/harness.ts'
import { startMailSink } from './lib/mail-standin.ts'

const ROUNDS = 3
const SECONDS = 3
const SLUG = 'azimzhan-askarov'
const quiet = () => {}

const sink = await startMailSink()
const held = await startMailSink()
const platformFor = (mail: typeof sink, rate: string) =>
  newProcesses(() =>
    startPlatform({
      assets: false,
      limiter: 'memory',
      mailApiUrl: mail.url,
      onLog: quiet,
      vars: { MAIL_RATE_PER_SECOND: rate },
    }),
  )
const [platform, platformPids] = await platformFor(sink, '20')
const [heldPlatform, heldPids] = await platformFor(held, '0.001')
const [hello, helloPids] = await newProcesses(() => startHello(quiet))

const { withSubmission } = benchSubmissions(Date.now().toString(36))
const signPath = `/api/v1/campaigns/${SLUG}/signatures`
const json = { 'content-type': 'application/json' }
const targets: Record<string, [LoadTarget, number[]]> = {
  hello: [{ url: hello.url, path: '/' }, helloPids],
  notFound: [{ url: platform.url, path: '/api/v1/nope', success: [404] }, platformPids],
  refused: [
    {
      url: platform.url,
      path: signPath,
      method: 'POST',
      headers: { ...json, 'cf-connecting-ip': '192.0.2.9' },
      body: JSON.stringify({
        name: 'Over Limit',
        email: 'over@bench.example.org',
        country: 'KG',
        consent: true,
      }),
      success: [429],
    },
    platformPids,
  ],
  signHeld: [
    {
      url: heldPlatform.url,
      path: signPath,
      method: 'POST',
      headers: json,
      setupRequest: withSubmission,
      success: [202],
    },
    heldPids,
  ],
  sign: [
    {
      url: platform.url,
      path: signPath,
      method: 'POST',
      headers: json,
      setupRequest: withSubmission,
      success: [202],
    },
    platformPids,
  ],
}

const cpu: Record<string, number[]> = {}
try {
  for (let r = 1; r <= ROUNDS; r++) {
    console.log(`round ${r}/${ROUNDS}`)
    for (const [name, [target, pids]] of Object.entries(targets)) {
      await load(target, 64, 0.5, 0.3)
      const before = cpuMs(pids)
      const m = await load(target, 64, SECONDS, 0)
      const perAnswer =
        (cpuMs(pids) - before) / Object.values(m.statusCodes).reduce((a, b) => a + b, 0)
      const runs = cpu[name] ?? []
      runs.push(perAnswer)
      cpu[name] = runs
      console.log(
        `  ${name.padEnd(8)} ${round(m.rps, 0)} req/s  ${round(perAnswer, 3)} ms  ${JSON.stringify(m.statusCodes)}`,
      )
    }
    // The mail of this round's signatures goes out before the next round loads.
    await sleep(2000)
  }
  const med = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(median(v), 3)]))
  const sign = med.sign ?? Number.NaN
  const result = {
    date: new Date().toISOString(),
    cpuMsPerResponse: med,
    mailShareMs: round(sign - (med.signHeld ?? Number.NaN), 3),
    cpuSignVsHello: round((med.hello ?? Number.NaN) / sign, 3),
    runs: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v.map((x) => round(x, 3))])),
    mailed: { sent: sink.mails().total, held: held.mails().total },
    note: 'workerd CPU per response, medians over rounds; mailShareMs = sign - signHeld',
  }
  mkdirSync(join(ROOT, 'bench'), { recursive: true })
  writeFileSync(join(ROOT, 'bench/parts.json'), `${JSON.stringify(result, null, 2)}\n`)
  console.log(JSON.stringify(result.cpuMsPerResponse))
  console.log(
    `the mail's share ${result.mailShareMs} ms; hello / sign by CPU ${result.cpuSignVsHello}`,
  )
} finally {
  await Promise.allSettled([
    platform.dispose(),
    heldPlatform.dispose(),
    hello.mf.dispose(),
    sink.close(),
    held.close(),
  ])
}
