/** Load over loopback with autocannon's programmatic API, and the statistics of repeated runs. */
import { createRequire } from 'node:module'

/** What a scenario sends; `setupRequest` builds a fresh request (body, headers) each time. */
export interface LoadTarget {
  url: string
  path: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest
  /** Status codes that count as successes (default: every 2xx). */
  success?: number[]
}

export interface AutocannonRequest {
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Buffer
}

const COUNTRIES = ['KG', 'KZ', 'UZ', 'TJ', 'TM', 'DE', 'FR', 'GB', 'US', 'NL']

/**
 * The signatures a run sends: one counter for all of them, each with a unique email (under
 * `runTag`, so runs never collide) and a unique client IP (so the hard limit is never met).
 * `next` gives one (`ip`, JSON `body`); `withSubmission` puts a fresh one on a request, for
 * autocannon's `setupRequest`.
 */
export function benchSubmissions(runTag: string) {
  let count = 0
  const next = (domain = 'bench.example.org'): { ip: string; body: string } => {
    const n = ++count
    return {
      ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      body: JSON.stringify({
        name: `Bench Signer ${n}`,
        email: `s${n}.${runTag}@${domain}`,
        country: COUNTRIES[n % COUNTRIES.length],
        consent: true,
      }),
    }
  }
  const withSubmission = (req: AutocannonRequest): AutocannonRequest => {
    const { ip, body } = next()
    return { ...req, headers: { ...req.headers, 'cf-connecting-ip': ip }, body }
  }
  return { next, withSubmission }
}

interface AutocannonInstance extends PromiseLike<unknown> {
  on(
    event: 'response',
    listener: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void
  on(event: 'reqError', listener: (err: Error) => void): void
}

type Autocannon = (opts: Record<string, unknown>) => AutocannonInstance

// autocannon ships no types; this is the part of its API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

export interface Measurement {
  /** Successful responses per second (only the statuses in `success`). */
  rps: number
  /** Latency of every response, in ms. */
  p50: number
  p99: number
  non2xx: number
  /** Connection errors and timeouts. */
  errors: number
  statusCodes: Record<string, number>
  /** Responses during the warm-up, which are not part of the figures above. */
  warmupStatusCodes: Record<string, number>
  seconds: number
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/**
 * One bounded run at `connections` concurrent connections: `warmup` seconds, then `duration`
 * seconds measured. It is one run, so the measured window starts in a steady state: every
 * connection is busy and the target already serves the warm-up's requests. The figures are
 * the responses that arrive in the window (latency from each request's start).
 */
export async function load(
  target: LoadTarget,
  connections: number,
  duration: number,
  warmup: number,
): Promise<Measurement> {
  const instance = autocannon({
    url: target.url,
    connections,
    duration: warmup + duration,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: target.method ?? 'GET',
        path: target.path,
        headers: target.headers ?? {},
        body: target.body,
        ...(target.setupRequest ? { setupRequest: target.setupRequest } : {}),
      },
    ],
  })
  const started = performance.now()
  const windowStart = started + warmup * 1000
  let windowEnd = windowStart
  const latencies: number[] = []
  const statusCodes: Record<string, number> = {}
  const warmupStatusCodes: Record<string, number> = {}
  let errors = 0
  instance.on('response', (_client, status, _bytes, ms) => {
    const now = performance.now()
    if (now < windowStart) {
      warmupStatusCodes[status] = (warmupStatusCodes[status] ?? 0) + 1
      return
    }
    windowEnd = now
    latencies.push(ms)
    statusCodes[status] = (statusCodes[status] ?? 0) + 1
  })
  instance.on('reqError', () => {
    if (performance.now() >= windowStart) errors++
  })
  await instance
  const finished = performance.now()
  const end = Math.max(windowEnd, Math.min(finished, windowStart + duration * 1000))
  const seconds = Math.max(0.001, (end - windowStart) / 1000)
  latencies.sort((a, b) => a - b)
  let ok = 0
  let non2xx = 0
  for (const [code, n] of Object.entries(statusCodes)) {
    const c = Number(code)
    if (target.success ? target.success.includes(c) : c >= 200 && c < 300) ok += n
    if (c < 200 || c >= 300) non2xx += n
  }
  return {
    rps: round(ok / seconds, 1),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    non2xx,
    errors,
    statusCodes,
    warmupStatusCodes,
    seconds: round(seconds, 2),
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** The medians of repeated runs; status codes and errors are summed over the runs. */
export function summarise(runs: Measurement[]) {
  const statusCodes: Record<string, number> = {}
  for (const run of runs) {
    for (const [code, n] of Object.entries(run.statusCodes)) {
      statusCodes[code] = (statusCodes[code] ?? 0) + n
    }
  }
  return {
    rps: round(median(runs.map((r) => r.rps)), 1),
    p50: round(median(runs.map((r) => r.p50)), 2),
    p99: round(median(runs.map((r) => r.p99)), 2),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    statusCodes,
    runs: runs.map(({ rps, p50, p99, non2xx }) => ({ rps, p50, p99, non2xx })),
  }
}

export type Summary = ReturnType<typeof summarise>
