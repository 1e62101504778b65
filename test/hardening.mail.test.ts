/**
 * Mail about an existing signature goes to the address stored with it, never to a variant just
 * typed (issue 13, item 9).
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { apiSign, mailsTo, validSignature } from './helpers.ts'
import { freshCampaign } from './recount.ts'

describe('signing again with a variant of a stored address', () => {
  it('mails the stored address, not the variant', async () => {
    const campaign = await freshCampaign()
    const local = `k${crypto.randomUUID().slice(0, 8)}`
    const stored = `${local}@example.org`
    // U+212A KELVIN SIGN lower-cases to "k": the same signer for deduplication.
    const variant = `\u212a${local.slice(1)}@example.org`
    expect((await apiSign(campaign.slug, validSignature({ email: stored }))).status).toBe(202)
    expect(await mailsTo(stored)).toHaveLength(1)
    // Past the resend pause (src/db/mail.ts), so signing again owes a fresh mail.
    const age = () =>
      env.DB.prepare(
        `update signatures set mail_owed_at = coalesce(mail_owed_at, created_at) - 3600000
        where campaign_id = ?`,
      )
        .bind(campaign.id)
        .run()
    await age()
    let expected = 1
    for (const typed of [variant, stored.toUpperCase()]) {
      expect((await apiSign(campaign.slug, validSignature({ email: typed }))).status).toBe(202)
      expected++
      await mailsTo(stored, { atLeast: expected })
      await age()
    }
    // The outbox filter ignores case, so look at each mail's exact recipient.
    const mails = await mailsTo(stored, { atLeast: 3 })
    expect(mails).toHaveLength(3)
    expect(mails.map((m) => m.to)).toEqual([stored, stored, stored])
  })
})
