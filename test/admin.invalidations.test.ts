import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { dailyIpHash } from '../src/lib/ip-hash.ts'
import { login, postForm } from './admin-helpers.ts'
import {
  apiSign,
  confirmedCount,
  fetchWorker,
  freshIp,
  getJson,
  linkPath,
  mailsTo,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'
import { freshCampaign, kept, recount } from './recount.ts'

const bearer = { authorization: `Bearer ${env.ADMIN_TOKEN}` }

function post(path: string, body: unknown) {
  return fetchWorker(path, {
    method: 'POST',
    headers: { ...bearer, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

async function statesOf(campaignId: number) {
  const { results } = await env.DB.prepare(
    'select id, status, status_before_invalidation as before, invalidation_id as inv from signatures where campaign_id = ? order by id',
  )
    .bind(campaignId)
    .all<{ id: number; status: string; before: string | null; inv: number | null }>()
  return results
}

/**
 * A campaign with: from one flooding IP, 3 confirmed + 2 pending + 2 held (soft limit 5);
 * from a spam domain, 2 confirmed + 1 pending; and 3 honest confirmed signers.
 */
async function scenario() {
  const campaign = await freshCampaign()
  const floodIp = freshIp()
  for (let i = 0; i < 7; i++) {
    const email = uniqueEmail('flood')
    expect(
      (await apiSign(campaign.slug, validSignature({ email, country: 'RU' }), floodIp)).status,
    ).toBe(202)
    if (i < 3 || i === 6) {
      // Confirm the first three (pending → confirmed) and the last (held: only confirmed_at).
      const [mail] = await mailsTo(email)
      await fetchWorker(linkPath(mail!, 'confirm'), { method: 'POST' })
    }
  }
  for (let i = 0; i < 3; i++) {
    const body = validSignature({
      email: `bot${i}.${crypto.randomUUID().slice(0, 6)}@spam.example`,
      country: 'KZ',
    })
    if (i < 2) await signAndConfirm(campaign.slug, body)
    else await apiSign(campaign.slug, body)
  }
  for (let i = 0; i < 3; i++) await signAndConfirm(campaign.slug, validSignature({ country: 'DE' }))
  const ipHash = (await dailyIpHash(env.IP_HASH_KEY, floodIp, Date.now()))!
  return { campaign, ipHash }
}

describe('invalidations', () => {
  it('previews by state without changing anything, applies in one go and reverts exactly', async () => {
    const { campaign, ipHash } = await scenario()
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    expect(await confirmedCount(campaign.slug)).toBe(3 + 2 + 3)
    const rowsBefore = await statesOf(campaign.id)
    const talliesBefore = await kept(campaign.id)

    // Preview: counts by state, nothing changes.
    const preview = await post(`/api/v1/admin/campaigns/${campaign.slug}/invalidations`, {
      ipHash,
      dryRun: true,
    })
    expect(preview.status).toBe(200)
    expect(await preview.json()).toMatchObject({
      dryRun: true,
      matched: { confirmed: 3, pending: 2, held: 2 },
      total: 7,
    })
    expect(await statesOf(campaign.id)).toEqual(rowsBefore)
    expect(await kept(campaign.id)).toEqual(talliesBefore)

    // Apply.
    const applied = await post(`/api/v1/admin/campaigns/${campaign.slug}/invalidations`, {
      ipHash: [ipHash],
      reason: 'flood from one network',
    })
    expect(applied.status).toBe(201)
    const body = (await applied.json()) as { id: number; total: number; matched: unknown }
    expect(body).toMatchObject({ total: 7, matched: { confirmed: 3, pending: 2, held: 2 } })
    expect(await confirmedCount(campaign.slug)).toBe(5)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    const rows = await statesOf(campaign.id)
    expect(rows.filter((r) => r.status === 'invalidated')).toHaveLength(7)
    expect(
      rows
        .filter((r) => r.inv === body.id)
        .map((r) => r.before)
        .sort(),
    ).toEqual(['confirmed', 'confirmed', 'confirmed', 'held', 'held', 'pending', 'pending'])

    // A second invalidation by domain and window, over the rest.
    const second = await post(`/api/v1/admin/campaigns/${campaign.slug}/invalidations`, {
      emailDomain: 'SPAM.example',
      from: new Date(Date.now() - 3600_000).toISOString(),
      to: Date.now() + 1000,
    })
    expect(await second.json()).toMatchObject({
      total: 3,
      matched: { confirmed: 2, pending: 1, held: 0 },
    })
    expect(await confirmedCount(campaign.slug)).toBe(3)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))

    // Revert the first: everything back as it was, tallies included.
    const revert = await post(`/api/v1/admin/invalidations/${body.id}/revert`, {})
    expect(revert.status).toBe(200)
    expect(await revert.json()).toMatchObject({ reverted: true, restored: 7 })
    expect(await confirmedCount(campaign.slug)).toBe(6)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    // Twice is refused, and changes nothing.
    expect((await post(`/api/v1/admin/invalidations/${body.id}/revert`, {})).status).toBe(409)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))

    const all = await statesOf(campaign.id)
    const first = rowsBefore.map((r) => r.id)
    expect(all.filter((r) => first.includes(r.id) && r.status !== 'invalidated')).toHaveLength(
      rowsBefore.length - 3,
    )

    // The audit log has both, without personal data.
    const { body: audit } = await getJson<{
      entries: { action: string; subject: string; detail: unknown }[]
    }>('/api/v1/admin/audit?limit=20', { headers: bearer })
    const actions = audit.entries.filter((e) => e.subject === campaign.slug).map((e) => e.action)
    expect(actions).toEqual(['invalidation.revert', 'invalidation.apply', 'invalidation.apply'])
  })

  it('a pending signature invalidated and reverted can still be confirmed and counts', async () => {
    const campaign = await freshCampaign()
    const email = uniqueEmail()
    const ip = freshIp()
    await apiSign(campaign.slug, validSignature({ email }), ip)
    const ipHash = await dailyIpHash(env.IP_HASH_KEY, ip, Date.now())
    const res = await post(`/api/v1/admin/campaigns/${campaign.slug}/invalidations`, { ipHash })
    const { id } = (await res.json()) as { id: number }
    const [mail] = await mailsTo(email)
    // While invalidated the link confirms nothing.
    await fetchWorker(linkPath(mail!, 'confirm'), { method: 'POST' })
    expect(await confirmedCount(campaign.slug)).toBe(0)
    await post(`/api/v1/admin/invalidations/${id}/revert`, {})
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    // Back to pending, the same link now confirms it.
    await fetchWorker(linkPath(mail!, 'confirm'), { method: 'POST' })
    expect(await confirmedCount(campaign.slug)).toBe(1)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
  })

  it('refuses criteria that name neither an IP hash nor a domain, and bad values', async () => {
    const path = '/api/v1/admin/campaigns/surat-ikramov/invalidations'
    const cases: unknown[] = [
      { from: '2020-01-01T00:00:00Z', dryRun: true },
      { ipHash: 'not-a-hash' },
      { emailDomain: 'not a domain' },
      { emailDomain: 'example.org', from: '2030-01-01', to: '2020-01-01' },
      { emailDomain: 'example.org', extra: 1 },
      [],
    ]
    for (const body of cases) {
      const res = await post(path, body)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid' })
    }
    const notJson = await fetchWorker(path, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(notJson.status).toBe(415)
    expect(
      (await post('/api/v1/admin/campaigns/nope/invalidations', { emailDomain: 'x.org' })).status,
    ).toBe(404)
    expect((await post('/api/v1/admin/invalidations/999999/revert', {})).status).toBe(404)
  })

  it('lists IP hashes with counts per campaign for the last days, busiest first', async () => {
    const { campaign, ipHash } = await scenario()
    const { res, body } = await getJson<{
      hashes: { ipHash: string; total: number; byState: Record<string, number> }[]
    }>(`/api/v1/admin/campaigns/${campaign.slug}/ip-hashes?days=2`, { headers: bearer })
    expect(res.status).toBe(200)
    expect(body.hashes[0]).toMatchObject({
      ipHash,
      total: 7,
      byState: { confirmed: 3, pending: 2, held: 2 },
    })
    // Single signatures from other networks are below the default minimum of 2.
    expect(body.hashes).toHaveLength(1)
    const unauth = await fetchWorker(`/api/v1/admin/campaigns/${campaign.slug}/ip-hashes`)
    expect(unauth.status).toBe(401)
  })
})

describe('invalidations from the /admin pages', () => {
  it('previews, applies exactly what was previewed, and reverts', async () => {
    const { campaign, ipHash } = await scenario()
    const session = await login()
    const page = await fetchWorker(`/admin/campaigns/${campaign.slug}/invalidations`, {
      headers: { cookie: session.cookie },
    })
    const html = await page.text()
    // The busy network is listed with a button that previews it.
    expect(html).toContain(`name="ipHash" value="${ipHash}"`)
    const preview = await postForm(
      `/admin/campaigns/${campaign.slug}/invalidations`,
      { op: 'preview', ipHash, reason: 'flood' },
      session,
    )
    expect(preview.status).toBe(200)
    const previewHtml = await preview.text()
    expect(previewHtml).toContain('Would invalidate 7')
    expect(previewHtml).toContain('3 confirmed, 2 unconfirmed, 2 held')
    expect(await confirmedCount(campaign.slug)).toBe(8)

    const apply = await postForm(
      `/admin/campaigns/${campaign.slug}/invalidations`,
      { op: 'apply', ipHash, reason: 'flood' },
      session,
    )
    expect(apply.status).toBe(303)
    expect(await confirmedCount(campaign.slug)).toBe(5)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    const { id } = (await env.DB.prepare(
      'select id from invalidations where campaign_id = ? order by id desc limit 1',
    )
      .bind(campaign.id)
      .first<{ id: number }>())!
    const revert = await postForm(`/admin/invalidations/${id}/revert`, {}, session)
    expect(revert.headers.get('location')).toBe(
      `/admin/campaigns/${campaign.slug}/invalidations?done=reverted`,
    )
    expect(await confirmedCount(campaign.slug)).toBe(8)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))

    // A time typed without a zone is UTC; a bad one is refused beside its field.
    const bad = await postForm(
      `/admin/campaigns/${campaign.slug}/invalidations`,
      { op: 'preview', emailDomain: 'spam.example', from: 'yesterday' },
      session,
    )
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('id="inv-from-error"')
    const window = await postForm(
      `/admin/campaigns/${campaign.slug}/invalidations`,
      {
        op: 'preview',
        emailDomain: 'spam.example',
        from: new Date(Date.now() - 3600_000).toISOString().slice(0, 16),
      },
      session,
    )
    expect(await window.text()).toContain('Would invalidate 3')
  })
})
