/** Runs the built Worker in Miniflare on loopback with a fresh, migrated, seeded D1. */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  Log,
  LogLevel,
  Miniflare,
  type MiniflareWorkerConfig,
  type WorkerdStructuredLog,
} from 'miniflare'
import { seedContent } from '../../src/db/seed.ts'
import { readContentFile, reviewedContentFiles } from './content.ts'
import { freshSecrets } from './secrets.ts'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The mail queue's name (wrangler.toml). */
const MAIL_QUEUE = 'standwith-mail'
const OUTDIR = join(ROOT, '.build/worker')

export interface RateLimit {
  simple: { limit: number; period: 10 | 60 }
}

export interface PlatformOptions {
  /** Loopback port; 0 (the default) picks a free one. */
  port?: number
  /** Bundle again even if this process already built the Worker. */
  rebuild?: boolean
  /** Overrides for the `[vars]` of wrangler.toml and the generated secrets. */
  vars?: Record<string, string>
  /** Rate limiting bindings; the default is wrangler.toml's 10 per 60 s. */
  ratelimits?: Record<string, RateLimit>
  /** Load `campaigns/*.json` (default true); a list of files loads only those. */
  seed?: boolean | string[]
  /** Miniflare's log level (default WARN: errors from the Worker still show). */
  logLevel?: LogLevel
  /**
   * Serve `public/` through Miniflare's asset router (default true). The bench turns it off
   * for its throughput scenarios: in production that routing is Cloudflare's platform layer,
   * while Miniflare emulates it in JavaScript in the same process as the Worker.
   */
  assets?: boolean
  /** Receives the Worker's log lines instead of the terminal (the bench counts errors). */
  onLog?: (log: WorkerdStructuredLog) => void
  /**
   * How the rate limiting bindings count. 'miniflare' (the default) is Miniflare's emulation:
   * a Durable Object that writes a SQLite row on every call. 'memory' counts in the memory of
   * the Worker's own isolate, as the binding does at a Cloudflare location (fixed windows
   * aligned to the clock, the same answers).
   */
  limiter?: 'miniflare' | 'memory'
  /**
   * Where confirmation mail goes: the development outbox in KV (the default), or a mail API
   * at this URL, as in production (the HTTP transport; no OUTBOX binding).
   */
  mailApiUrl?: string
  /** Opens V8's inspector on this port (for CPU profiles of the Worker). */
  inspectorPort?: number
  /** Count the Worker's D1 write batches and rows written; read at `GET /__bench/d1`. */
  countD1?: boolean
}

/**
 * The bench's entry around the built Worker (only what the options ask for):
 * - the memory rate limiter: each rate limiting binding is an object in the Worker's own
 *   isolate whose `limit()` answers like the binding (fixed windows aligned to the clock,
 *   refused calls not counted). At a Cloudflare location the binding is likewise a local call
 *   that counts in memory.
 * - D1 write counting: every `batch()` of the Worker (the signing path's and the mail
 *   consumer's writes) is counted with D1's own `rows_written` and `duration` (the time its
 *   statements ran in SQLite: the single writer's busy time), and `GET /__bench/d1` answers
 *   the totals so far. Only `batch` is wrapped, so the cost on the hot path is one call.
 */
function benchEntry(limits: Record<string, RateLimit> | null, countD1: boolean): string {
  return `import worker from './index.js'
const limits = ${JSON.stringify(limits ? Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, v.simple])) : {})}
function limiter({ limit, period }) {
  let epoch = -1
  let counts = new Map()
  return {
    async limit({ key = '' } = {}) {
      const now = Math.floor(Date.now() / (period * 1000))
      if (now !== epoch) {
        epoch = now
        counts = new Map()
      }
      const count = counts.get(key) ?? 0
      if (count >= limit) return { success: false }
      counts.set(key, count + 1)
      return { success: true }
    },
  }
}
const bindings = Object.fromEntries(Object.entries(limits).map(([name, l]) => [name, limiter(l)]))
const d1 = { batches: 0, writeBatches: 0, rowsWritten: 0, writeMs: 0 }
const countD1 = ${countD1}
function counting(db) {
  const batch = db.batch.bind(db)
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'batch') {
        return async (stmts) => {
          const results = await batch(stmts)
          let rows = 0
          let ms = 0
          for (const r of results) {
            rows += r.meta?.rows_written ?? 0
            ms += r.meta?.duration ?? 0
          }
          d1.batches += 1
          if (rows > 0) {
            d1.writeBatches += 1
            d1.writeMs += ms
          }
          d1.rowsWritten += rows
          return results
        }
      }
      const value = Reflect.get(target, prop)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
const envs = new WeakMap()
const wrap = (env) => {
  let out = envs.get(env)
  if (!out) {
    out = { ...env, ...bindings, ...(countD1 ? { DB: counting(env.DB) } : {}) }
    envs.set(env, out)
  }
  return out
}
export default {
  fetch: (request, env, ctx) => {
    if (countD1 && request.url.endsWith('/__bench/d1')) return Response.json(d1)
    return worker.fetch(request, wrap(env), ctx)
  },
  scheduled: (controller, env, ctx) => worker.scheduled(controller, wrap(env), ctx),
  queue: (batch, env, ctx) => worker.queue(batch, wrap(env), ctx),
}
`
}

export interface Platform {
  url: string
  mf: Miniflare
  db: D1Database
  /** Every string binding the Worker sees: vars and secrets (ADMIN_TOKEN, ...). */
  env: Record<string, string>
  dispose(): Promise<void>
}

export interface WorkerConfig {
  compatibilityDate: string
  compatibilityFlags: string[]
  vars: Record<string, string>
}

type WorkerBinding = NonNullable<MiniflareWorkerConfig['env']>[string]

let build: Promise<string> | undefined

/** Bundles the Worker exactly as a deploy would, once per process. Returns the script path. */
export function buildWorker(rebuild = false): Promise<string> {
  if (!build || rebuild) build = runBuild()
  return build
}

function runBuild(): Promise<string> {
  // wrangler's shebang says `node`: put this process's Node (the pinned 22) first on PATH.
  const path = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`
  const args = ['deploy', '--dry-run', '--env=', '--outdir', OUTDIR]
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/wrangler'), args, {
      cwd: ROOT,
      env: {
        ...process.env,
        PATH: path,
        CI: 'true',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(join(OUTDIR, 'index.js'))
      else reject(new Error(`wrangler deploy --dry-run failed (${code}):\n${output}`))
    })
  })
}

/**
 * The top-level settings of wrangler.toml the harness needs. Importing wrangler to parse it
 * costs seconds, and the file keeps these as plain `key = "string"` or string arrays, which
 * read as JSON; anything else is an error rather than a silent guess.
 */
export function readWorkerConfig(file = join(ROOT, 'wrangler.toml')): WorkerConfig {
  const top: Record<string, unknown> = {}
  const vars: Record<string, string> = {}
  let table = ''
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const header = /^\[+([^\]]+)\]+$/.exec(line)
    if (header) {
      table = header[1]!.trim()
      continue
    }
    if (table !== '' && table !== 'vars') continue
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.+)$/.exec(line)
    if (!kv) throw new Error(`wrangler.toml: cannot read "${line}"`)
    const [, key, text] = kv as unknown as [string, string, string]
    if (table === 'vars') {
      const value = JSON.parse(text)
      if (typeof value !== 'string') throw new Error(`wrangler.toml: [vars] ${key} is not a string`)
      vars[key] = value
    } else if (key === 'compatibility_date' || key === 'compatibility_flags') {
      top[key] = JSON.parse(text)
    }
  }
  const compatibilityDate = top.compatibility_date
  if (typeof compatibilityDate !== 'string') throw new Error('wrangler.toml: no compatibility_date')
  const flags = top.compatibility_flags ?? []
  return { compatibilityDate, compatibilityFlags: flags as string[], vars }
}

/** The SQL statements of `migrations/*.sql`, in order. */
export function migrationStatements(dir = join(ROOT, 'migrations')): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter(Boolean)
}

/** A port that was free a moment ago; PUBLIC_ORIGIN must name it before workerd starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('no port'))
      })
    })
  })
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const [scriptPath, port] = await Promise.all([
    buildWorker(options.rebuild),
    options.port ? Promise.resolve(options.port) : freePort(),
  ])
  const config = readWorkerConfig()
  const origin = `http://127.0.0.1:${port}`
  const env: Record<string, string> = {
    ...config.vars,
    ENVIRONMENT: 'development',
    PUBLIC_ORIGIN: origin,
    ...freshSecrets(),
    ...options.vars,
  }
  // As wrangler.toml binds them.
  const limits = options.ratelimits ?? {
    SUBMIT_LIMITER: { simple: { limit: 10, period: 60 } },
    ADMIN_LIMITER: { simple: { limit: 10, period: 60 } },
  }
  const bindings: Record<string, WorkerBinding> = {
    ...Object.fromEntries(Object.entries(env).map(([k, value]) => [k, { type: 'text', value }])),
    DB: { type: 'd1', id: 'DB' },
    MAIL_QUEUE: { type: 'queue', name: MAIL_QUEUE },
    MEDIA: { type: 'r2', name: 'MEDIA' },
    ...(options.mailApiUrl ? {} : { OUTBOX: { type: 'kv', id: 'OUTBOX' } }),
    ...(options.assets === false ? {} : { ASSETS: { type: 'assets' as const } }),
    // With the memory limiter the bindings are made inside the isolate (see above).
    ...(options.limiter === 'memory'
      ? {}
      : Object.fromEntries(
          Object.entries(limits).map(([name, r], i) => [
            name,
            { type: 'rate-limit', namespace: String(1001 + i), simple: r.simple },
          ]),
        )),
  }
  if (options.mailApiUrl) {
    bindings.MAIL_API_URL = { type: 'text', value: options.mailApiUrl }
    bindings.MAIL_API_KEY = { type: 'text', value: 'bench-mail-key' }
  }
  const wrapped = options.limiter === 'memory' || options.countD1 === true
  // No persistence options: D1 and KV live in a temp dir that dispose() removes.
  const mf = new Miniflare({
    host: '127.0.0.1',
    port,
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
    log: new Log(options.logLevel ?? LogLevel.WARN),
    ...(options.onLog ? { handleStructuredLogs: options.onLog } : {}),
    // Never fetch Cloudflare's `cf` object from the network.
    cf: false,
    // Request logging is off at these log levels anyway, but Miniflare's entry worker would
    // still copy every response to strip its logging header: a step of the local emulator,
    // not of Cloudflare, that costs per header (the baselines turn it off as well).
    logRequests: false,
    workers: [
      {
        config: {
          name: 'standwith',
          compatibilityDate: config.compatibilityDate,
          compatibilityFlags: config.compatibilityFlags,
          manifest: {
            mainModule: wrapped ? 'bench-entry.js' : 'index.js',
            modulesRoot: dirname(scriptPath),
            modules: {
              'index.js': { type: 'esm', contents: readFileSync(scriptPath, 'utf8') },
              ...(wrapped
                ? {
                    'bench-entry.js': {
                      type: 'esm',
                      contents: benchEntry(
                        options.limiter === 'memory' ? limits : null,
                        options.countD1 === true,
                      ),
                    },
                  }
                : {}),
            },
          },
          env: bindings,
          // The mail queue and its dead-letter queue, as wrangler.toml configures them.
          triggers: [
            {
              type: 'queue',
              name: MAIL_QUEUE,
              maxBatchSize: 100,
              maxBatchTimeout: 1,
              maxRetries: 100,
              maxConcurrency: 1,
              deadLetterQueue: `${MAIL_QUEUE}-dlq`,
            },
            { type: 'queue', name: `${MAIL_QUEUE}-dlq`, maxBatchSize: 100, maxBatchTimeout: 5 },
          ],
          ...(options.assets === false
            ? {}
            : { assets: { directory: join(ROOT, 'public'), hasUserWorker: true } }),
        },
      },
    ],
  })
  try {
    const ready = await mf.ready
    const url = ready.origin
    const db = (await mf.getD1Database('DB')) as unknown as D1Database
    await db.batch(migrationStatements().map((sql) => db.prepare(sql)))
    if (options.seed !== false) {
      const files = Array.isArray(options.seed)
        ? options.seed
        : reviewedContentFiles(join(ROOT, 'campaigns'))
      for (const file of files) await seedContent(db, readContentFile(file))
    }
    return { url, mf, db, env, dispose: () => mf.dispose() }
  } catch (err) {
    await mf.dispose()
    throw err
  }
}
