/**
 * The big-campaign part of `npm run bench`: a campaign filled with confirmed signatures straight
 * into D1 (with its tallies), the streamed CSV export timed while the workerd process's memory
 * is sampled, and the admin tallies timed on it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import type { WorkerdStructuredLog } from 'miniflare'
import { encryptEmail } from '../../src/lib/crypto.ts'
import { sleep } from '../../src/lib/sleep.ts'
import { median, round } from './bench-load.ts'

/**
 * A process's /proc/<pid>/stat: its command name, and the fields after it (state is the 1st,
 * ppid the 2nd, utime the 12th, stime the 13th). Throws if the process has ended.
 */
function procStat(pid: number | string): { name: string; fields: string[] } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
  const close = stat.lastIndexOf(')')
  return {
    name: stat.slice(stat.indexOf('(') + 1, close),
    fields: stat.slice(close + 2).split(' '),
  }
}

/** Every process below this one (pid → command name), from /proc. */
export function descendants(root = process.pid): Map<number, string> {
  const children = new Map<number, number[]>()
  const names = new Map<number, string>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const { name, fields } = procStat(entry)
      const ppid = Number(fields[1])
      const pid = Number(entry)
      names.set(pid, name)
      children.set(ppid, [...(children.get(ppid) ?? []), pid])
    } catch {
      // The process ended while we looked.
    }
  }
  const out = new Map<number, string>()
  const queue = [root]
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.set(child, names.get(child) ?? '')
      queue.push(child)
    }
  }
  return out
}

/** Resident memory of the processes in MB (those that ended count as 0). */
export function rssMB(pids: number[]): number {
  let kb = 0
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (m) kb += Number(m[1])
    } catch {
      // Gone.
    }
  }
  return kb / 1024
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100

/**
 * CPU time the processes have used so far, user and system, in ms (those that ended count
 * as 0). The difference over a run, per response, is the workerd thread time a request costs:
 * steadier than req/s on a shared machine, since it does not count time spent waiting.
 */
export function cpuMs(pids: number[]): number {
  let ticks = 0
  for (const pid of pids) {
    try {
      const { fields } = procStat(pid)
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // Gone.
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND
}

/**
 * Starts something (a Miniflare) and returns it with its workerd processes: those that appear
 * below this one while it starts (all that appeared, if none is named workerd).
 */
export async function newProcesses<T>(start: () => Promise<T>): Promise<[T, number[]]> {
  const before = new Set(descendants().keys())
  const value = await start()
  const mine = [...descendants()].filter(([pid]) => !before.has(pid))
  const workerd = mine.filter(([, name]) => name.includes('workerd'))
  return [value, (workerd.length ? workerd : mine).map(([pid]) => pid)]
}

/**
 * Worker log lines counted, not printed: thousands of log lines would cost the process that
 * drives the load CPU, and hide what matters. Keeps the first ten errors and warnings.
 */
export function workerdLogCounter() {
  const counts = { errors: 0, warnings: 0, samples: [] as string[] }
  const onLog = (source: string) => (log: WorkerdStructuredLog) => {
    if (log.level === 'error') counts.errors++
    else if (log.level === 'warn') counts.warnings++
    else return
    if (counts.samples.length < 10) {
      counts.samples.push(`${source} ${log.level}: ${log.message.slice(0, 300)}`)
    }
  }
  return { counts, onLog }
}

const NAMES = [
  'Ғалымжан Әбілқайыров',
  'Oʻgʻiloy Xoʻjayeva',
  'Sähra Baýramowa',
  'Азимжан Аскаров',
  'Фарид Тухбатуллин',
  'Signer',
]
const COUNTRIES = 'KGKZUZTJTMRUBYAZAMGEDEFRGBUSNLBEATSEPLIT'
const DAYS = 90

/**
 * Inserts `rows` confirmed signatures for the campaign, in multi-row INSERT…SELECT statements
 * from a recursive CTE, and the tallies they make (state/confirmed, country, day). The campaign
 * should hold no signatures yet: the tallies are computed from the rows inserted here.
 */
export async function fillCampaign(
  db: D1Database,
  slug: string,
  rows: number,
  emailKeys: string,
  deadline: number,
  onProgress: (done: number) => void = () => {},
): Promise<{ campaignId: number; seconds: number }> {
  const started = performance.now()
  const campaign = await db
    .prepare('select id from campaigns where slug = ?')
    .bind(slug)
    .first<{ id: number }>()
  if (!campaign) throw new Error(`no campaign ${slug}`)
  const before = await db
    .prepare('select coalesce(max(id), 0) as id from signatures')
    .first<{ id: number }>()
  // One valid ciphertext (the same address for every row) so an export that decrypts works.
  const { cipher, keyId } = await encryptEmail(
    emailKeys,
    'bench-signer@example.org',
    `signature:${campaign.id}`,
  )
  // Signed over the last DAYS days, the newest a day ago: nothing confirmed in the future.
  const start = Date.now() - (DAYS + 1) * 86_400_000
  const step = Math.max(1, Math.floor((DAYS * 86_400_000) / rows))
  const names = NAMES.map((n) => `'${n}'`)
  const name = `case n % ${NAMES.length} ${names
    .slice(0, -1)
    .map((n, i) => `when ${i} then ${n}`)
    .join(' ')} else 'Signer ' || n end`
  // Small enough that no statement runs long (100k-row statements failed near 900k rows).
  const chunk = 25_000
  for (let from = 1; from <= rows; from += chunk) {
    if (Date.now() > deadline) throw new Error('time is up while filling the big campaign')
    const to = Math.min(rows, from + chunk - 1)
    await db
      .prepare(
        `with recursive seq(n) as (
          select cast(?1 as integer) union all select n + 1 from seq where n < cast(?2 as integer))
        insert into signatures (campaign_id, email_hash, email_cipher, email_key_id, email_domain_key,
          name, country, city, comment, show_name, name_in_delivery, keep_informed, lang, status,
          rev, ip_hash, created_at, confirmed_at, mail_state)
        select ?3, lower(hex(randomblob(32))), ?4, ?5, 'bench-domain-key', ${name},
          substr('${COUNTRIES}', (n % ${COUNTRIES.length / 2}) * 2 + 1, 2),
          case when n % 3 = 0 then 'Bishkek' end,
          case when n % 10 = 0 then 'Free him now, and let him see a doctor.' end,
          n % 2, (n % 3) != 0, (n % 4) = 0, 'en', 'confirmed', 1, lower(hex(randomblob(32))),
          ?6 + n * ?7, ?6 + n * ?7 + 60000, 'sent'
        from seq`,
      )
      .bind(from, to, campaign.id, cipher, keyId, start, step)
      .run()
    onProgress(to)
  }
  const mine = 'from signatures where campaign_id = ?1 and id > ?2'
  await db.batch([
    db
      .prepare(
        `insert into tallies (campaign_id, dimension, key, n)
        select ?1, 'state', 'confirmed', count(*) ${mine}
        on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`,
      )
      .bind(campaign.id, before?.id ?? 0),
    db
      .prepare(
        `insert into tallies (campaign_id, dimension, key, n)
        select ?1, 'country', country, count(*) ${mine} group by country
        on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`,
      )
      .bind(campaign.id, before?.id ?? 0),
    db
      .prepare(
        `insert into tallies (campaign_id, dimension, key, n)
        select ?1, 'day', strftime('%Y-%m-%d', confirmed_at / 1000, 'unixepoch'), count(*) ${mine}
        group by 3
        on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`,
      )
      .bind(campaign.id, before?.id ?? 0),
  ])
  return { campaignId: campaign.id, seconds: round((performance.now() - started) / 1000, 1) }
}

export interface ExportResult {
  rows: number
  expectedRows: number
  seconds: number
  firstByteSeconds: number
  bytes: number
  peakMemoryMB: number
  baselineMemoryMB: number
  growthMB: number
}

/** Why a measurement is missing: the endpoint answered something else than 200. */
export class Unavailable extends Error {}

/**
 * Streams the CSV export chunk by chunk (never holding it), counting lines, while VmRSS of
 * `pids` is sampled every 100 ms. Rows are the lines after the header, not counting `#` lines.
 */
export async function measureExport(
  url: string,
  token: string,
  expectedRows: number,
  pids: number[],
  timeoutMs: number,
): Promise<ExportResult> {
  const baselineSamples: number[] = []
  for (let i = 0; i < 5; i++) {
    baselineSamples.push(rssMB(pids))
    await sleep(100)
  }
  const baselineMemoryMB = median(baselineSamples)
  let peak = baselineMemoryMB
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMB(pids))
  }, 100)
  const started = performance.now()
  try {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel()
      throw new Unavailable(`GET signatures.csv answered ${res.status}`)
    }
    let firstByte = 0
    let lines = 0
    let hashLines = 0
    let bytes = 0
    let atLineStart = true
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!firstByte) firstByte = performance.now()
      bytes += chunk.length
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]
        if (atLineStart && b === 0x23) hashLines++
        if (b === 0x0a) {
          lines++
          atLineStart = true
        } else {
          atLineStart = false
        }
      }
    }
    if (!atLineStart) lines++
    const seconds = (performance.now() - started) / 1000
    peak = Math.max(peak, rssMB(pids))
    return {
      rows: Math.max(0, lines - hashLines - 1),
      expectedRows,
      seconds: round(seconds, 2),
      firstByteSeconds: round((firstByte - started) / 1000, 3),
      bytes,
      peakMemoryMB: round(peak, 1),
      baselineMemoryMB: round(baselineMemoryMB, 1),
      growthMB: round(peak - baselineMemoryMB, 1),
    }
  } finally {
    clearInterval(sampler)
  }
}

export interface TalliesResult {
  rows: number
  ms: number
  firstMs: number
  /** Whether the response mentions the campaign's confirmed total anywhere. */
  totalFound: boolean
}

function mentions(value: unknown, n: number): boolean {
  if (value === n || value === String(n)) return true
  if (value && typeof value === 'object') return Object.values(value).some((v) => mentions(v, n))
  return false
}

/** The median time of `times` sequential GETs of the admin tallies (after one cold request). */
export async function measureTallies(
  url: string,
  token: string,
  rows: number,
  times: number,
  deadline: number,
): Promise<TalliesResult> {
  const once = async () => {
    const started = performance.now()
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    })
    const text = await res.text()
    const ms = performance.now() - started
    if (res.status !== 200) throw new Unavailable(`GET tallies answered ${res.status}`)
    return { ms, text }
  }
  const first = await once()
  let totalFound = false
  try {
    totalFound = mentions(JSON.parse(first.text), rows)
  } catch {
    totalFound = first.text.includes(String(rows))
  }
  const samples: number[] = []
  for (let i = 0; i < times && Date.now() < deadline; i++) samples.push((await once()).ms)
  return { rows, ms: round(median(samples), 2), firstMs: round(first.ms, 2), totalFound }
}
