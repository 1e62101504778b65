/**
 * The bare baseline Workers of `npm run bench`, each in its own Miniflare (its own workerd
 * process and port), with the app's compatibility date and flags: `hello` answers "ok";
 * `insert` reads the same JSON body as a signature and does one D1 insert into a one-table
 * database with a signature-sized row; `enqueue` reads it and sends it to a queue whose
 * consumer inserts each batch of up to 100 in one statement (the signature write through a
 * queue, measured to decide against it: docs/SCALING.md); `static` answers with the cached
 * page's own bytes.
 */
import { Log, LogLevel, Miniflare, type WorkerdStructuredLog } from 'miniflare'
import { readWorkerConfig } from './harness.ts'

export interface Baseline {
  name: string
  url: string
  mf: Miniflare
}

const HELLO = `export default {
  fetch() {
    return new Response('ok')
  },
}
`

// Hash-like columns are random hex of the real width, the cipher column carries the address.
const INSERT = `export default {
  async fetch(request, env) {
    const s = await request.json()
    await env.DB.prepare(
      \`insert into signatures (campaign_id, email_hash, email_cipher, name, country, ip_hash, created_at)
      values (1, lower(hex(randomblob(32))), ?, ?, ?, lower(hex(randomblob(32))), ?)\`,
    )
      .bind(s.email, s.name, s.country, Date.now())
      .run()
    return Response.json({ status: 'pending' }, { status: 202 })
  },
}
`

// The write through a queue: the request sends, the consumer writes batches of up to 100.
const ENQUEUE = `export default {
  async fetch(request, env) {
    const s = await request.json()
    await env.Q.send({ email: s.email, name: s.name, country: s.country, at: Date.now() })
    return Response.json({ status: 'pending' }, { status: 202 })
  },
  async queue(batch, env) {
    const rows = JSON.stringify(batch.messages.map((m) => m.body))
    await env.DB.prepare(
      \`insert into signatures (campaign_id, email_hash, email_cipher, name, country, ip_hash, created_at)
      select 1, lower(hex(randomblob(32))), j.value ->> 'email', j.value ->> 'name',
        j.value ->> 'country', lower(hex(randomblob(32))), j.value ->> 'at' from json_each(?) j\`,
    )
      .bind(rows)
      .run()
    batch.ackAll()
  },
}
`

const INSERT_SCHEMA = `create table signatures (
  id integer primary key autoincrement,
  campaign_id integer not null,
  email_hash text not null,
  email_cipher text,
  name text,
  country text not null,
  ip_hash text,
  created_at integer not null
)`

async function startBaseline(
  name: string,
  script: string,
  withDb: boolean,
  onLog: (log: WorkerdStructuredLog) => void,
  withQueue = false,
): Promise<Baseline> {
  const config = readWorkerConfig()
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    log: new Log(LogLevel.WARN),
    handleStructuredLogs: onLog,
    cf: false,
    logRequests: false,
    workers: [
      {
        config: {
          name: `bench-${name}`,
          compatibilityDate: config.compatibilityDate,
          compatibilityFlags: config.compatibilityFlags,
          manifest: {
            mainModule: 'index.js',
            modules: { 'index.js': { type: 'esm', contents: script } },
          },
          env: {
            ...(withDb ? { DB: { type: 'd1' as const, id: `bench-${name}` } } : {}),
            ...(withQueue ? { Q: { type: 'queue' as const, name: `bench-${name}` } } : {}),
          },
          ...(withQueue
            ? {
                triggers: [
                  {
                    type: 'queue' as const,
                    name: `bench-${name}`,
                    maxBatchSize: 100,
                    maxBatchTimeout: 1,
                  },
                ],
              }
            : {}),
        },
      },
    ],
  })
  try {
    const url = (await mf.ready).origin
    if (withDb) {
      const db = (await mf.getD1Database('DB')) as unknown as D1Database
      await db.prepare(INSERT_SCHEMA).run()
    }
    return { name, url, mf }
  } catch (err) {
    await mf.dispose()
    throw err
  }
}

export function startHello(onLog: (log: WorkerdStructuredLog) => void): Promise<Baseline> {
  return startBaseline('hello', HELLO, false, onLog)
}

export function startInsert(onLog: (log: WorkerdStructuredLog) => void): Promise<Baseline> {
  return startBaseline('insert', INSERT, true, onLog)
}

export function startEnqueue(onLog: (log: WorkerdStructuredLog) => void): Promise<Baseline> {
  return startBaseline('enqueue', ENQUEUE, true, onLog, true)
}

/**
 * A bare Worker that answers with exactly the bytes and headers given (the platform's cached
 * campaign page, captured at the start of the run): what serving that response costs in
 * this runtime with no code of ours around it.
 */
export function startStatic(
  body: Buffer,
  headers: [string, string][],
  onLog: (log: WorkerdStructuredLog) => void,
): Promise<Baseline> {
  const script = `const body = Uint8Array.from(atob(${JSON.stringify(body.toString('base64'))}), (c) => c.charCodeAt(0))
const headers = new Headers(${JSON.stringify(headers)})
export default {
  fetch() {
    return new Response(body, { headers })
  },
}
`
  return startBaseline('static', script, false, onLog)
}
