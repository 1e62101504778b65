/**
 * Regression guards that are not timings: how many D1 round trips a page costs, and that the
 * signing path writes in exactly one batch.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { newApp } from '../src/app.ts'
import { applyInvalidation } from '../src/db/admin/invalidations.ts'
import { talliesByCampaign } from '../src/db/tally-reports.ts'
import { runRetention } from '../src/jobs/retention.ts'
import { domainKeyOf } from '../src/lib/crypto.ts'
import { forgetCampaign } from '../src/middleware/page-cache/index.ts'
import { freshIp, signAndConfirm, signAtOnce, uniqueEmail, validSignature } from './helpers.ts'
import { simulation } from './mail-sim.ts'
import { freshCampaign } from './recount.ts'

interface Log {
  reads: string[]
  batches: string[][]
  /** B-tree rows the batches wrote (table rows and index entries: D1's `rows_written`). */
  rowsWritten?: number
}

/** A D1 binding that records each round trip: single statements and batches. */
function countingD1(d1: D1Database, log: Log): D1Database {
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args), sql)
        if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') {
          return (...args: unknown[]) => {
            log.reads.push(sql)
            return (target[prop] as (...a: unknown[]) => unknown).apply(target, args)
          }
        }
        if (prop === '__sql') return sql
        if (prop === '__target') return target
        const value = Reflect.get(target, prop)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql)
      // Pages read through a replica session: count its round trips too.
      if (prop === 'withSession') {
        return (constraint?: string) =>
          countingD1(target.withSession(constraint) as unknown as D1Database, log)
      }
      if (prop === 'batch') {
        return (stmts: D1PreparedStatement[]) => {
          log.batches.push(stmts.map((s) => (s as unknown as { __sql: string }).__sql))
          return target.batch(stmts.map((s) => Reflect.get(s, '__target') ?? s)).then((results) => {
            for (const r of results) log.rowsWritten = (log.rowsWritten ?? 0) + r.meta.rows_written
            return results
          })
        }
      }
      const value = Reflect.get(target, prop)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

async function run(path: string, init?: RequestInit) {
  const log: Log = { reads: [], batches: [] }
  const ctx = createExecutionContext()
  const res = await newApp().fetch(
    new Request(`http://localhost:8787${path}`, init),
    { ...env, DB: countingD1(env.DB, log) },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return { res, log, roundTrips: log.reads.length + log.batches.length }
}

const isWrite = (sql: string) => /^\s*(insert|update|delete)/i.test(sql)

describe('D1 round trips', () => {
  it('pages read through a replica session', async () => {
    let sessions = 0
    const log: Log = { reads: [], batches: [] }
    const db = countingD1(env.DB, log)
    const spy = new Proxy(db, {
      get(target, prop) {
        if (prop === 'withSession') {
          return (c?: string) => {
            sessions++
            return Reflect.get(target, prop)(c)
          }
        }
        return Reflect.get(target, prop)
      },
    })
    const ctx = createExecutionContext()
    await newApp().fetch(
      new Request('http://localhost:8787/campaigns/surat-ikramov'),
      { ...env, DB: spy },
      ctx,
    )
    expect(sessions).toBe(1)
    expect(log.reads.length + log.batches.length).toBeGreaterThan(0)
  })

  it('the home page costs at most 2', async () => {
    const { res, roundTrips } = await run('/')
    expect(res.status).toBe(200)
    expect(roundTrips).toBeLessThanOrEqual(2)
  })

  it('a campaign page costs 2: its row, then one batch of everything it shows', async () => {
    const { res, roundTrips, log } = await run('/campaigns/azimzhan-askarov')
    expect(res.status).toBe(200)
    expect(roundTrips).toBe(2)
    expect(log.reads).toHaveLength(1)
    expect(log.batches).toHaveLength(1)
    // A general call (no defender) too.
    expect((await run('/campaigns/international-solidarity')).roundTrips).toBe(2)
  })

  it('a campaign in the API or the widget costs 2', async () => {
    expect((await run('/api/v1/campaigns/azimzhan-askarov')).roundTrips).toBe(2)
    expect((await run('/embed/azimzhan-askarov')).roundTrips).toBe(2)
  })

  it('the thank-you page costs at most 1 (the signing path’s cached campaign row)', async () => {
    await forgetCampaign('http://localhost:8787', 'surat-ikramov')
    const first = await run('/campaigns/surat-ikramov/thanks')
    expect(first.res.status).toBe(200)
    expect(first.roundTrips).toBe(1)
    expect((await run('/campaigns/surat-ikramov/thanks')).roundTrips).toBe(0)
  })

  it('report tallies for more than 90 campaigns are one read of just their rows', async () => {
    // Kept tallies of campaigns asked for (1, 119) and one not asked for (500).
    await env.DB.batch(
      [1, 119, 500].map((id) =>
        env.DB.prepare(
          "insert into tallies (campaign_id, dimension, key, n) values (?, 'state', 'guard', 7)",
        ).bind(id),
      ),
    )
    const log: Log = { reads: [], batches: [] }
    const ids = Array.from({ length: 120 }, (_, i) => i + 1)
    const params: unknown[][] = []
    const d1 = countingD1(env.DB, log)
    const spy = new Proxy(d1, {
      get(target, prop) {
        if (prop !== 'prepare') return Reflect.get(target, prop)
        return (sql: string) => {
          const stmt = target.prepare(sql)
          return new Proxy(stmt, {
            get(s, p) {
              if (p === 'bind') {
                return (...args: unknown[]) => {
                  params.push(args)
                  return s.bind(...args)
                }
              }
              return Reflect.get(s, p)
            },
          })
        }
      },
    })
    const map = await talliesByCampaign(spy, ['state'], ids)
    expect(log.reads).toHaveLength(1)
    expect(log.reads[0]).toContain('json_each')
    // The dimension and the ids as one JSON parameter: never 100 bound parameters.
    expect(params[0]!.length).toBeLessThanOrEqual(3)
    // Exactly the wanted campaigns' part of all tallies.
    const all = await talliesByCampaign(env.DB, ['state'])
    expect(map.get(1)?.state.guard).toBe(7)
    expect(map.get(119)?.state.guard).toBe(7)
    expect(map.has(500)).toBe(false)
    expect([...map]).toEqual([...all].filter(([id]) => ids.includes(id)))
  })

  it('a count costs 1', async () => {
    const { roundTrips } = await run('/api/v1/campaigns/azimzhan-askarov/count')
    expect(roundTrips).toBe(1)
  })

  it('a signature is written in exactly one batch, with no other write', async () => {
    const { res, log } = await run('/api/v1/campaigns/azimzhan-askarov/signatures', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
      body: JSON.stringify(validSignature({ email: uniqueEmail() })),
    })
    expect(res.status).toBe(202)
    const writeBatches = log.batches.filter((b) => b.some(isWrite))
    expect(writeBatches).toHaveLength(1)
    // The rows and the state tally: no token rows (the consumer writes the links' hashes).
    expect(writeBatches[0]!.filter(isWrite)).toHaveLength(2)
    expect(log.reads.filter(isWrite)).toEqual([])
    expect(log.reads.length).toBeLessThanOrEqual(2)
  })

  it('a duplicate is answered after the same round trips as a new signature (timing tells nothing)', async () => {
    /** The D1 round trips made before the answer, for a submission of `email`. */
    const beforeAnswer = async (email: string) => {
      const log: Log = { reads: [], batches: [] }
      const ctx = createExecutionContext()
      const res = await newApp().fetch(
        new Request('http://localhost:8787/api/v1/campaigns/azimzhan-askarov/signatures', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
          body: JSON.stringify(validSignature({ email })),
        }),
        { ...env, DB: countingD1(env.DB, log) },
        ctx,
      )
      const seen = { status: res.status, reads: [...log.reads], batches: log.batches.length }
      await waitOnExecutionContext(ctx)
      return seen
    }
    await beforeAnswer(uniqueEmail('warm'))
    const email = uniqueEmail('twice')
    const first = await beforeAnswer(email)
    const again = await beforeAnswer(email.toUpperCase())
    expect(first.status).toBe(202)
    expect(again).toEqual(first)
  })

  it('signatures arriving together share one batch of the same two statements, writing fewer than 6 B-tree rows each', async () => {
    const log: Log = { reads: [], batches: [] }
    const bodies = Array.from({ length: 20 }, () => validSignature({ email: uniqueEmail('group') }))
    const answers = await signAtOnce('azimzhan-askarov', bodies, {
      ...env,
      DB: countingD1(env.DB, log),
    })
    expect(answers).toEqual(Array(20).fill(202))
    const writeBatches = log.batches.filter((b) => b.some(isWrite))
    // Group commit: far fewer batches than signatures, and none grows with its group.
    expect(writeBatches.length).toBeLessThanOrEqual(3)
    for (const batch of writeBatches) expect(batch.filter(isWrite)).toHaveLength(2)
    // Rows written (D1's count: table rows and index entries): 5 a signature (its row and 4
    // index entries; the partial indexes of mail and link hashes hold no entry for a fresh
    // row), plus each group's state tally. A new index on signatures, or token rows written
    // by signing again (9 a signature before migration 0007), fails this.
    const perSignature = (log.rowsWritten ?? 0) / 20
    expect(perSignature).toBeGreaterThanOrEqual(5)
    expect(perSignature).toBeLessThan(6)
  })

  it('splits a large group into chunks within D1 statement sizes, still one batch', async () => {
    const log: Log = { reads: [], batches: [] }
    // 45 signatures with 1,000-character Cyrillic comments: about 100 KB of rows.
    const comment = `${'Свобода правозащитникам! '.repeat(40).slice(0, 990)}${crypto.randomUUID().slice(0, 10)}`
    const bodies = Array.from({ length: 45 }, () =>
      validSignature({ email: uniqueEmail('chunk'), comment }),
    )
    const answers = await signAtOnce('surat-ikramov', bodies, {
      ...env,
      DB: countingD1(env.DB, log),
    })
    expect(answers).toEqual(Array(45).fill(202))
    const writes = log.batches.filter((b) => b.some(isWrite)).map((b) => b.filter(isWrite).length)
    // Fewer batches than signatures, and at least one of more than one chunk.
    expect(writes.length).toBeLessThan(45)
    expect(Math.max(...writes)).toBeGreaterThan(2)
    for (const n of writes) expect(n % 2).toBe(0)
    // Every row arrived whole: the comment, to the last character.
    const row = await env.DB.prepare('select count(*) as n from signatures where comment = ?')
      .bind(comment)
      .first<{ n: number }>()
    expect(row?.n).toBe(45)
  })

  it('the mail consumer records a batch of mail sent and its links in one write batch, three rows a mail: at most 9 a signature in all', async () => {
    const sim = simulation()
    const signing: Log = { reads: [], batches: [] }
    const bodies = Array.from({ length: 20 }, () => validSignature({ email: uniqueEmail('rows') }))
    expect(
      await signAtOnce('azimzhan-askarov', bodies, { ...sim.env, DB: countingD1(env.DB, signing) }),
    ).toEqual(Array(20).fill(202))
    const log: Log = { reads: [], batches: [] }
    await sim.queue.drain((batch) =>
      sim.consume(batch, { ...sim.env, DB: countingD1(env.DB, log) }),
    )
    expect(sim.provider.calls).toHaveLength(1)
    // One read of the batch's rows (and one of the campaign titles), one write: the row
    // marked sent with its two link hashes, an entry in each hash's partial index (the mail
    // index's partial condition skips a fresh row).
    expect(log.batches.filter((b) => b.some(isWrite))).toHaveLength(1)
    expect(log.reads.length).toBeLessThanOrEqual(2)
    expect(log.rowsWritten).toBe(60)
    // Signing and its mail together: PRODUCT.md's "at most 9 rows written per signature".
    expect(((signing.rowsWritten ?? 0) + (log.rowsWritten ?? 0)) / 20).toBeLessThanOrEqual(9)
  })

  it('retention anonymises in one batch per campaign, and reads no more for more campaigns', async () => {
    const closed = [await freshCampaign(), await freshCampaign()]
    for (const c of closed) {
      await signAndConfirm(c.slug, validSignature({ name: 'Азимжан', city: 'Bishkek' }))
      await env.DB.prepare("update campaigns set status = 'closed', closed_at = ? where id = ?")
        .bind(Date.now() - 400 * 24 * 3600 * 1000, c.id)
        .run()
    }
    const log: Log = { reads: [], batches: [] }
    const report = await runRetention({ ...env, DB: countingD1(env.DB, log) })
    expect(report.campaignsAnonymised).toEqual(expect.arrayContaining(closed.map((c) => c.slug)))
    const anonymising = log.batches.filter((b) => b.some((q) => /retention\.anonymise/.test(q)))
    // The consents' addresses, the signatures' personal data and the audit row that marks it done.
    expect(anonymising).toHaveLength(report.campaignsAnonymised.length)
    for (const b of anonymising) expect(b.filter(isWrite)).toHaveLength(3)
    // Single reads: the legacy-domain page, the campaigns to anonymise, the run's audit row.
    expect(log.reads).toHaveLength(3)
  })

  it('an invalidation is applied in one batch that also reads back what it did', async () => {
    const campaign = await freshCampaign()
    for (let i = 0; i < 3; i++) {
      await signAndConfirm(campaign.slug, validSignature({ email: uniqueEmail('inv-guard') }))
    }
    const criteria = { emailDomain: 'example.org' }
    const domainKey = await domainKeyOf(env, criteria)
    const log: Log = { reads: [], batches: [] }
    const applied = await applyInvalidation(
      countingD1(env.DB, log),
      campaign,
      criteria,
      domainKey,
      { actor: 'person:1', organisationId: 1 },
    )
    expect(applied.count).toBe(3)
    expect(applied.byState).toEqual({ pending: 0, confirmed: 3, held: 0 })
    expect(log.batches).toHaveLength(1)
    expect(log.reads).toHaveLength(0)
  })
})
