/**
 * A partner's own widget snippet (`data-partner`) on its page of another site, in a real
 * browser: the widget names the host, offers the partner's separate opt-in with its privacy
 * notice, and a signature made there is credited to the partner in `byPartner`.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { type Platform, startPlatform } from '../../scripts/lib/harness.ts'
import { type PartnerServer, servePartnerPage } from '../../scripts/lib/partner-page.ts'
import { launchBrowser } from './browser.ts'

const SLUG = 'surat-ikramov'
const PARTNER = 'demo-partner'

let platform: Platform
let browser: Browser
let partner: PartnerServer | undefined

before(async () => {
  ;[platform, browser] = await Promise.all([startPlatform(), launchBrowser()])
  // The demo partner is an active partner of this campaign (as its host's owner would add it).
  await platform.db
    .prepare(
      `insert into campaign_partners (campaign_id, organisation_id)
      select c.id, o.id from campaigns c, organisations o where c.slug = ? and o.slug = ?`,
    )
    .bind(SLUG, PARTNER)
    .run()
})

after(async () => {
  await partner?.close()
  await browser?.close()
  await platform?.dispose()
})

async function byPartner(): Promise<Record<string, number>> {
  const res = await fetch(`${platform.url}/api/v1/admin/campaigns/${SLUG}/tallies`, {
    headers: { authorization: `Bearer ${platform.env.ADMIN_TOKEN}` },
  })
  assert.equal(res.status, 200)
  return ((await res.json()) as { byPartner: Record<string, number> }).byPartner
}

async function outboxFor(email: string) {
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${platform.url}/dev/outbox?to=${encodeURIComponent(email)}`)
    const { mails } = (await res.json()) as {
      mails: { subject: string; links: string[]; fromName?: string }[]
    }
    if (mails.length) return mails
    await new Promise((r) => setTimeout(r, 50))
  }
  return []
}

test("a signature through the partner's snippet on its own site counts for the partner", async () => {
  partner = await servePartnerPage({
    platform: platform.url,
    slug: SLUG,
    partner: PARTNER,
    host: '127.0.0.1',
    publicHost: 'localhost',
  })
  assert.notEqual(new URL(partner.url).hostname, new URL(platform.url).hostname)
  const before = (await byPartner())[PARTNER] ?? 0

  const context = await browser.newContext({ locale: 'en-US' })
  try {
    const page = await context.newPage()
    await page.goto(partner.url)
    const iframe = page.locator(`iframe[src^="${platform.url}/embed/${SLUG}"]`)
    await iframe.waitFor()
    assert.match((await iframe.getAttribute('src')) ?? '', /[?&]partner=demo-partner(&|$)/)
    const frame = page.frameLocator('iframe')
    await frame.locator('#w-campaign').waitFor()
    // The host is named, with its privacy notice; the partner has its own, separate opt-in.
    await frame.getByText('Hosted by').waitFor()
    const partnerOptIn = frame.getByLabel(/Keep me informed by Demo Partner NGO/)
    assert.equal(
      await frame.locator('a[href="/organisations/demo-partner/privacy"]').count(),
      1,
      "the partner's privacy notice is linked beside its opt-in",
    )

    const email = `partner.${Date.now()}@example.org`
    await frame.getByLabel('Your name', { exact: true }).fill('Oʻgʻiloy Xoʻjayeva')
    await frame.getByLabel('Email', { exact: true }).fill(email)
    await frame.getByLabel('Country', { exact: true }).selectOption('UZ')
    await partnerOptIn.check()
    await frame.getByLabel(/I agree that Demo Host Organisation .* stores my signature/).check()
    await frame.getByRole('button', { name: 'Sign', exact: true }).click()
    await frame.getByRole('heading', { name: 'Thank you — one more step' }).waitFor()

    const [mail] = await outboxFor(email)
    assert.ok(mail, 'a confirmation mail')
    assert.equal(mail.fromName, 'Demo Host Organisation')
    const confirm = mail.links.find((l) => new URL(l).pathname.startsWith('/confirm/'))
    assert.ok(confirm)
    const confirmed = await fetch(new URL(new URL(confirm).pathname, platform.url), {
      method: 'POST',
    })
    assert.equal(confirmed.status, 200)
  } finally {
    await context.close()
  }

  assert.equal((await byPartner())[PARTNER], before + 1)
  const consent = await platform.db
    .prepare(
      `select c.status from consents c join organisations o on o.id = c.organisation_id
      join signatures s on s.id = c.signature_id
      where o.slug = ? and s.source = 'widget' and s.name = ?`,
    )
    .bind(PARTNER, 'Oʻgʻiloy Xoʻjayeva')
    .first<{ status: string }>()
  assert.equal(consent?.status, 'given')
})
