import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { normaliseEmail } from '../src/domain/email.ts'
import { hmac } from '../src/lib/crypto.ts'
import {
  apiSign,
  fetchWorker,
  freshIp,
  linkPath,
  mailsTo,
  uniqueEmail,
  validSignature,
} from './helpers.ts'
import { freshCampaign, kept, recount } from './recount.ts'

describe('racing submissions', () => {
  it('50 identical submissions at once leave exactly one row and one count', async () => {
    const campaign = await freshCampaign()
    const email = uniqueEmail('race')
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        apiSign(campaign.slug, validSignature({ email }), freshIp()),
      ),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(202))
    const hash = await hmac(env.EMAIL_PEPPER, normaliseEmail(email))
    const { n } = (await env.DB.prepare('select count(*) as n from signatures where email_hash = ?')
      .bind(hash)
      .first<{ n: number }>())!
    expect(n).toBe(1)
    expect((await kept(campaign.id)).state).toEqual({ pending: 1 })
    // One confirmation mail, not one per submission.
    expect(await mailsTo(email)).toHaveLength(1)
    expect(await mailsTo(email, { atLeast: 2, timeoutMs: 2500 })).toHaveLength(1)
  })

  it('racing confirmations of one signature count it once', async () => {
    const campaign = await freshCampaign()
    const email = uniqueEmail('race')
    await apiSign(campaign.slug, validSignature({ email }))
    const [mail] = await mailsTo(email)
    const path = linkPath(mail!, 'confirm')
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetchWorker(path, { method: 'POST' })),
    )
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    expect((await kept(campaign.id)).state).toEqual({ confirmed: 1 })
  })

  it('racing removals uncount once', async () => {
    const campaign = await freshCampaign()
    const email = uniqueEmail('race')
    await apiSign(campaign.slug, validSignature({ email }))
    const [mail] = await mailsTo(email)
    await fetchWorker(linkPath(mail!, 'confirm'), { method: 'POST' })
    const path = linkPath(mail!, 'remove')
    await Promise.all(Array.from({ length: 20 }, () => fetchWorker(path, { method: 'POST' })))
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    expect((await kept(campaign.id)).state).toEqual({ removed: 1 })
  })
})
