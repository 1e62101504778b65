import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { fromBase64, sha256Hex } from '../src/lib/crypto.ts'
import { verifyProof } from '../src/lib/proof.ts'
import {
  apiSign,
  fetchWorker,
  getJson,
  linkPath,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'

const SLUG = 'farid-tukhbatullin'
const admin = () => ({ authorization: `Bearer ${env.ADMIN_TOKEN}` })
const today = () => new Date().toISOString().slice(0, 10)
const tag = () => crypto.randomUUID().slice(0, 6)

/** RFC 4180 parsing, strict enough to catch a broken quote or a bare LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 2
      } else if (ch === '"') {
        quoted = false
        i++
      } else {
        cell += ch
        i++
      }
      continue
    }
    if (ch === '"' && cell === '') {
      quoted = true
      i++
    } else if (ch === ',') {
      row.push(cell)
      cell = ''
      i++
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += 2
    } else if (ch === '\n' || ch === '\r' || ch === '"') {
      throw new Error(`bare ${JSON.stringify(ch)} outside quotes at ${i}`)
    } else {
      cell += ch
      i++
    }
  }
  if (cell !== '' || row.length) throw new Error('the file does not end with CRLF')
  return rows
}

async function download(path: string) {
  const res = await fetchWorker(path, { headers: admin() })
  const bytes = new Uint8Array(await res.arrayBuffer())
  // The default decoder drops the BOM: the tests below look at the cells.
  return { res, bytes, text: new TextDecoder().decode(bytes) }
}

async function publicKey(): Promise<Uint8Array> {
  const { body } = await getJson<{ publicKey: string }>('/.well-known/standwith-signing-key')
  return fromBase64(body.publicKey)
}

const NAMES = {
  kazakh: `Ғалымжан Әбілқайыров ${tag()}`,
  uzbek: `Oʻgʻiloy Xoʻjayeva ${tag()}`,
  turkmen: `Sähra Baýramowa ${tag()}`,
  russian: `Фарид Тухбатуллин ${tag()}`,
  formula: `=HYPERLINK("http://evil.example","Click") ${tag()}`,
  withheld: `Private Person ${tag()}`,
  pending: `Pending Person ${tag()}`,
  removed: `Removed Person ${tag()}`,
}
const emails: string[] = []

function sig(overrides: Parameters<typeof validSignature>[0]) {
  const email = uniqueEmail('export')
  emails.push(email)
  return validSignature({ email, ...overrides })
}

beforeAll(async () => {
  await signAndConfirm(
    SLUG,
    sig({ name: NAMES.kazakh, nameInDelivery: true, country: 'KZ', city: 'Алматы' }),
  )
  await signAndConfirm(
    SLUG,
    sig({
      name: NAMES.uzbek,
      nameInDelivery: true,
      country: 'UZ',
      city: 'Toshkent',
      comment: 'Ozodlik, adolat va "haqiqat"\nuchun',
      keepInformed: true,
    }),
  )
  await signAndConfirm(
    SLUG,
    sig({ name: NAMES.turkmen, nameInDelivery: true, country: 'TM', comment: '-1+2' }),
  )
  await signAndConfirm(
    SLUG,
    sig({ name: NAMES.russian, nameInDelivery: true, country: 'AT', keepInformed: true }),
  )
  await signAndConfirm(
    SLUG,
    sig({ name: NAMES.formula, nameInDelivery: true, country: 'DE', comment: '@SUM(A1:A2)' }),
  )
  await signAndConfirm(
    SLUG,
    sig({ name: NAMES.withheld, nameInDelivery: false, country: 'NL', keepInformed: true }),
  )
  await apiSign(SLUG, sig({ name: NAMES.pending, nameInDelivery: true, keepInformed: true }))
  const removed = await signAndConfirm(
    SLUG,
    sig({ name: NAMES.removed, nameInDelivery: true, keepInformed: true }),
  )
  await fetchWorker(linkPath(removed, 'remove'), { method: 'POST' })
  // Confirming records "keep me informed" as the host's consent (the public side writes it on
  // confirmation); written here as migration 0004 does, so this file stands on its own.
  await env.DB.prepare(
    `insert into consents (signature_id, organisation_id, purpose, status, lang, source, asked_at,
      given_at)
    select id, 1, 'updates', 'given', lang, source, created_at, confirmed_at from signatures
    where keep_informed = 1 and status = 'confirmed' on conflict do nothing`,
  ).run()
})

describe('GET /api/v1/admin/campaigns/:slug/signatures.csv (the delivery list)', () => {
  it('needs the admin token', async () => {
    const res = await fetchWorker(`/api/v1/admin/campaigns/${SLUG}/signatures.csv`)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: 'unauthorized' })
  })

  it('answers 404 for an unknown campaign', async () => {
    const res = await fetchWorker('/api/v1/admin/campaigns/nope/signatures.csv', {
      headers: admin(),
    })
    expect(res.status).toBe(404)
  })

  it('is UTF-8 with a BOM, CRLF records, and offered as a file', async () => {
    const { res, bytes } = await download(`/api/v1/admin/campaigns/${SLUG}/signatures.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${SLUG}-signatures-${today()}.csv"`,
    )
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(
      text.startsWith('signed_on,confirmed_on,name,city,country,country_name,comment\r\n'),
    ).toBe(true)
  })

  it('holds every confirmed signature, with each column right, and nothing else', async () => {
    const { text } = await download(`/api/v1/admin/campaigns/${SLUG}/signatures.csv`)
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual([
      'signed_on',
      'confirmed_on',
      'name',
      'city',
      'country',
      'country_name',
      'comment',
    ])
    const confirmed = await env.DB.prepare(
      `select count(*) as n from signatures s join campaigns c on c.id = s.campaign_id
      where c.slug = ? and s.status = 'confirmed'`,
    )
      .bind(SLUG)
      .first<{ n: number }>()
    expect(rows).toHaveLength(confirmed!.n)
    const byName = (name: string) => rows.find((r) => r[2] === name)
    expect(byName(NAMES.kazakh)).toEqual([
      today(),
      today(),
      NAMES.kazakh,
      'Алматы',
      'KZ',
      'Kazakhstan',
      '',
    ])
    expect(byName(NAMES.uzbek)).toEqual([
      today(),
      today(),
      NAMES.uzbek,
      'Toshkent',
      'UZ',
      'Uzbekistan',
      'Ozodlik, adolat va "haqiqat"\nuchun',
    ])
    expect(byName(NAMES.russian)).toEqual([
      today(),
      today(),
      NAMES.russian,
      '',
      'AT',
      'Austria',
      '',
    ])
    // Formula cells are neutralised with a leading quote.
    expect(byName(`'${NAMES.formula}`)).toEqual([
      today(),
      today(),
      `'${NAMES.formula}`,
      '',
      'DE',
      'Germany',
      `'@SUM(A1:A2)`,
    ])
    expect(rows.find((r) => r[2] === NAMES.turkmen)?.[6]).toBe(`'-1+2`)
    // A name is given only where the signer agreed; never pending or removed signatures.
    expect(text).not.toContain(NAMES.withheld)
    expect(rows.filter((r) => r[2] === '(name withheld)').length).toBeGreaterThanOrEqual(1)
    // The one NL signer withheld their name: NL's count is suppressed, so the row does not say it.
    expect(rows.some((r) => r[4] === 'NL')).toBe(false)
    expect(text).not.toContain(NAMES.pending)
    expect(text).not.toContain(NAMES.removed)
    // Never an email.
    for (const email of emails) expect(text).not.toContain(email)
    expect(text).not.toMatch(/@example\.org/)
  })

  it('escapes the raw bytes as RFC 4180 says', async () => {
    const { text } = await download(`/api/v1/admin/campaigns/${SLUG}/signatures.csv`)
    expect(text).toContain(`,"Ozodlik, adolat va ""haqiqat""\nuchun"\r\n`)
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""Click"") `)
    expect(text).toContain(`,'@SUM(A1:A2)\r\n`)
  })

  it('leaves a proof: SHA-256 of the exact bytes, signed with the published key', async () => {
    const { res, bytes } = await download(`/api/v1/admin/campaigns/${SLUG}/signatures.csv`)
    const exportId = res.headers.get('x-export-id')!
    expect(exportId).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('link')).toBe(
      `</api/v1/admin/campaigns/${SLUG}/signatures.csv.sig?export=${exportId}>; rel="describedby"; type="application/json"`,
    )
    const proofRes = await fetchWorker(
      `/api/v1/admin/campaigns/${SLUG}/signatures.csv.sig?export=${exportId}`,
      { headers: admin() },
    )
    expect(proofRes.status).toBe(200)
    const proof = (await proofRes.json()) as {
      file: string
      exportId: string
      rows: number
      bytes: number
      proof: { digest: string; signature: string; keyId: string }
    }
    const digest = await sha256Hex(bytes)
    expect(proof).toMatchObject({ exportId, file: `${SLUG}-signatures-${today()}.csv` })
    expect(proof.bytes).toBe(bytes.byteLength)
    expect(proof.proof.digest).toBe(digest)
    expect(proofRes.headers.get('x-content-sha256')).toBe(digest)
    expect(proofRes.headers.get('x-signature')).toBe(proof.proof.signature)
    expect(proofRes.headers.get('content-disposition')).toBe(
      `attachment; filename="${SLUG}-signatures-${today()}.csv.sig"`,
    )
    const key = await publicKey()
    expect(await verifyProof(digest, proof.proof, key)).toMatchObject({ ok: true })
    const changed = bytes.slice()
    const at = changed.length - 3
    changed[at] = changed[at]! ^ 1
    expect(await verifyProof(await sha256Hex(changed), proof.proof, key)).toMatchObject({
      ok: false,
    })
    // Without ?export, the latest completed export of the file.
    const latest = await getJson<{ exportId: string }>(
      `/api/v1/admin/campaigns/${SLUG}/signatures.csv.sig`,
      { headers: admin() },
    )
    expect(latest.body.exportId).toBe(exportId)
    const unknown = await fetchWorker(
      `/api/v1/admin/campaigns/${SLUG}/signatures.csv.sig?export=nope`,
      { headers: admin() },
    )
    expect(unknown.status).toBe(404)
  })

  it('is recorded in the audit log with its row count, digest and no personal data', async () => {
    const { res, bytes } = await download(`/api/v1/admin/campaigns/${SLUG}/signatures.csv`)
    const exportId = res.headers.get('x-export-id')
    const row = await env.DB.prepare(
      `select actor, action, subject, detail from audit_log
      where json_extract(detail, '$.exportId') = ?`,
    )
      .bind(exportId)
      .first<{ actor: string; action: string; subject: string; detail: string }>()
    expect(row).toMatchObject({ actor: 'person:1', action: 'export.signatures', subject: SLUG })
    const detail = JSON.parse(row!.detail)
    expect(detail.rows).toBe(parseCsv(new TextDecoder().decode(bytes)).length - 1)
    expect(detail.digest).toBe(await sha256Hex(bytes))
    for (const name of Object.values(NAMES)) expect(row!.detail).not.toContain(name)
  })
})

describe('GET /api/v1/admin/campaigns/:slug/supporters.csv', () => {
  it('needs the admin token', async () => {
    expect((await fetchWorker(`/api/v1/admin/campaigns/${SLUG}/supporters.csv`)).status).toBe(401)
  })

  it('lists only confirmed signers who asked to be kept informed, with their email', async () => {
    const { res, text } = await download(`/api/v1/admin/campaigns/${SLUG}/supporters.csv`)
    expect(res.status).toBe(200)
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual(['email', 'name', 'country', 'language'])
    const informed = await env.DB.prepare(
      `select count(*) as n from signatures s join campaigns c on c.id = s.campaign_id
      where c.slug = ? and s.status = 'confirmed' and s.keep_informed = 1`,
    )
      .bind(SLUG)
      .first<{ n: number }>()
    expect(rows).toHaveLength(informed!.n)
    const row = (name: string) => rows.find((r) => r[1] === name)
    expect(row(NAMES.uzbek)).toEqual([emails[1], NAMES.uzbek, 'UZ', 'en'])
    expect(row(NAMES.russian)).toEqual([emails[3], NAMES.russian, 'AT', 'en'])
    // Kept informed whether or not the name goes into the delivery.
    expect(row(NAMES.withheld)).toEqual([emails[5], NAMES.withheld, 'NL', 'en'])
    expect(row(NAMES.kazakh)).toBeUndefined()
    expect(text).not.toContain(NAMES.pending)
    expect(text).not.toContain(NAMES.removed)
  })

  it('writes an audit row per download: action, campaign, row count, no emails', async () => {
    const count = async () =>
      (await env.DB.prepare(
        "select count(*) as n from audit_log where action = 'export.supporters' and subject = ?",
      )
        .bind(SLUG)
        .first<{ n: number }>())!.n
    const before = await count()
    const { res, text } = await download(`/api/v1/admin/campaigns/${SLUG}/supporters.csv`)
    await download(`/api/v1/admin/campaigns/${SLUG}/supporters.csv`)
    expect(await count()).toBe(before + 2)
    const row = await env.DB.prepare(
      "select actor, detail from audit_log where json_extract(detail, '$.exportId') = ?",
    )
      .bind(res.headers.get('x-export-id'))
      .first<{ actor: string; detail: string }>()
    const detail = JSON.parse(row!.detail)
    expect(row!.actor).toBe('person:1')
    expect(detail).toMatchObject({ file: 'supporters.csv', campaign: SLUG, skipped: 0 })
    expect(detail.rows).toBe(parseCsv(text).length - 1)
    expect(detail.completedAt).toBeTruthy()
    for (const email of emails) expect(row!.detail).not.toContain(email)
    expect(row!.detail).not.toContain('@')
  })

  it('records a download that broke off, without a count', async () => {
    const res = await fetchWorker(`/api/v1/admin/campaigns/${SLUG}/supporters.csv`, {
      headers: admin(),
    })
    await res.body!.cancel()
    const row = await env.DB.prepare(
      "select detail from audit_log where json_extract(detail, '$.exportId') = ?",
    )
      .bind(res.headers.get('x-export-id'))
      .first<{ detail: string }>()
    expect(JSON.parse(row!.detail)).toMatchObject({ file: 'supporters.csv', campaign: SLUG })
    expect(JSON.parse(row!.detail).rows).toBeUndefined()
  })
})

describe('a 100,000-signature export', () => {
  const BIG = 'international-solidarity'
  const N = 100_000

  it('streams: the first chunk arrives before the file is produced, and every row is there', async () => {
    const campaign = (await env.DB.prepare('select id from campaigns where slug = ?')
      .bind(BIG)
      .first<{ id: number }>())!
    const t0 = Date.now() - 86_400_000
    // Rows straight into D1 (not through the API): a recursive CTE, one multi-row insert.
    await env.DB.prepare(
      `with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ?2)
      insert into signatures (campaign_id, email_hash, name, country, city, comment, show_name,
        name_in_delivery, keep_informed, lang, status, rev, created_at, confirmed_at)
      select ?1, 'bulk-' || n, 'Азимжан Аскаров ' || n, case n % 3 when 0 then 'KG' when 1 then 'UZ' else 'TM' end,
        case when n % 2 = 0 then 'Бишкек' end, case when n % 10 = 0 then '=cmd|'' /C calc''!A0' end,
        0, n % 2, 0, 'en', 'confirmed', 1, ?3 + n, ?3 + n + 60000
      from seq`,
    )
      .bind(campaign.id, N, t0)
      .run()
    await env.DB.prepare(
      `insert into tallies (campaign_id, dimension, key, n) values (?, 'state', 'confirmed', ?)
      on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`,
    )
      .bind(campaign.id, N)
      .run()
    const expected = (await env.DB.prepare(
      "select count(*) as n from signatures where campaign_id = ? and status = 'confirmed'",
    )
      .bind(campaign.id)
      .first<{ n: number }>())!.n

    const started = Date.now()
    const res = await fetchWorker(`/api/v1/admin/campaigns/${BIG}/signatures.csv`, {
      headers: admin(),
    })
    expect(res.status).toBe(200)
    const exportId = res.headers.get('x-export-id')
    const reader = res.body!.getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    // The file is not finished when its first chunk is here: its proof does not exist yet.
    const early = await fetchWorker(
      `/api/v1/admin/campaigns/${BIG}/signatures.csv.sig?export=${exportId}`,
      { headers: admin() },
    )
    expect(early.status).toBe(404)

    let chunks = 1
    let bytes = first.value!.byteLength
    let newlines = 0
    let biggest = bytes
    for (const b of first.value!) if (b === 10) newlines++
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks++
      bytes += value.byteLength
      biggest = Math.max(biggest, value.byteLength)
      for (const b of value) if (b === 10) newlines++
    }
    const seconds = (Date.now() - started) / 1000
    // Every row once (plus the header line); no chunk near the whole file.
    expect(newlines - 1).toBe(expected)
    expect(chunks).toBeGreaterThan(50)
    expect(biggest).toBeLessThan(bytes / 50)
    const proof = await getJson<{ rows: number; bytes: number }>(
      `/api/v1/admin/campaigns/${BIG}/signatures.csv.sig?export=${exportId}`,
      { headers: admin() },
    )
    expect(proof.body).toMatchObject({ rows: expected, bytes })
    console.log(
      `100k export: ${expected} rows, ${(bytes / 1e6).toFixed(1)} MB in ${chunks} chunks, ${seconds.toFixed(2)} s`,
    )
  }, 120_000)
})
