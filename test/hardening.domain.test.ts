/**
 * Email domains at rest (issue 13, item 6): a signature keeps its email domain only keyed;
 * rows from before are keyed by the daily job; block lists and invalidations by domain work
 * for both; removal and anonymisation erase it.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { runRetention } from '../src/jobs/retention.ts'
import { emailDomainKey } from '../src/lib/crypto.ts'
import { adminJson } from './admin-helpers.ts'
import { apiSign, fetchWorker, linkPath, mailsTo, validSignature } from './helpers.ts'
import { freshCampaign } from './recount.ts'

const tag = () => crypto.randomUUID().slice(0, 8)

async function rowsOf(campaignId: number) {
  const { results } = await env.DB.prepare(
    'select * from signatures where campaign_id = ? order by id',
  )
    .bind(campaignId)
    .all<Record<string, unknown>>()
  return results
}

function preview(slug: string, emailDomain: string) {
  return adminJson(`/api/v1/admin/campaigns/${slug}/invalidations`, 'POST', {
    emailDomain,
    dryRun: true,
  })
}

describe('a signature', () => {
  it('stores its email domain only keyed', async () => {
    const campaign = await freshCampaign()
    const domain = `ada-${tag()}.example`
    expect((await apiSign(campaign.slug, validSignature({ email: `ada@${domain}` }))).status).toBe(
      202,
    )
    const [row] = await rowsOf(campaign.id)
    expect(JSON.stringify(row)).not.toContain(domain)
    expect(row?.email_domain_key).toBe(await emailDomainKey(env.EMAIL_PEPPER, domain))
    // Invalidations by domain still find it, however the organiser types the domain.
    const res = await preview(campaign.slug, domain.toUpperCase())
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ dryRun: true, matched: { pending: 1 } })
  })

  it('is blocked by a domain on the block list', async () => {
    const campaign = await freshCampaign()
    const domain = `blocked-${tag()}.example`
    await env.DB.prepare("insert into blocklist (kind, value) values ('domain', ?)")
      .bind(domain)
      .run()
    expect((await apiSign(campaign.slug, validSignature({ email: `x@${domain}` }))).status).toBe(
      202,
    )
    expect(await rowsOf(campaign.id)).toHaveLength(0)
  })

  it('loses its domain key when removed', async () => {
    const campaign = await freshCampaign()
    const body = validSignature({ email: `gone@gone-${tag()}.example` })
    await apiSign(campaign.slug, body)
    const [mail] = await mailsTo(String(body.email))
    await fetchWorker(linkPath(mail!, 'remove'), { method: 'POST' })
    const [row] = await rowsOf(campaign.id)
    expect(row).toMatchObject({ status: 'removed', email_domain: null, email_domain_key: null })
  })
})

describe('rows stored before domains were keyed', () => {
  it('are found by domain, keyed by the daily job, and erased with the rest on anonymisation', async () => {
    const campaign = await freshCampaign()
    const domain = `legacy-${tag()}.example`
    await apiSign(campaign.slug, validSignature({ email: `old@${domain}` }))
    // As a row written before migration 0003: the domain in clear, no key.
    await env.DB.prepare(
      'update signatures set email_domain = ?, email_domain_key = null where campaign_id = ?',
    )
      .bind(domain, campaign.id)
      .run()
    expect(await (await preview(campaign.slug, domain)).json()).toMatchObject({
      matched: { pending: 1 },
    })
    await runRetention(env)
    const [row] = await rowsOf(campaign.id)
    expect(row?.email_domain).toBeNull()
    expect(row?.email_domain_key).toBe(await emailDomainKey(env.EMAIL_PEPPER, domain))
    expect(await (await preview(campaign.slug, domain)).json()).toMatchObject({
      matched: { pending: 1 },
    })
    // Anonymisation of a long-closed campaign erases the key too.
    await env.DB.prepare("update campaigns set status = 'closed', closed_at = 1 where id = ?")
      .bind(campaign.id)
      .run()
    await runRetention(env)
    const [after] = await rowsOf(campaign.id)
    expect(after?.email_domain_key ?? null).toBeNull()
  })
})
