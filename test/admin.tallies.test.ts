import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { suppressSmallCells } from '../src/domain/tally.ts'
import { fromBase64 } from '../src/lib/crypto.ts'
import { documentDigest, type Proof, verifyProof } from '../src/lib/proof.ts'
import {
  apiSign,
  fetchWorker,
  getJson,
  linkPath,
  mailsTo,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'

const SLUG = 'surat-ikramov'
const admin = () => ({ authorization: `Bearer ${env.ADMIN_TOKEN}` })
const today = () => new Date().toISOString().slice(0, 10)

interface TallyDoc {
  format: string
  campaign: { slug: string; defender: { slug: string; name: string } | null }
  confirmed: number
  byState: Record<string, number>
  byCountry: Record<string, number>
  byDay: Record<string, number>
  generatedAt: string
  proof: Proof
}

const tallies = (slug = SLUG) =>
  getJson<TallyDoc>(`/api/v1/admin/campaigns/${slug}/tallies`, { headers: admin() })

async function publicKey(): Promise<Uint8Array> {
  const { body } = await getJson<{ publicKey: string }>('/.well-known/standwith-signing-key')
  return fromBase64(body.publicKey)
}

let before: TallyDoc

beforeAll(async () => {
  before = (await tallies()).body
  // Six confirmed from Uzbekistan, two from Kazakhstan; one pending; one confirmed then removed.
  for (let i = 0; i < 6; i++) await signAndConfirm(SLUG, validSignature({ country: 'UZ' }))
  for (let i = 0; i < 2; i++) await signAndConfirm(SLUG, validSignature({ country: 'KZ' }))
  await apiSign(SLUG, validSignature({ country: 'UZ' }))
  const email = uniqueEmail()
  const mail = await signAndConfirm(SLUG, validSignature({ email, country: 'TJ' }))
  await fetchWorker(linkPath(mail, 'remove'), { method: 'POST' })
  expect(await mailsTo(email)).toHaveLength(1)
})

describe('GET /api/v1/admin/campaigns/:slug/tallies', () => {
  it('needs the admin token: 401 in the API shape, never a redirect', async () => {
    const res = await fetchWorker(`/api/v1/admin/campaigns/${SLUG}/tallies`)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: 'unauthorized' })
    const wrong = await fetchWorker(`/api/v1/admin/campaigns/${SLUG}/tallies`, {
      headers: { authorization: 'Bearer nope' },
    })
    expect(wrong.status).toBe(401)
  })

  it('counts by state, exact per country (no suppression), and by day of confirmation', async () => {
    const { res, body } = await tallies()
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(body.format).toBe('standwith.tally/1')
    expect(body.campaign.slug).toBe(SLUG)
    expect(body.campaign.defender?.slug).toBe('surat-ikramov')
    const delta = (k: string, d: Record<string, number>, b: Record<string, number>) =>
      (d[k] ?? 0) - (b[k] ?? 0)
    expect(delta('confirmed', body.byState, before.byState)).toBe(8)
    expect(delta('pending', body.byState, before.byState)).toBe(1)
    expect(delta('removed', body.byState, before.byState)).toBe(1)
    // Every state, in the canonical (sorted) key order of a signed document.
    expect(Object.keys(body.byState)).toEqual([
      'confirmed',
      'held',
      'invalidated',
      'pending',
      'removed',
    ])
    expect(body.confirmed).toBe(body.byState.confirmed)
    expect(delta('UZ', body.byCountry, before.byCountry)).toBe(6)
    // Admin figures are exact: 2 is 2, not "<5".
    expect(body.byCountry.KZ).toBe((before.byCountry.KZ ?? 0) + 2)
    expect(body.byCountry.TJ ?? 0).toBe(before.byCountry.TJ ?? 0)
    expect(delta(today(), body.byDay, before.byDay)).toBe(8)
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0)
    expect(sum(body.byCountry)).toBe(body.confirmed)
    expect(sum(body.byDay)).toBe(body.confirmed)
  })

  it('reads the kept tallies, not the signatures', async () => {
    const campaign = await env.DB.prepare('select id from campaigns where slug = ?')
      .bind('farid-tukhbatullin')
      .first<{ id: number }>()
    await env.DB.prepare(
      `insert into tallies (campaign_id, dimension, key, n) values (?, 'country', 'IS', 7)
      on conflict (campaign_id, dimension, key) do update set n = n + 7`,
    )
      .bind(campaign!.id)
      .run()
    const { body } = await tallies('farid-tukhbatullin')
    expect(body.byCountry.IS).toBeGreaterThanOrEqual(7)
    await env.DB.prepare(
      "update tallies set n = n - 7 where campaign_id = ? and dimension = 'country' and key = 'IS'",
    )
      .bind(campaign!.id)
      .run()
  })

  it('carries a digest of its canonical JSON and an Ed25519 signature by the published key', async () => {
    const { body } = await tallies()
    expect(body.proof).toMatchObject({ algorithm: 'Ed25519', hash: 'SHA-256' })
    expect(body.proof.digest).toMatch(/^[0-9a-f]{64}$/)
    expect(body.proof.digest).toBe(await documentDigest(body as never))
    const key = await publicKey()
    expect(await verifyProof(body.proof.digest, body.proof, key)).toMatchObject({ ok: true })
    // One changed figure breaks it.
    const changed = { ...body, byCountry: { ...body.byCountry, UZ: (body.byCountry.UZ ?? 0) + 1 } }
    const verdict = await verifyProof(await documentDigest(changed as never), body.proof, key)
    expect(verdict).toMatchObject({ ok: false })
  })

  it('answers 404 for an unknown campaign', async () => {
    const { res, body } = await tallies('no-such-campaign')
    expect(res.status).toBe(404)
    expect(body).toMatchObject({ error: 'not_found' })
  })

  it('offers the report as a file with ?download=1', async () => {
    const res = await fetchWorker(`/api/v1/admin/campaigns/${SLUG}/tallies?download=1`, {
      headers: admin(),
    })
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="surat-ikramov-tallies-\d{4}-\d{2}-\d{2}\.json"$/,
    )
  })
})

describe('GET /api/v1/admin/tallies', () => {
  interface Entry {
    slug: string
    confirmed: number
    byState: Record<string, number>
    byCountry: Record<string, number>
  }
  interface Overview {
    defenders: (Entry & { name: string; country: string; campaigns: Entry[] })[]
    general: Entry[]
    totals: Omit<Entry, 'slug'>
    proof: Proof
  }

  it('needs the admin token', async () => {
    expect((await fetchWorker('/api/v1/admin/tallies')).status).toBe(401)
  })

  it('groups campaigns by defender, lists the general campaigns, and adds up', async () => {
    const { res, body } = await getJson<Overview>('/api/v1/admin/tallies', { headers: admin() })
    expect(res.status).toBe(200)
    expect(body.defenders.map((d) => d.slug).sort()).toEqual([
      'azimzhan-askarov',
      'farid-tukhbatullin',
      'surat-ikramov',
    ])
    expect(body.general.map((c) => c.slug)).toEqual([
      'central-asian-governments',
      'international-solidarity',
    ])
    const surat = body.defenders.find((d) => d.slug === 'surat-ikramov')!
    expect(surat.name).toBe('Surat Ikramov')
    expect(surat.country).toBe('UZ')
    const { body: campaign } = await tallies()
    expect(surat.campaigns).toHaveLength(1)
    expect(surat.campaigns[0]).toMatchObject({
      slug: SLUG,
      confirmed: campaign.confirmed,
      byCountry: campaign.byCountry,
    })
    expect(surat.confirmed).toBe(campaign.confirmed)
    expect(surat.byState.removed).toBe(campaign.byState.removed)
    const all = [...body.defenders.flatMap((d) => d.campaigns), ...body.general]
    expect(body.totals.confirmed).toBe(all.reduce((n, c) => n + c.confirmed, 0))
    expect(body.totals.byCountry.KZ).toBe(all.reduce((n, c) => n + (c.byCountry.KZ ?? 0), 0))
    const key = await publicKey()
    expect(await verifyProof(await documentDigest(body as never), body.proof, key)).toMatchObject({
      ok: true,
    })
  })
})

describe('the delivery document', () => {
  it('suppresses per-country counts under 5 and verifies', async () => {
    const { res, body } = await getJson<{
      byCountry: Record<string, number | string>
      confirmed: number
      period: { from: string; to: string }
      campaign: { target: string; asks: string[] }
      proof: Proof
    }>(`/api/v1/admin/campaigns/${SLUG}/delivery.json`, { headers: admin() })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="surat-/)
    const { body: exact } = await tallies()
    expect(body.byCountry).toEqual(suppressSmallCells(exact.byCountry))
    for (const [code, n] of Object.entries(exact.byCountry)) {
      if (n < 5) expect(body.byCountry[code]).not.toBe(n)
    }
    expect(body.confirmed).toBe(exact.confirmed)
    expect(body.period.to).toBe(today())
    expect(body.campaign.target).toBeTruthy()
    expect(body.campaign.asks.length).toBeGreaterThan(0)
    expect(await verifyProof(await documentDigest(body), body.proof, await publicKey())).toEqual({
      ok: true,
      digest: body.proof.digest,
      keyId: body.proof.keyId,
    })
  })

  it('is the same document (same digest) while the counts do not change', async () => {
    const url = `/api/v1/admin/campaigns/${SLUG}/delivery.json`
    const a = await getJson<{ proof: Proof }>(url, { headers: admin() })
    const b = await getJson<{ proof: Proof }>(url, { headers: admin() })
    expect(a.body.proof.digest).toBe(b.body.proof.digest)
  })
})

describe('GET /.well-known/standwith-signing-key', () => {
  it('publishes the public key without auth, as base64 and as a JWK', async () => {
    const { res, body } = await getJson<{
      algorithm: string
      keyId: string
      publicKey: string
      jwk: { kty: string; crv: string; x: string; kid: string }
    }>('/.well-known/standwith-signing-key')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^public/)
    expect(body.algorithm).toBe('Ed25519')
    expect(fromBase64(body.publicKey)).toHaveLength(32)
    expect(body.jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: body.keyId })
    const x = body.jwk.x.replace(/-/g, '+').replace(/_/g, '/')
    expect(`${x}=`).toBe(body.publicKey)
    const { body: report } = await tallies()
    expect(report.proof.keyId).toBe(body.keyId)
    expect(report.proof.publicKey).toBe(body.publicKey)
    // Nothing secret in it.
    expect(JSON.stringify(body)).not.toContain(env.SIGNING_KEY.slice(20, 40))
  })
})

describe('signed documents as served (issue 13, item 4)', () => {
  it('are their canonical JSON, which verifies byte for byte; a duplicated key does not', async () => {
    const { verifyDocumentText } = await import('../src/lib/proof.ts')
    const key = await publicKey()
    for (const path of [
      '/api/v1/admin/tallies',
      '/api/v1/admin/campaigns/azimzhan-askarov/tallies',
      '/api/v1/admin/campaigns/azimzhan-askarov/delivery.json',
      '/api/v1/admin/defenders/azimzhan-askarov/delivery.json',
    ]) {
      const text = await (await fetchWorker(path, { headers: admin() })).text()
      expect(await verifyDocumentText(text, key), path).toMatchObject({ ok: true })
      const forged = text.replace('"confirmed":', '"confirmed":999999,"confirmed":')
      expect(await verifyDocumentText(forged, key)).toMatchObject({ ok: false })
    }
  })
})
