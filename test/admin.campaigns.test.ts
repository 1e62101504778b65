import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { normaliseEmail } from '../src/domain/email.ts'
import { hmac } from '../src/lib/crypto.ts'
import { adminJson, bearer, login, postForm, type Session } from './admin-helpers.ts'
import {
  apiSign,
  confirmedCount,
  fetchWorker,
  formSign,
  freshIp,
  getJson,
  linkPath,
  mailsTo,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'
import { freshCampaign, kept, recount } from './recount.ts'

let session: Session
beforeAll(async () => {
  session = await login()
})

async function stored(email: string, campaignId?: number) {
  const hash = await hmac(env.EMAIL_PEPPER, normaliseEmail(email))
  return env.DB.prepare(
    `select status from signatures where email_hash = ? ${campaignId ? 'and campaign_id = ?' : ''}`,
  )
    .bind(hash, ...(campaignId ? [campaignId] : []))
    .first<string>('status')
}

const draftCampaign = () =>
  freshCampaign({ status: 'draft', goal: 500, prefix: 'draft', title: 'Draft title' })

const text = {
  title: 'Free Azimzhan Askarov now',
  summary: 'A human rights defender serving a life sentence after an unfair trial.',
  story: 'He documented abuses.\n\nHe was tortured in custody.',
  target: 'President of the Kyrgyz Republic',
  asks: ['Release him', 'Investigate the torture'],
}

describe('running campaigns through the API', () => {
  it('lists every campaign, drafts included, with counts from the tallies', async () => {
    const draft = await draftCampaign()
    const { body } = await getJson<{
      campaigns: { slug: string; status: string; counts: Record<string, number> }[]
    }>('/api/v1/admin/campaigns', { headers: bearer() })
    const found = body.campaigns.find((c) => c.slug === draft.slug)
    expect(found).toMatchObject({ status: 'draft', counts: { confirmed: 0, held: 0 } })
    const { body: pub } = await getJson<{ campaigns: { slug: string }[] }>('/api/v1/campaigns')
    expect(pub.campaigns.map((c) => c.slug)).not.toContain(draft.slug)
  })

  it('edits text per language, the goal and the partner origins', async () => {
    const campaign = await freshCampaign()
    const ru = { ...text, title: 'Свободу Азимжану Аскарову', asks: ['Освободить его'] }
    const res = await adminJson(`/api/v1/admin/campaigns/${campaign.slug}`, 'PATCH', {
      goal: 25000,
      allowedOrigins: [
        'https://partner.example.org/',
        'https://partner.example.org',
        'http://localhost:3000',
      ],
      translations: { en: text, ru },
    })
    expect(res.status).toBe(200)
    const detail = (await res.json()) as Record<string, unknown>
    expect(detail).toMatchObject({
      goal: 25000,
      languages: ['en', 'ru'],
      allowedOrigins: ['https://partner.example.org', 'http://localhost:3000'],
      translations: { en: text, ru },
    })
    const page = await (await fetchWorker(`/campaigns/${campaign.slug}?lang=ru`)).text()
    expect(page).toContain('Свободу Азимжану Аскарову')
    const { body } = await getJson<{ count: { goal: number } }>(
      `/api/v1/campaigns/${campaign.slug}`,
    )
    expect(body.count.goal).toBe(25000)
    const audit = await env.DB.prepare(
      "select actor, detail from audit_log where action = 'campaign.edit' and subject = ?",
    )
      .bind(campaign.slug)
      .first<{ actor: string; detail: string }>()
    expect(audit!.actor).toBe('person:1')
    expect(JSON.parse(audit!.detail)).toMatchObject({ goal: 25000, languages: ['en', 'ru'] })
  })

  it('refuses invalid edits with per-field issues and changes nothing', async () => {
    const campaign = await freshCampaign()
    const cases: [unknown, string][] = [
      [{ goal: 0 }, 'goal'],
      [{ goal: 2.5 }, 'goal'],
      [{ goal: '100' }, 'goal'],
      [{ allowedOrigins: ['https://partner.example.org/embed'] }, 'allowedOrigins.0'],
      [{ allowedOrigins: ['http://partner.example.org'] }, 'allowedOrigins.0'],
      [{ allowedOrigins: ['javascript:alert(1)'] }, 'allowedOrigins.0'],
      [{ translations: { en: { ...text, title: 'Evil\u202Etitle' } } }, 'translations.en.title'],
      [{ translations: { en: { ...text, title: '' } } }, 'translations.en.title'],
      [{ translations: { en: { ...text, asks: [] } } }, 'translations.en.asks'],
      [{ translations: { en: { ...text, story: 'x'.repeat(20001) } } }, 'translations.en.story'],
      [{ translations: { de: text } }, 'translations.de'],
      [{ status: 'open' }, 'status'],
    ]
    for (const [body, field] of cases) {
      const res = await adminJson(`/api/v1/admin/campaigns/${campaign.slug}`, 'PATCH', body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      const json = (await res.json()) as { issues: { field: string }[] }
      expect(json.issues.map((i) => i.field)).toContain(field)
    }
    const row = await env.DB.prepare(
      'select goal, allowed_origins as o, (select title from campaign_translations where campaign_id = campaigns.id) as title from campaigns where id = ?',
    )
      .bind(campaign.id)
      .first()
    expect(row).toEqual({ goal: 1000, o: '[]', title: 'Test campaign' })
    expect(
      (await adminJson('/api/v1/admin/campaigns/no-such-campaign', 'PATCH', { goal: 5 })).status,
    ).toBe(404)
  })

  it('closing answers 410 to new signatures; reopening takes them again', async () => {
    const campaign = await freshCampaign()
    const close = await adminJson(`/api/v1/admin/campaigns/${campaign.slug}/close`, 'POST')
    expect(await close.json()).toEqual({ slug: campaign.slug, status: 'closed', changed: true })
    const row = await env.DB.prepare('select status, closed_at from campaigns where id = ?')
      .bind(campaign.id)
      .first<{ status: string; closed_at: number }>()
    expect(row!.status).toBe('closed')
    expect(row!.closed_at).toBeGreaterThan(Date.now() - 60_000)
    const email = uniqueEmail()
    expect((await apiSign(campaign.slug, validSignature({ email }))).status).toBe(410)
    expect(await stored(email)).toBeNull()
    const form = await formSign(campaign.slug, {
      name: 'A',
      email: uniqueEmail(),
      country: 'GB',
      consent: 'yes',
    })
    expect(form.status).toBe(410)
    // Closing twice changes nothing more.
    const again = await adminJson(`/api/v1/admin/campaigns/${campaign.slug}/close`, 'POST')
    expect(await again.json()).toMatchObject({ changed: false })

    await adminJson(`/api/v1/admin/campaigns/${campaign.slug}/open`, 'POST')
    const reopened = await env.DB.prepare('select status, closed_at from campaigns where id = ?')
      .bind(campaign.id)
      .first()
    expect(reopened).toEqual({ status: 'open', closed_at: null })
    expect((await apiSign(campaign.slug, validSignature())).status).toBe(202)
  })

  it('publishes a draft (opened_at set); a draft cannot be closed', async () => {
    const draft = await draftCampaign()
    expect((await fetchWorker(`/campaigns/${draft.slug}`)).status).toBe(404)
    expect((await adminJson(`/api/v1/admin/campaigns/${draft.slug}/close`, 'POST')).status).toBe(
      409,
    )
    await adminJson(`/api/v1/admin/campaigns/${draft.slug}/open`, 'POST')
    const row = await env.DB.prepare('select status, opened_at from campaigns where id = ?')
      .bind(draft.id)
      .first<{ status: string; opened_at: number }>()
    expect(row!.status).toBe('open')
    expect(row!.opened_at).toBeGreaterThan(Date.now() - 60_000)
    expect((await fetchWorker(`/campaigns/${draft.slug}`)).status).toBe(200)
  })
})

describe('running campaigns through the /admin pages', () => {
  it('shows drafts in the list and saves the edit form', async () => {
    const draft = await draftCampaign()
    const list = await (
      await fetchWorker('/admin/campaigns', { headers: { cookie: session.cookie } })
    ).text()
    expect(list).toContain(draft.slug)
    expect(list).toContain('Publish (open)')
    const edit = await fetchWorker(`/admin/campaigns/${draft.slug}`, {
      headers: { cookie: session.cookie },
    })
    expect(await edit.text()).toContain('value="Draft title"')
    const res = await postForm(
      `/admin/campaigns/${draft.slug}`,
      {
        goal: '750',
        allowedOrigins: 'https://a.example.org\nhttps://b.example.org',
        'translations.en.title': 'Сәлем — a new title',
        'translations.en.summary': 'New summary',
        'translations.en.story': 'New story',
        'translations.en.target': 'New target',
        'translations.en.asks': 'First ask\n\nSecond ask\n',
        'translations.ru.title': '',
      },
      session,
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/admin/campaigns/${draft.slug}?done=saved`)
    const { body } = await getJson<{
      translations: Record<string, { title: string; asks: string[] }>
      goal: number
      allowedOrigins: string[]
    }>(`/api/v1/admin/campaigns/${draft.slug}`, { headers: bearer() })
    expect(body.goal).toBe(750)
    expect(body.allowedOrigins).toEqual(['https://a.example.org', 'https://b.example.org'])
    expect(body.translations.en).toMatchObject({
      title: 'Сәлем — a new title',
      asks: ['First ask', 'Second ask'],
    })
    expect(body.translations.ru).toBeUndefined()
  })

  it('re-renders the form with 422, the values kept and errors beside their fields', async () => {
    const campaign = await freshCampaign()
    const res = await postForm(
      `/admin/campaigns/${campaign.slug}`,
      {
        goal: 'many',
        allowedOrigins: 'ftp://x.example',
        'translations.en.title': 'Kept <b>title</b>',
        'translations.en.summary': 'S',
        'translations.en.story': 'S',
        'translations.en.target': 'T',
        'translations.en.asks': '',
      },
      session,
    )
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('value="Kept &lt;b&gt;title&lt;/b&gt;"')
    expect(html).toContain('id="f-goal-error"')
    expect(html).toContain('id="f-allowedOrigins-error"')
    expect(html).toContain('id="f-translations-en-asks-error"')
    expect(html).toContain('Nothing was saved')
  })

  it('closes and reopens with buttons', async () => {
    const campaign = await freshCampaign()
    const res = await postForm(`/admin/campaigns/${campaign.slug}/close`, {}, session)
    expect(res.headers.get('location')).toBe(`/admin/campaigns/${campaign.slug}?done=closed`)
    expect((await apiSign(campaign.slug, validSignature())).status).toBe(410)
    const page = await (
      await fetchWorker(res.headers.get('location')!, { headers: { cookie: session.cookie } })
    ).text()
    expect(page).toContain('The campaign is closed')
    expect(page).toContain('Reopen')
  })
})

/** Seven signatures from one network on a fresh campaign: five pending, two held. */
async function withHeld() {
  const campaign = await freshCampaign()
  const ip = freshIp()
  const emails = Array.from({ length: 7 }, () => uniqueEmail('held'))
  for (const email of emails)
    await apiSign(campaign.slug, validSignature({ email, country: 'FR' }), ip)
  const { results } = await env.DB.prepare(
    "select id from signatures where campaign_id = ? and status = 'held' order by id",
  )
    .bind(campaign.id)
    .all<{ id: number }>()
  expect(results).toHaveLength(2)
  return { campaign, emails, held: results.map((r) => r.id) }
}

describe('reviewing held signatures', () => {
  it('approve counts one whose email is confirmed, makes the other pending; reject invalidates', async () => {
    const { campaign, emails, held } = await withHeld()
    // The sixth signer confirms their email while held: it still does not count.
    const [mail6] = await mailsTo(emails[5]!)
    await fetchWorker(linkPath(mail6!, 'confirm'), { method: 'POST' })
    expect(await confirmedCount(campaign.slug)).toBe(0)

    const { body } = await getJson<{
      signatures: { id: number; confirmedAt: number | null; emailDomain: string }[]
    }>(`/api/v1/admin/campaigns/${campaign.slug}/held`, { headers: bearer() })
    expect(body.signatures.map((s) => s.id)).toEqual(held)
    expect(body.signatures[0]!.confirmedAt).not.toBeNull()
    expect(body.signatures[1]!.confirmedAt).toBeNull()
    expect(JSON.stringify(body)).not.toContain('@')

    const a = await adminJson(`/api/v1/admin/signatures/${held[0]}/approve`, 'POST')
    expect(await a.json()).toEqual({ id: held[0], status: 'confirmed' })
    expect(await confirmedCount(campaign.slug)).toBe(1)
    const b = await adminJson(`/api/v1/admin/signatures/${held[1]}/approve`, 'POST')
    expect(await b.json()).toEqual({ id: held[1], status: 'pending' })
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    // Now the seventh signer's link confirms and counts.
    const [mail7] = await mailsTo(emails[6]!)
    await fetchWorker(linkPath(mail7!, 'confirm'), { method: 'POST' })
    expect(await confirmedCount(campaign.slug)).toBe(2)
    // Deciding twice is a conflict.
    expect((await adminJson(`/api/v1/admin/signatures/${held[0]}/reject`, 'POST')).status).toBe(409)
    expect((await adminJson('/api/v1/admin/signatures/99999999/approve', 'POST')).status).toBe(404)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
  })

  it('rejects from the review page', async () => {
    const { campaign, held } = await withHeld()
    const page = await fetchWorker(`/admin/review?campaign=${campaign.slug}`, {
      headers: { cookie: session.cookie },
    })
    const html = await page.text()
    expect(html).toContain(`/admin/signatures/${held[0]}/reject`)
    const res = await postForm(
      `/admin/signatures/${held[0]}/reject`,
      { back: campaign.slug },
      session,
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(
      `/admin/review?campaign=${campaign.slug}&done=rejected`,
    )
    const row = await env.DB.prepare('select status from signatures where id = ?')
      .bind(held[0])
      .first<string>('status')
    expect(row).toBe('invalidated')
    await postForm(`/admin/signatures/${held[1]}/approve`, {}, session)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    const actions = await env.DB.prepare(
      "select action from audit_log where subject = ? and action like 'signature.%' order by id",
    )
      .bind(campaign.slug)
      .all<{ action: string }>()
    expect(actions.results.map((r) => r.action)).toEqual(['signature.reject', 'signature.approve'])
  })
})

describe('moderating messages of solidarity', () => {
  async function postMessage(slug: string, body: string) {
    const res = await fetchWorker(`/api/v1/campaigns/${slug}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
      body: JSON.stringify({ name: 'Фарид', body, country: 'AT' }),
    })
    expect(res.status).toBe(202)
    const { body: list } = await getJson<{ messages: { id: number; body: string }[] }>(
      `/api/v1/admin/messages?campaign=${slug}`,
      { headers: bearer() },
    )
    return list.messages.find((m) => m.body === body)!.id
  }

  it('approving shows a message on the campaign page; rejecting takes it down', async () => {
    const campaign = await freshCampaign()
    const body = `Solidarity from Vienna ${crypto.randomUUID().slice(0, 6)}`
    const id = await postMessage(campaign.slug, body)
    const page = () => fetchWorker(`/campaigns/${campaign.slug}`).then((r) => r.text())
    expect(await page()).not.toContain(body)
    const approve = await adminJson(`/api/v1/admin/messages/${id}/approve`, 'POST')
    expect(await approve.json()).toEqual({ id, status: 'approved', changed: true })
    expect(await page()).toContain(body)
    const reject = await adminJson(`/api/v1/admin/messages/${id}/reject`, 'POST')
    expect(await reject.json()).toEqual({ id, status: 'rejected', changed: true })
    expect(await page()).not.toContain(body)
    expect((await adminJson('/api/v1/admin/messages/99999999/approve', 'POST')).status).toBe(404)
    const bad = await fetchWorker('/api/v1/admin/messages?status=deleted', { headers: bearer() })
    expect(bad.status).toBe(400)
  })

  it('approves from the review page', async () => {
    const campaign = await freshCampaign()
    const body = `With you always ${crypto.randomUUID().slice(0, 6)}`
    const id = await postMessage(campaign.slug, body)
    const review = await (
      await fetchWorker('/admin/review', { headers: { cookie: session.cookie } })
    ).text()
    expect(review).toContain(body)
    const res = await postForm(`/admin/messages/${id}/approve`, {}, session)
    expect(res.status).toBe(303)
    expect(await (await fetchWorker(`/campaigns/${campaign.slug}`)).text()).toContain(body)
  })
})

describe('block lists', () => {
  it('a blocked domain’s signature gets 202 but is not stored; unblocking lets it in', async () => {
    const domain = `blocked-${crypto.randomUUID().slice(0, 6)}.example`
    const add = await adminJson('/api/v1/admin/blocklist', 'POST', {
      kind: 'domain',
      value: `@${domain.toUpperCase()}`,
    })
    expect(add.status).toBe(201)
    expect(await add.json()).toEqual({ kind: 'domain', value: domain, added: true })
    const email = `someone@${domain}`
    const res = await apiSign('surat-ikramov', validSignature({ email }))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'pending' })
    expect(await stored(email)).toBeNull()
    const { body } = await getJson<{ entries: { kind: string; value: string }[] }>(
      '/api/v1/admin/blocklist',
      {
        headers: bearer(),
      },
    )
    expect(body.entries).toContainEqual(expect.objectContaining({ kind: 'domain', value: domain }))
    const del = await adminJson('/api/v1/admin/blocklist', 'DELETE', {
      kind: 'domain',
      value: domain,
    })
    expect(del.status).toBe(200)
    expect(
      (await adminJson('/api/v1/admin/blocklist', 'DELETE', { kind: 'domain', value: domain }))
        .status,
    ).toBe(404)
    await apiSign('surat-ikramov', validSignature({ email }))
    expect(await stored(email)).toBe('pending')
  })

  it('blocks a network typed on the page, storing only its hash', async () => {
    const net = '203.0.113.0/24'
    const res = await postForm('/admin/blocklist', { op: 'add', kind: 'ip', value: net }, session)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/blocklist?done=added')
    const email = uniqueEmail()
    expect((await apiSign('surat-ikramov', validSignature({ email }), '203.0.113.77')).status).toBe(
      202,
    )
    expect(await stored(email)).toBeNull()
    // Other networks are unaffected.
    const other = uniqueEmail()
    await apiSign('surat-ikramov', validSignature({ email: other }), '203.0.114.77')
    expect(await stored(other)).toBe('pending')
    const dump = JSON.stringify([
      (await env.DB.prepare('select * from blocklist').all()).results,
      (await env.DB.prepare('select * from audit_log').all()).results,
    ])
    expect(dump).not.toContain('203.0.113')
    const page = await (
      await fetchWorker('/admin/blocklist', { headers: { cookie: session.cookie } })
    ).text()
    expect(page).toContain('IP network')
    expect(page).not.toContain('203.0.113')
    // Typing it again removes it.
    const remove = await postForm(
      '/admin/blocklist',
      { op: 'remove', kind: 'ip', value: '203.0.113.9/24' },
      session,
    )
    expect(remove.headers.get('location')).toBe('/admin/blocklist?done=removed')
    const again = uniqueEmail()
    await apiSign('surat-ikramov', validSignature({ email: again }), '203.0.113.77')
    expect(await stored(again)).toBe('pending')
  })

  it('blocks IPv6 by /64 and /48, and refuses what is not a network', async () => {
    const add = await adminJson('/api/v1/admin/blocklist', 'POST', {
      kind: 'ip',
      value: '2001:db8:77::/48',
    })
    expect(add.status).toBe(201)
    const email = uniqueEmail()
    await apiSign('surat-ikramov', validSignature({ email }), '2001:db8:77:5:1::1')
    expect(await stored(email)).toBeNull()
    for (const value of ['10.0.0.0/8', '2001:db8::/32', 'not-an-ip', '1.2.3.4/24/1', '300.1.1.1']) {
      const res = await adminJson('/api/v1/admin/blocklist', 'POST', { kind: 'ip', value })
      expect(res.status, value).toBe(400)
    }
    expect(
      (await adminJson('/api/v1/admin/blocklist', 'POST', { kind: 'email', value: 'x' })).status,
    ).toBe(400)
    const page = await postForm(
      '/admin/blocklist',
      { op: 'add', kind: 'ip', value: '10.0.0.0/8' },
      session,
    )
    expect(page.status).toBe(422)
    expect(await page.text()).toContain('value="10.0.0.0/8"')
  })
})

describe('the dashboard', () => {
  it('shows per campaign the confirmed count, last 24 h, a day chart and countries, from tallies', async () => {
    const campaign = await freshCampaign()
    await signAndConfirm(campaign.slug, validSignature({ country: 'NO' }))
    await signAndConfirm(campaign.slug, validSignature({ country: 'NO' }))
    await signAndConfirm(campaign.slug, validSignature({ country: 'UZ' }))
    const res = await fetchWorker('/admin', { headers: { cookie: session.cookie } })
    expect(res.status).toBe(200)
    const html = await res.text()
    const card = html.slice(
      html.indexOf(`c-${campaign.slug}-h`),
      html.indexOf('</article>', html.indexOf(`c-${campaign.slug}-h`)),
    )
    expect(card).toMatch(/data-figure="confirmed">3 <span/)
    expect(card).toMatch(/data-figure="last24h">≈ 3/)
    expect(card).toContain('<svg')
    expect(card).toContain('role="img"')
    const today = new Date().toISOString().slice(0, 10)
    expect(card).toContain(`<title>${today}: 3</title>`)
    expect(card).toMatch(/Norway<\/td><td class="num">2</)
    // CSP: nothing inline.
    expect(html).not.toMatch(/<script(?![^>]*src=)/)
    expect(html).not.toContain('style=')
    // The figure is the tally, not a count of rows: a tally nudged by hand shows as such.
    await env.DB.prepare(
      "update tallies set n = n + 1000 where campaign_id = ? and dimension = 'state' and key = 'confirmed'",
    )
      .bind(campaign.id)
      .run()
    const again = await (
      await fetchWorker('/admin', { headers: { cookie: session.cookie } })
    ).text()
    expect(again).toMatch(
      new RegExp(`c-${campaign.slug}-h[\\s\\S]*?data-figure="confirmed">1,003 <span`),
    )
    await env.DB.prepare(
      "update tallies set n = n - 1000 where campaign_id = ? and dimension = 'state' and key = 'confirmed'",
    )
      .bind(campaign.id)
      .run()
  })

  it('renders the other admin pages', async () => {
    for (const path of [
      '/admin/campaigns',
      '/admin/review',
      '/admin/blocklist',
      '/admin/audit',
      '/admin/campaigns/surat-ikramov/invalidations',
    ]) {
      const res = await fetchWorker(path, { headers: { cookie: session.cookie } })
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(html).toContain('<main id="main"')
      expect(html).not.toContain('style=')
    }
    expect(
      (await fetchWorker('/admin/campaigns/nope', { headers: { cookie: session.cookie } })).status,
    ).toBe(404)
  })
})

describe('the editor flow: preview, confirmation, no publishing without asks', () => {
  it('previews a draft as the public would see it, for signed-in organisers only', async () => {
    const draft = await freshCampaign({ status: 'draft', prefix: 'preview', title: 'Preview me' })
    const anonymous = await fetchWorker(`/admin/campaigns/${draft.slug}/preview`, {
      redirect: 'manual',
    })
    expect(anonymous.status).toBe(303)
    expect((await fetchWorker(`/campaigns/${draft.slug}`)).status).toBe(404)
    const res = await fetchWorker(`/admin/campaigns/${draft.slug}/preview`, {
      headers: { cookie: session.cookie },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.text()).toContain('Preview me')
  })

  it('asks for confirmation before Publish and Close', async () => {
    const draft = await freshCampaign({ status: 'draft', prefix: 'confirm' })
    const edit = await (
      await fetchWorker(`/admin/campaigns/${draft.slug}`, { headers: { cookie: session.cookie } })
    ).text()
    expect(edit).toContain(`/admin/campaigns/${draft.slug}/confirm?action=open`)
    expect(edit).not.toContain(`action="/admin/campaigns/${draft.slug}/open"`)
    const confirm = await (
      await fetchWorker(`/admin/campaigns/${draft.slug}/confirm?action=open`, {
        headers: { cookie: session.cookie },
      })
    ).text()
    expect(confirm).toContain(`action="/admin/campaigns/${draft.slug}/open"`)
    const open = await freshCampaign({ prefix: 'confirm-close' })
    const close = await (
      await fetchWorker(`/admin/campaigns/${open.slug}/confirm?action=close`, {
        headers: { cookie: session.cookie },
      })
    ).text()
    expect(close).toContain(`action="/admin/campaigns/${open.slug}/close"`)
  })

  it('refuses to publish while a listed language has no asks (page and API)', async () => {
    const draft = await freshCampaign({ status: 'draft', prefix: 'noasks' })
    await env.DB.prepare(`update campaign_translations set asks = '[]' where campaign_id = ?`)
      .bind(draft.id)
      .run()
    const api = await adminJson(`/api/v1/admin/campaigns/${draft.slug}/open`, 'POST')
    expect(api.status).toBe(422)
    expect(await api.json()).toMatchObject({ error: 'unpublishable' })
    const page = await postForm(`/admin/campaigns/${draft.slug}/open`, {}, session)
    expect(page.status).toBe(422)
    expect(await page.text()).toContain('The en asks are empty.')
    const row = await env.DB.prepare('select status from campaigns where id = ?')
      .bind(draft.id)
      .first<string>('status')
    expect(row).toBe('draft')
  })
})
