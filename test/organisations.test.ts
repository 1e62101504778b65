/**
 * Organisations in public: the host named on pages, widget, API and mail; privacy notices;
 * partner attribution (active partners only); consent per organisation as evidence, asked for
 * again by mail, withdrawn without removing the signature; the `partner` tally and `byPartner`.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { consentEmailContext } from '../src/db/consents.ts'
import { mailBacklog } from '../src/db/mail.ts'
import { sweepMail } from '../src/jobs/mail-delivery.ts'
import { runRetention } from '../src/jobs/retention.ts'
import { decryptEmail } from '../src/lib/crypto.ts'
import { withSenderName } from '../src/lib/mail/http.ts'
import { forgetCampaign } from '../src/middleware/page-cache/index.ts'
import { adminJson, login } from './admin-helpers.ts'
import {
  apiSign,
  confirmedCount,
  fetchWorker,
  formSign,
  getJson,
  linkPath,
  mailsTo,
  ORIGIN,
  signAndConfirm,
  signAtOnce,
  uniqueEmail,
  validSignature,
} from './helpers.ts'
import { simulation } from './mail-sim.ts'
import { freshCampaign, kept, recount } from './recount.ts'

const HOST_ID = 1

/** A new organisation with a privacy notice in English (version 1). */
async function newOrganisation(name = 'Partner NGO') {
  const slug = `org-${crypto.randomUUID().slice(0, 8)}`
  const row = await env.DB.prepare(
    `insert into organisations (slug, name, url, sender_name) values (?, ?, ?, ?) returning id`,
  )
    .bind(slug, name, `https://${slug}.example.net`, `${name} mail`)
    .first<{ id: number }>()
  const notice = await env.DB.prepare(
    `insert into privacy_notices (organisation_id, lang, version, body) values (?, 'en', 1, ?)
    returning id`,
  )
    .bind(row!.id, `${name} keeps your address until you withdraw.`)
    .first<{ id: number }>()
  return { id: row!.id, slug, name, noticeId: notice!.id }
}

async function addPartner(
  campaign: { id: number; slug: string },
  org: { id: number },
  { status = 'active', listed = true } = {},
) {
  await env.DB.prepare(
    'insert into campaign_partners (campaign_id, organisation_id, status, listed) values (?, ?, ?, ?)',
  )
    .bind(campaign.id, org.id, status, listed ? 1 : 0)
    .run()
  await forgetCampaign(ORIGIN, campaign.slug)
}

/** A campaign hosted by the demo host with partners in every state. */
async function coalition() {
  const campaign = await freshCampaign({ title: 'Coalition campaign' })
  const active = await newOrganisation('Active Partner')
  const unlisted = await newOrganisation('Quiet Partner')
  const suspended = await newOrganisation('Suspended Partner')
  const removed = await newOrganisation('Removed Partner')
  const stranger = await newOrganisation('Stranger NGO')
  await addPartner(campaign, active)
  await addPartner(campaign, unlisted, { listed: false })
  await addPartner(campaign, suspended, { status: 'suspended' })
  await addPartner(campaign, removed, { status: 'removed' })
  return { campaign, active, unlisted, suspended, removed, stranger }
}

async function signatureRow(campaignId: number) {
  return env.DB.prepare(
    `select id, status, partner_id as partnerId, source, host_notice_id as hostNoticeId,
      partner_notice_id as partnerNoticeId, keep_informed_by_partner as kp,
      email_cipher as emailCipher, email_key_id as emailKeyId
    from signatures where campaign_id = ? order by id desc limit 1`,
  )
    .bind(campaignId)
    .first<{
      id: number
      status: string
      partnerId: number | null
      source: string
      hostNoticeId: number | null
      partnerNoticeId: number | null
      kp: number
      emailCipher: string | null
      emailKeyId: string | null
    }>()
}

async function consentsOf(signatureId: number) {
  const { results } = await env.DB.prepare(
    `select organisation_id as organisationId, status, notice_id as noticeId, lang, source,
      email_cipher as emailCipher, email_key_id as emailKeyId, asked_at as askedAt,
      given_at as givenAt, withdrawn_at as withdrawnAt
    from consents where signature_id = ? order by organisation_id`,
  )
    .bind(signatureId)
    .all<{
      organisationId: number
      status: string
      noticeId: number | null
      lang: string
      source: string
      emailCipher: string | null
      emailKeyId: string | null
      askedAt: number
      givenAt: number | null
      withdrawnAt: number | null
    }>()
  return results
}

async function byPartnerOf(slug: string) {
  const { body } = await getJson<{ byPartner: Record<string, number> }>(
    `/api/v1/admin/campaigns/${slug}/tallies`,
    { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } },
  )
  return body.byPartner
}

describe('privacy notices', () => {
  it('shows the newest version in the page language, with its version, in the site layout', async () => {
    const res = await fetchWorker('/organisations/demo-host/privacy')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Privacy notice: Demo Host Organisation')
    expect(html).toContain('Version 1, published')
    expect(html).toContain('example organisation: demo data')
    expect(html).toContain('class="site-header"')
    const ru = await (await fetchWorker('/organisations/demo-host/privacy?lang=ru')).text()
    expect(ru).toContain('ДЕМОНСТРАЦИОННОЕ УВЕДОМЛЕНИЕ')
    expect(ru).toContain('Версия 1')
  })

  it('answers 404 for an unknown organisation', async () => {
    expect((await fetchWorker('/organisations/nobody-here/privacy')).status).toBe(404)
    expect((await fetchWorker('/organisations/%3Cscript%3E/privacy')).status).toBe(404)
  })

  it('falls back to English, shows a newer version once published, and escapes the text', async () => {
    const org = await newOrganisation('<b>Bold</b> & Co')
    await env.DB.prepare(
      `insert into privacy_notices (organisation_id, lang, version, body) values (?, 'en', 2, ?)`,
    )
      .bind(org.id, 'Version two <script>alert(1)</script>')
      .run()
    const html = await (await fetchWorker(`/organisations/${org.slug}/privacy?lang=ru`)).text()
    expect(html).toContain('Версия 2')
    expect(html).toContain('показан оригинал')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; Co')
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('keeps your address until')
  })
})

describe('the host and partners in public', () => {
  it('names the host with its privacy notice on the page, in the consent box and in the widget', async () => {
    const page = await (await fetchWorker('/campaigns/azimzhan-askarov')).text()
    expect(page).toContain('Hosted by')
    expect(page).toContain('Demo Host Organisation (example data — edit me)')
    expect(page).toContain('example organisation: demo data')
    expect(page).toContain('I agree that Demo Host Organisation (example data — edit me) stores')
    expect(page).toContain('href="/organisations/demo-host/privacy"')
    expect(page).toContain('Keep me informed about this campaign by Demo Host')
    // The host's own page offers no partner choice.
    expect(page).not.toContain('name="keepInformedByPartner"')
    expect(page).not.toContain('name="partner"')
    // The release's publisher stays, as provenance only.
    expect(page).toContain('published by')

    const widget = await (await fetchWorker('/embed/azimzhan-askarov')).text()
    expect(widget).toContain('Demo Host Organisation (example data — edit me)')
    expect(widget).toContain('href="/organisations/demo-host/privacy"')
    expect(widget).not.toContain('name="keepInformedByPartner"')
    // The privacy notice it links answers.
    expect((await fetchWorker('/organisations/demo-host/privacy')).status).toBe(200)
  })

  it('lists active listed partners only, on the page and in the API', async () => {
    const { campaign, active, unlisted, suspended, removed } = await coalition()
    const page = await (await fetchWorker(`/campaigns/${campaign.slug}`)).text()
    expect(page).toContain('Active Partner')
    for (const hidden of [unlisted, suspended, removed]) expect(page).not.toContain(hidden.name)

    const { body } = await getJson<{
      organisation: Record<string, string>
      partners: { slug: string; name: string; url: string }[]
    }>(`/api/v1/campaigns/${campaign.slug}`)
    expect(body.organisation).toEqual({
      slug: 'demo-host',
      name: 'Demo Host Organisation (example data — edit me)',
      url: 'https://example.org',
      privacyUrl: `${env.PUBLIC_ORIGIN}/organisations/demo-host/privacy`,
    })
    expect(body.partners).toEqual([
      { slug: active.slug, name: active.name, url: `https://${active.slug}.example.net` },
    ])
    expect(JSON.stringify(body)).not.toContain(unlisted.slug)
  })

  it('offers the partner its own opt-in through ?partner= on the page and the widget, for active partners only', async () => {
    const { campaign, active, unlisted, suspended, removed, stranger } = await coalition()
    for (const path of [`/campaigns/${campaign.slug}`, `/embed/${campaign.slug}`]) {
      const html = await (await fetchWorker(`${path}?partner=${active.slug}`)).text()
      expect(html).toContain(`name="partner" value="${active.slug}"`)
      expect(html).toContain('name="keepInformedByPartner"')
      expect(html).toContain('Keep me informed by Active Partner, by email')
      expect(html).toContain(`href="/organisations/${active.slug}/privacy"`)
      if (path.startsWith('/campaigns/')) {
        // The page's embed snippet is then the partner's own.
        expect(html).toContain(`data-partner=&quot;${active.slug}&quot;`)
      }
      // An unlisted partner's own link still credits it and names it to its signers.
      const quiet = await (await fetchWorker(`${path}?partner=${unlisted.slug}`)).text()
      expect(quiet).toContain(`name="partner" value="${unlisted.slug}"`)
      for (const ignored of [suspended.slug, removed.slug, stranger.slug, 'no-such-org']) {
        const res = await fetchWorker(`${path}?partner=${ignored}`)
        expect(res.status).toBe(200)
        const text = await res.text()
        expect(text).not.toContain('name="keepInformedByPartner"')
        expect(text).not.toContain('name="partner"')
      }
    }
  })
})

describe('signing through a partner', () => {
  it('records the partner, the source and the notice versions shown; inactive partners are ignored', async () => {
    const { campaign, active, suspended, removed, stranger } = await coalition()
    expect(
      (
        await apiSign(
          campaign.slug,
          validSignature({ partner: active.slug, keepInformedByPartner: true }),
        )
      ).status,
    ).toBe(202)
    expect(await signatureRow(campaign.id)).toMatchObject({
      partnerId: active.id,
      source: 'api',
      hostNoticeId: 1,
      partnerNoticeId: active.noticeId,
      kp: 1,
    })
    for (const slug of [suspended.slug, removed.slug, stranger.slug, 'nope', 42]) {
      const res = await apiSign(
        campaign.slug,
        validSignature({ partner: slug, keepInformedByPartner: true }),
      )
      expect(res.status).toBe(202)
      expect(await signatureRow(campaign.id)).toMatchObject({
        partnerId: null,
        partnerNoticeId: null,
        kp: 0,
      })
    }
    // The form on the page and in the widget: their own source, the host's notice in Russian.
    const form = {
      name: 'Азимжан Аскаров',
      email: uniqueEmail(),
      country: 'KG',
      consent: 'yes',
      lang: 'ru',
      partner: active.slug,
    }
    expect((await formSign(campaign.slug, form)).status).toBe(303)
    expect(await signatureRow(campaign.id)).toMatchObject({
      partnerId: active.id,
      source: 'page',
      hostNoticeId: 2,
      kp: 0,
    })
    const widget = await fetchWorker(`/embed/${campaign.slug}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, email: uniqueEmail(), lang: 'en' }).toString(),
      redirect: 'manual',
    })
    expect(widget.status).toBe(200)
    expect(await signatureRow(campaign.id)).toMatchObject({
      partnerId: active.id,
      source: 'widget',
      hostNoticeId: 1,
    })
  })

  it('keeps the form values and the partner when the form comes back with errors', async () => {
    const { campaign, active } = await coalition()
    const res = await formSign(campaign.slug, {
      name: 'Ada',
      email: 'not-an-address',
      country: 'GB',
      consent: 'yes',
      partner: active.slug,
      keepInformedByPartner: 'yes',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(`name="partner" value="${active.slug}"`)
    expect(html).toMatch(/name="keepInformedByPartner" value="yes" checked/)
    const widget = await fetchWorker(`/embed/${campaign.slug}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: 'Ada',
        email: 'x',
        country: 'GB',
        partner: active.slug,
      }).toString(),
    })
    expect(widget.status).toBe(422)
    expect(await widget.text()).toContain(`name="partner" value="${active.slug}"`)
    // A form naming no active partner signs as the host's own.
    const unknown = await formSign(campaign.slug, {
      name: 'Ada',
      email: uniqueEmail(),
      country: 'GB',
      consent: 'yes',
      partner: 'gone-partner',
      keepInformedByPartner: 'yes',
    })
    expect(unknown.status).toBe(303)
    expect(await signatureRow(campaign.id)).toMatchObject({ partnerId: null, kp: 0 })
  })

  it('confirming writes consent evidence per organisation and moves the partner tally', async () => {
    const { campaign, active } = await coalition()
    const email = uniqueEmail('consent')
    const mail = await signAndConfirm(
      campaign.slug,
      validSignature({
        email,
        partner: active.slug,
        keepInformed: true,
        keepInformedByPartner: true,
        lang: 'ru',
      }),
    )
    // The mail is sent and signed in the host's name and names the partner.
    const outbox = (await (
      await fetchWorker(`/dev/outbox?to=${encodeURIComponent(email)}`)
    ).json()) as {
      mails: { fromName: string; text: string }[]
    }
    expect(outbox.mails[0]!.fromName).toBe('Demo Host Organisation')
    expect(mail.text).toContain('— Demo Host Organisation')
    expect(mail.text).toContain('Active Partner')
    expect(mail.links.some((l) => l.includes('/consent/'))).toBe(true)

    const sig = (await signatureRow(campaign.id))!
    const rows = await consentsOf(sig.id)
    expect(rows).toMatchObject([
      { organisationId: HOST_ID, status: 'given', noticeId: 2, lang: 'ru', source: 'api' },
      {
        organisationId: active.id,
        status: 'given',
        noticeId: active.noticeId,
        lang: 'ru',
        source: 'api',
      },
    ])
    for (const row of rows) {
      expect(row.givenAt).toBeGreaterThanOrEqual(row.askedAt)
      // The address, encrypted for that organisation alone.
      expect(row.emailCipher).not.toBe(sig.emailCipher)
      expect(
        await decryptEmail(
          env.EMAIL_KEYS,
          row.emailKeyId!,
          row.emailCipher!,
          consentEmailContext(row.organisationId),
        ),
      ).toBe(email)
      await expect(
        decryptEmail(env.EMAIL_KEYS, row.emailKeyId!, row.emailCipher!, consentEmailContext(999)),
      ).rejects.toThrow()
    }
    expect(await byPartnerOf(campaign.slug)).toEqual({ [active.slug]: 1 })
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))

    // A signer who asked for nothing gives no consent; without a partner the host is credited.
    await signAndConfirm(campaign.slug, validSignature())
    expect(await consentsOf((await signatureRow(campaign.id))!.id)).toEqual([])
    expect(await byPartnerOf(campaign.slug)).toEqual({ 'demo-host': 1, [active.slug]: 1 })
    const overview = await getJson<{ totals: { byPartner: Record<string, number> } }>(
      '/api/v1/admin/tallies',
      { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } },
    )
    expect(overview.body.totals.byPartner[active.slug]).toBe(1)
  })

  it('an invalidation and its revert move the partner tally with the others', async () => {
    const { campaign, active } = await coalition()
    const domain = `spam-${crypto.randomUUID().slice(0, 6)}.example`
    for (let i = 0; i < 2; i++) {
      await signAndConfirm(
        campaign.slug,
        validSignature({ email: `bot${i}@${domain}`, partner: active.slug }),
      )
    }
    await signAndConfirm(campaign.slug, validSignature())
    expect(await byPartnerOf(campaign.slug)).toEqual({ 'demo-host': 1, [active.slug]: 2 })
    const applied = await adminJson(
      `/api/v1/admin/campaigns/${campaign.slug}/invalidations`,
      'POST',
      { emailDomain: domain },
    )
    expect(applied.status).toBe(201)
    expect(await byPartnerOf(campaign.slug)).toEqual({ 'demo-host': 1 })
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    const { id } = (await applied.json()) as { id: number }
    expect((await adminJson(`/api/v1/admin/invalidations/${id}/revert`, 'POST', {})).status).toBe(
      200,
    )
    expect(await byPartnerOf(campaign.slug)).toEqual({ 'demo-host': 1, [active.slug]: 2 })
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
  })

  it('a signer of partner A asking partner B for updates: same 202, same count and credit, B asked by mail to the stored address', async () => {
    const { campaign, active: a } = await coalition()
    const b = await newOrganisation('Second Partner')
    await addPartner(campaign, b)
    const stored = `first.${crypto.randomUUID().slice(0, 6)}@example.org`
    await signAndConfirm(
      campaign.slug,
      validSignature({ email: stored, partner: a.slug, keepInformedByPartner: true }),
    )
    const sig = (await signatureRow(campaign.id))!
    const count = await confirmedCount(campaign.slug)
    const tallies = await kept(campaign.id)

    // The same person, their address written with a +tag, through partner B.
    const typed = stored.replace('@', '+b@')
    const res = await apiSign(
      campaign.slug,
      validSignature({ email: typed, partner: b.slug, keepInformedByPartner: true }),
    )
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'pending' })
    const mails = await mailsTo(stored, { atLeast: 2 })
    const ask = mails.find((m) => m.subject.includes('Second Partner'))!
    expect(ask.subject).toBe('Please confirm: Second Partner may keep you informed')
    expect(ask.to).toBe(stored)
    expect(await mailsTo(typed, { timeoutMs: 200 })).toEqual([])
    expect(await confirmedCount(campaign.slug)).toBe(count)
    expect(await kept(campaign.id)).toEqual(tallies)
    expect((await signatureRow(campaign.id))!.partnerId).toBe(a.id)
    expect((await consentsOf(sig.id)).find((c) => c.organisationId === b.id)?.status).toBe(
      'pending',
    )

    // A scanner's GET changes nothing; the button gives B's consent.
    const link = linkPath(ask, 'consent')
    const page = await fetchWorker(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Yes, Second Partner may keep me informed')
    expect((await consentsOf(sig.id)).find((c) => c.organisationId === b.id)?.status).toBe(
      'pending',
    )
    const given = await fetchWorker(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ organisation: b.slug, action: 'give' }).toString(),
    })
    expect(given.status).toBe(200)
    expect(await given.text()).toContain('Second Partner may now keep you informed')
    const rows = await consentsOf(sig.id)
    expect(rows.map((r) => [r.organisationId, r.status])).toEqual([
      [a.id, 'given'],
      [b.id, 'given'],
    ])
    expect(rows.find((r) => r.organisationId === b.id)).toMatchObject({
      noticeId: b.noticeId,
      source: 'api',
    })
    expect(await confirmedCount(campaign.slug)).toBe(count)
    expect(await kept(campaign.id)).toEqual(tallies)

    // Asking again once given sends nothing more.
    await apiSign(
      campaign.slug,
      validSignature({ email: typed, partner: b.slug, keepInformedByPartner: true }),
    )
    await new Promise((r) => setTimeout(r, 200))
    expect((await mailsTo(stored, { timeoutMs: 0 })).length).toBe(mails.length)
  })

  it('a signer not yet confirmed who signs again through a partner is asked for its consent too', async () => {
    const { campaign, active } = await coalition()
    const stored = uniqueEmail('unconfirmed')
    expect((await apiSign(campaign.slug, validSignature({ email: stored }))).status).toBe(202)
    const again = await apiSign(
      campaign.slug,
      validSignature({
        email: stored.toUpperCase(),
        partner: active.slug,
        keepInformedByPartner: true,
      }),
    )
    expect(again.status).toBe(202)
    const mails = await mailsTo(stored, { atLeast: 2 })
    const ask = mails.find((m) => m.subject.includes('Active Partner'))
    expect(ask?.to).toBe(stored)
    const sig = (await signatureRow(campaign.id))!
    expect(sig).toMatchObject({ status: 'pending', partnerId: null })
    expect(await consentsOf(sig.id)).toMatchObject([
      { organisationId: active.id, status: 'pending' },
    ])
    // A withdrawal link alone (the removal token) cannot give it.
    const confirmMail = mails.find((m) => m.subject.startsWith('Please confirm your signature'))!
    const viaRemoveToken = await fetchWorker(linkPath(confirmMail, 'consent'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ organisation: active.slug, action: 'give' }).toString(),
    })
    expect(viaRemoveToken.status).toBe(200)
    expect(await consentsOf(sig.id)).toMatchObject([{ status: 'pending' }])
    // Confirming the signature counts it for the host and keeps the partner's consent pending
    // until it is given from its own mail.
    await fetchWorker(linkPath(confirmMail, 'confirm'), { method: 'POST' })
    expect(await byPartnerOf(campaign.slug)).toEqual({ 'demo-host': 1 })
    expect(await consentsOf(sig.id)).toMatchObject([{ status: 'pending' }])
    await fetchWorker(linkPath(ask!, 'consent'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ organisation: active.slug, action: 'give' }).toString(),
    })
    expect(await consentsOf(sig.id)).toMatchObject([{ status: 'given' }])
  })

  it('withdrawing one organisation from the mail keeps the signature; removal erases every consent', async () => {
    const { campaign, active } = await coalition()
    const mail = await signAndConfirm(
      campaign.slug,
      validSignature({ partner: active.slug, keepInformed: true, keepInformedByPartner: true }),
    )
    const sig = (await signatureRow(campaign.id))!
    const count = await confirmedCount(campaign.slug)
    const link = linkPath(mail, 'consent')
    const page = await fetchWorker(link)
    const html = await page.text()
    expect(html).toContain('Stop hearing from Active Partner')
    expect(html).toContain('Stop hearing from Demo Host Organisation')
    // GET changed nothing.
    expect((await consentsOf(sig.id)).map((c) => c.status)).toEqual(['given', 'given'])

    const res = await fetchWorker(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ organisation: active.slug, action: 'withdraw' }).toString(),
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Active Partner will no longer contact you')
    const rows = await consentsOf(sig.id)
    expect(rows[0]).toMatchObject({ organisationId: HOST_ID, status: 'given' })
    expect(rows[1]).toMatchObject({
      organisationId: active.id,
      status: 'withdrawn',
      emailCipher: null,
      noticeId: active.noticeId,
    })
    expect(rows[1]!.withdrawnAt).toBeGreaterThan(0)
    expect((await signatureRow(campaign.id))!).toMatchObject({ status: 'confirmed', kp: 0 })
    expect(await confirmedCount(campaign.slug)).toBe(count)
    expect(await byPartnerOf(campaign.slug)).toEqual({ [active.slug]: 1 })

    // The removal link erases the signature and every consent with it.
    expect((await fetchWorker(linkPath(mail, 'remove'), { method: 'POST' })).status).toBe(200)
    expect(await consentsOf(sig.id)).toEqual([])
    expect(await confirmedCount(campaign.slug)).toBe(count - 1)
    expect(await byPartnerOf(campaign.slug)).toEqual({})
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    // The consent link (the remove token) now only says the signature was removed.
    const after = await fetchWorker(link)
    expect(after.status).toBe(200)
    const afterHtml = await after.text()
    expect(afterHtml).toContain('This signature has been removed')
    expect(afterHtml).not.toContain('Stop hearing from')
  })

  it('the embed loader passes data-partner to the widget', async () => {
    const js = await (await fetchWorker('/embed.js')).text()
    expect(js).toContain("params.set('partner', data.partner)")
  })
})

describe('the sender of mail', () => {
  it("is the host's sender name at the platform's address, with nothing that could break the header", () => {
    expect(withSenderName('standwith <no-reply@example.org>', 'Demo Host Organisation')).toBe(
      '"Demo Host Organisation" <no-reply@example.org>',
    )
    expect(withSenderName('no-reply@example.org', 'IPHR "campaigns"\r\nBcc: x@y')).toBe(
      '"IPHR campaignsBcc: x@y" <no-reply@example.org>',
    )
    expect(withSenderName('standwith <no-reply@example.org>', undefined)).toBe(
      'standwith <no-reply@example.org>',
    )
  })
})

describe('retention', () => {
  it('erases the address kept with the host consent once the campaign is closed long enough; the partner consent keeps its own', async () => {
    const { campaign, active } = await coalition()
    await signAndConfirm(
      campaign.slug,
      validSignature({ partner: active.slug, keepInformed: true, keepInformedByPartner: true }),
    )
    const sig = (await signatureRow(campaign.id))!
    await env.DB.prepare("update campaigns set status = 'closed', closed_at = ? where id = ?")
      .bind(Date.now() - 400 * 24 * 3600 * 1000, campaign.id)
      .run()
    const tallies = await kept(campaign.id)
    expect((await runRetention(env)).campaignsAnonymised).toContain(campaign.slug)
    const [host, partner] = await consentsOf(sig.id)
    expect(host).toMatchObject({ organisationId: HOST_ID, status: 'given', emailCipher: null })
    expect(partner).toMatchObject({ organisationId: active.id, status: 'given' })
    expect(partner!.emailCipher).not.toBeNull()
    expect(await kept(campaign.id)).toEqual(tallies)
  })
})

describe('organisations for the organisers', () => {
  it('the dashboard shows confirmed signatures by partner, and delivery packs carry the coalition as letterhead', async () => {
    const { campaign, active, unlisted } = await coalition()
    await signAndConfirm(campaign.slug, validSignature({ partner: active.slug }))
    await signAndConfirm(campaign.slug, validSignature({ partner: unlisted.slug }))
    await signAndConfirm(campaign.slug, validSignature())
    const session = await login()
    const dashboard = await (
      await fetchWorker('/admin', { headers: { cookie: session.cookie } })
    ).text()
    const card = dashboard.slice(dashboard.indexOf(`/admin/campaigns/${campaign.slug}"`))
    expect(card).toMatch(
      new RegExp(`data-partner="${active.slug}"><td>Active Partner</td><td class="num">1<`),
    )
    expect(card).toContain('data-partner="demo-host"')

    const pack = await fetchWorker(`/admin/campaigns/${campaign.slug}/delivery`, {
      headers: { cookie: session.cookie },
    })
    const html = await pack.text()
    expect(html).toContain('Delivered by')
    expect(html).toContain('Demo Host Organisation (example data — edit me)')
    expect(html).toContain('Active Partner')
    // An unlisted partner is credited but never named outside.
    expect(html).not.toContain(unlisted.name)
    const { body } = await getJson<{ organisations: unknown }>(
      `/api/v1/admin/campaigns/${campaign.slug}/delivery.json`,
      { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } },
    )
    expect(body.organisations).toEqual({
      hosts: [
        {
          name: 'Demo Host Organisation (example data — edit me)',
          url: 'https://example.org',
          demo: true,
        },
      ],
      partners: [
        { name: 'Active Partner', url: `https://${active.slug}.example.net`, demo: false },
      ],
    })
  })
})

describe('the mail asking for a partner’s consent is never lost', () => {
  it('the Worker killed right after the 202, then the provider down for an hour: the sweep and the retries deliver it once, and its link works', async () => {
    const campaign = await freshCampaign({ title: 'Durable consent campaign' })
    const partner = await newOrganisation('Durable Partner')
    await addPartner(campaign, partner)
    const stored = uniqueEmail('durable')
    await signAndConfirm(campaign.slug, validSignature({ email: stored }))

    const sim = simulation()
    const start = sim.clock.t
    // Signing again through the partner; the Worker dies before its queue send.
    sim.queue.accepting = false
    const statuses = await signAtOnce(
      campaign.slug,
      [validSignature({ email: stored, partner: partner.slug, keepInformedByPartner: true })],
      sim.env,
    )
    expect(statuses).toEqual([202])
    sim.queue.accepting = true
    expect(sim.queue.items).toHaveLength(0)
    // The mail is owed in D1: the sweep queues it once its grace is over; the provider is down.
    sim.provider.answer = (at) => (at < start + 60 * 60_000 ? 503 : 200)
    sim.clock.t += 31_000
    expect(await sweepMail(sim.env, sim.clock.t)).toBeGreaterThanOrEqual(1)
    await sim.queue.drain(sim.consume)
    const asks = sim.provider.mails.filter((m) => m.to === stored)
    expect(asks).toHaveLength(1)
    expect(asks[0]!.subject).toBe('Please confirm: Durable Partner may keep you informed')
    const tries = sim.provider.calls.filter((c) => c.to.includes(stored))
    expect(tries.length).toBeGreaterThan(2)
    expect(new Set(tries.map((c) => c.key)).size).toBe(1)

    // Later sweeps queue it no more.
    sim.clock.t += 10 * 60_000
    await sweepMail(sim.env, sim.clock.t)
    await sim.queue.drain(sim.consume)
    expect(sim.provider.mails.filter((m) => m.to === stored)).toHaveLength(1)

    // Its link gives the partner's consent.
    const link = linkPath(asks[0]!, 'consent')
    expect(await (await fetchWorker(link)).text()).toContain(
      'Yes, Durable Partner may keep me informed',
    )
    const given = await fetchWorker(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ organisation: partner.slug, action: 'give' }).toString(),
    })
    expect(await given.text()).toContain('Durable Partner may now keep you informed')
  })

  it('a consent mail the provider refuses is given up without holding up the rest', async () => {
    const campaign = await freshCampaign({ title: 'Refused consent campaign' })
    const partner = await newOrganisation('Refused Partner')
    await addPartner(campaign, partner)
    const stored = uniqueEmail('refused')
    await signAndConfirm(campaign.slug, validSignature({ email: stored }))
    const sim = simulation()
    const givenUpBefore = (await mailBacklog(env.DB)).givenUp.count
    sim.provider.answer = (_at, mails) => (mails.some((m) => m.to === stored) ? 422 : 200)
    await signAtOnce(
      campaign.slug,
      [validSignature({ email: stored, partner: partner.slug, keepInformedByPartner: true })],
      sim.env,
    )
    const fresh = uniqueEmail('fresh')
    await signAtOnce(campaign.slug, [validSignature({ email: fresh })], sim.env)
    await sim.queue.drain(sim.consume)
    expect(sim.provider.countsFor([stored, fresh])).toEqual([0, 1])
    const row = await env.DB.prepare(
      `select c.mail_state as state from consents c join signatures s on s.id = c.signature_id
      where s.campaign_id = ? and c.organisation_id = ?`,
    )
      .bind(campaign.id, partner.id)
      .first<{ state: string }>()
    expect(row).toEqual({ state: 'failed' })
    // Listed as given up on /admin with the confirmation mails given up.
    expect((await mailBacklog(env.DB)).givenUp.count).toBe(givenUpBefore + 1)
  })
})
