import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { hmac, randomToken } from '../src/lib/crypto.ts'
import { documentDigest, type Proof } from '../src/lib/proof.ts'
import { fetchWorker, getJson, ORIGIN, signAndConfirm, validSignature } from './helpers.ts'

const SLUG = 'azimzhan-askarov'
const admin = () => ({ authorization: `Bearer ${env.ADMIN_TOKEN}` })
const tag = () => crypto.randomUUID().slice(0, 6)
const today = () => new Date().toISOString().slice(0, 10)

/** An admin session as the login would leave it: the cookie and the session's CSRF token. */
async function adminSession() {
  const token = randomToken()
  const idHash = await hmac(env.SESSION_SECRET, `admin-session|${token}`)
  const now = Date.now()
  await env.DB.prepare(
    `insert into admin_sessions (id_hash, actor, person_id, created_at, last_seen_at)
    values (?, ?, ?, ?, ?)`,
  )
    .bind(idHash, 'person:1', 1, now, now)
    .run()
  return {
    cookie: `standwith_admin=${token}`,
    csrf: await hmac(env.SESSION_SECRET, `admin-csrf|${idHash}`),
  }
}

async function page(path: string) {
  const { cookie } = await adminSession()
  const res = await fetchWorker(path, { headers: { cookie }, redirect: 'manual' })
  return { res, html: await res.text() }
}

function postDelivery(body: unknown, headers: Record<string, string> = {}) {
  return fetchWorker(`/api/v1/admin/campaigns/${SLUG}/deliveries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...admin(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

const deliveryCount = async () =>
  (await env.DB.prepare('select count(*) as n from deliveries').first<{ n: number }>())!.n

const NAMED = [
  `Азимжан Аскаров ${tag()}`,
  `Oʻgʻiloy Xoʻjayeva ${tag()}`,
  `Sähra Baýramowa ${tag()}`,
]
const UNNAMED = `Not Named ${tag()}`

beforeAll(async () => {
  for (const [i, name] of NAMED.entries()) {
    await signAndConfirm(
      SLUG,
      validSignature({ name, nameInDelivery: true, country: i === 0 ? 'KG' : 'UZ' }),
    )
  }
  for (let i = 0; i < 5; i++) {
    await signAndConfirm(SLUG, validSignature({ name: `${UNNAMED} ${i}`, country: 'FR' }))
  }
})

describe('the delivery pack page of a campaign', () => {
  it('needs an admin session (a redirect to the login page)', async () => {
    const res = await fetchWorker(`/admin/campaigns/${SLUG}/delivery`, { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/admin\/login/)
  })

  it('prints the petition, target, period, total, countries, named signers and the proof', async () => {
    const { res, html } = await page(`/admin/campaigns/${SLUG}/delivery`)
    expect(res.status).toBe(200)
    const { body: doc } = await getJson<{
      confirmed: number
      campaign: { title: string; target: string; asks: string[] }
      byCountry: Record<string, number | string>
      proof: Proof
    }>(`/api/v1/admin/campaigns/${SLUG}/delivery.json?lang=en`, { headers: admin() })
    expect(html).toContain('<link rel="stylesheet" href="/static/print.css"/>')
    expect(html).toContain('Justice for Azimzhan Askarov')
    expect(html).toContain(doc.campaign.target)
    for (const ask of doc.campaign.asks) expect(html).toContain(ask.replace(/'/g, '&#39;'))
    expect(html).toContain(`<strong>${new Intl.NumberFormat('en').format(doc.confirmed)}</strong>`)
    // British style, as an NGO in Brussels writes it: "10 December 2010".
    const longToday = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(new Date())
    expect(html).toContain(longToday)
    // Countries: small cells as "<5", larger ones exact.
    expect(doc.byCountry.UZ).toBe('<5')
    expect(html).toMatch(/<td>Uzbekistan<\/td><td class="n">&lt;5<\/td>/)
    expect(doc.byCountry.FR).toBeGreaterThanOrEqual(5)
    expect(html).toMatch(new RegExp(`<td>France</td><td class="n">${doc.byCountry.FR}</td>`))
    // Names only of those who agreed.
    for (const name of NAMED) expect(html).toContain(name)
    expect(html).not.toContain(UNNAMED)
    // The fingerprint, as the signed JSON beside it has it, and where anyone checks it: the
    // public /verify page, by its address and a QR code. No developer text.
    expect(doc.proof.digest).toBe(await documentDigest(doc))
    expect(html).toContain(doc.proof.digest)
    expect(html).toContain(doc.proof.keyId)
    expect(html).toContain(`Produced on ${longToday}`)
    expect(html).toMatch(/<a href="http:\/\/[^"]+\/verify">[^<]+\/verify<\/a>/)
    expect(html).toMatch(/<svg class="qr" role="img" aria-label="[^"]+"/)
    expect(html).not.toContain('npm run')
    expect(html).not.toContain('--key')
    expect(html).toContain(`href="/api/v1/admin/campaigns/${SLUG}/delivery.json?lang=en"`)
  })

  it('is in Russian with ?lang=ru, and its JSON link keeps the language (same digest)', async () => {
    const { html } = await page(`/admin/campaigns/${SLUG}/delivery?lang=ru`)
    expect(html).toContain('<html lang="ru">')
    expect(html).toContain('Подтверждённых подписей')
    const { body } = await getJson<{ proof: Proof }>(
      `/api/v1/admin/campaigns/${SLUG}/delivery.json?lang=ru`,
      { headers: admin() },
    )
    expect(html).toContain(body.proof.digest)
  })

  it('answers 404 for an unknown campaign', async () => {
    expect((await page('/admin/campaigns/nope/delivery')).res.status).toBe(404)
  })

  it('comes with A4 print rules: margins, no navigation, page breaks before long tables', async () => {
    const res = await env.ASSETS.fetch('http://assets.local/static/print.css')
    expect(res.status).toBe(200)
    const printCss = await res.text()
    expect(printCss).toMatch(/@page\s*{\s*size: A4;\s*margin: 18mm;\s*}/)
    expect(printCss).toMatch(/@media print\s*{[\s\S]*\.pack-nav,[\s\S]*display: none;/)
    expect(printCss).toMatch(/\.page-break\s*{\s*break-before: page;/)
  })
})

describe('the delivery pack page of a defender', () => {
  it('adds up their campaigns with small cells suppressed and lists the named signers', async () => {
    const { res, html } = await page('/admin/defenders/azimzhan-askarov/delivery')
    expect(res.status).toBe(200)
    expect(html).toContain('Azimzhan Askarov')
    expect(html).toContain('Justice for Azimzhan Askarov')
    for (const name of NAMED) expect(html).toContain(name)
    expect(html).toMatch(/<td>Uzbekistan<\/td><td class="n">&lt;5<\/td>/)
    const { body } = await getJson<{ proof: Proof; byCountry: Record<string, unknown> }>(
      '/api/v1/admin/defenders/azimzhan-askarov/delivery.json?lang=en',
      { headers: admin() },
    )
    expect(body.byCountry.UZ).toBe('<5')
    expect(html).toContain(body.proof.digest)
    expect((await page('/admin/defenders/nobody/delivery')).res.status).toBe(404)
  })

  it('in Russian, keeps the name in the nominative and the countries by their own names', async () => {
    const { html } = await page('/admin/defenders/azimzhan-askarov/delivery?lang=ru')
    expect(html).toContain('<html lang="ru">')
    expect(html).toContain('Передача подписей, собранных в кампаниях солидарности:')
    expect(html).not.toContain('в поддержку:')
    expect(html).not.toContain('Киргизия')
    expect(html).toContain('<a href="?lang=en" hreflang="en" lang="en">English</a>')
  })
})

describe('POST /api/v1/admin/campaigns/:slug/deliveries', () => {
  it('needs the admin token', async () => {
    const res = await fetchWorker(`/api/v1/admin/campaigns/${SLUG}/deliveries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliveredOn: today(), recipient: 'x' }),
    })
    expect(res.status).toBe(401)
  })

  it('records a delivery (count and digest default to the pack now), audits it, shows it publicly', async () => {
    const { body: pack } = await getJson<{ confirmed: number; proof: Proof }>(
      `/api/v1/admin/campaigns/${SLUG}/delivery.json`,
      { headers: admin() },
    )
    const recipient = `Embassy of the Kyrgyz Republic, Brussels ${tag()}`
    const res = await postDelivery({ deliveredOn: '2026-11-20', recipient })
    expect(res.status).toBe(201)
    const { delivery } = (await res.json()) as { delivery: Record<string, unknown> }
    expect(delivery).toMatchObject({
      deliveredOn: '2026-11-20',
      recipient,
      count: pack.confirmed,
      digest: pack.proof.digest,
    })
    const audit = await env.DB.prepare(
      "select actor, subject, detail from audit_log where action = 'delivery.record' order by id desc",
    ).first<{ actor: string; subject: string; detail: string }>()
    expect(audit).toMatchObject({ actor: 'person:1', subject: SLUG })
    expect(JSON.parse(audit!.detail)).toMatchObject({ recipient, count: pack.confirmed })
    const html = await (await fetchWorker(`/campaigns/${SLUG}`)).text()
    expect(html).toContain(`Delivered to ${recipient} on 20 November 2026 (${pack.confirmed})`)
    const list = await getJson<{ deliveries: { recipient: string }[] }>(
      `/api/v1/admin/campaigns/${SLUG}/deliveries`,
      { headers: admin() },
    )
    expect(list.body.deliveries.map((d) => d.recipient)).toContain(recipient)
  })

  it('keeps a given count and digest', async () => {
    const digest = 'AB'.repeat(32)
    const res = await postDelivery({
      deliveredOn: today(),
      recipient: 'OSCE ODIHR, Warsaw',
      count: 1234,
      digest,
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      delivery: { count: 1234, digest: digest.toLowerCase() },
    })
  })

  it.each([
    [{ recipient: 'Ministry' }, 'deliveredOn'],
    [{ deliveredOn: '2026-02-30', recipient: 'Ministry' }, 'deliveredOn'],
    [{ deliveredOn: '20.11.2026', recipient: 'Ministry' }, 'deliveredOn'],
    [{ deliveredOn: '2999-01-01', recipient: 'Ministry' }, 'deliveredOn'],
    [{ deliveredOn: '2026-11-20', recipient: '' }, 'recipient'],
    [{ deliveredOn: '2026-11-20', recipient: 'x'.repeat(201) }, 'recipient'],
    [{ deliveredOn: '2026-11-20', recipient: 'Ministry\u202e' }, 'recipient'],
    [{ deliveredOn: '2026-11-20', recipient: 'Ministry', count: -1 }, 'count'],
    [{ deliveredOn: '2026-11-20', recipient: 'Ministry', count: 1.5 }, 'count'],
    [{ deliveredOn: '2026-11-20', recipient: 'Ministry', count: '12' }, 'count'],
    [{ deliveredOn: '2026-11-20', recipient: 'Ministry', digest: 'abc' }, 'digest'],
  ])('refuses %j (field %s) and stores nothing', async (body, field) => {
    const before = await deliveryCount()
    const res = await postDelivery(body)
    expect(res.status).toBe(400)
    const error = (await res.json()) as { error: string; issues: { field: string }[] }
    expect(error.error).toBe('invalid')
    expect(error.issues.map((i) => i.field)).toContain(field)
    expect(await deliveryCount()).toBe(before)
  })

  it('refuses a body that is not JSON', async () => {
    expect(
      (await postDelivery('deliveredOn=2026-11-20', { 'content-type': 'text/plain' })).status,
    ).toBe(415)
    expect((await postDelivery('{oops')).status).toBe(400)
    expect((await postDelivery([1, 2])).status).toBe(400)
  })

  it('answers 404 for an unknown campaign', async () => {
    const res = await fetchWorker('/api/v1/admin/campaigns/nope/deliveries', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin() },
      body: JSON.stringify({ deliveredOn: today(), recipient: 'x' }),
    })
    expect(res.status).toBe(404)
  })
})

describe('the form on the delivery page', () => {
  async function submit(fields: Record<string, string>, session?: { cookie: string }) {
    const s = session ?? (await adminSession())
    return fetchWorker(`/admin/campaigns/${SLUG}/deliveries`, {
      method: 'POST',
      headers: {
        cookie: s.cookie,
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    })
  }

  it('carries the CSRF token, the count and the digest of the pack shown', async () => {
    const { html } = await page(`/admin/campaigns/${SLUG}/delivery`)
    expect(html).toMatch(/<input type="hidden" name="_csrf" value="[^"]+"\/>/)
    expect(html).toContain(`action="/admin/campaigns/${SLUG}/deliveries"`)
    expect(html).toMatch(/name="digest" value="[0-9a-f]{64}"/)
  })

  it('records the delivery and comes back to the pack (303)', async () => {
    const session = await adminSession()
    const recipient = `Ministry of Foreign Affairs ${tag()}`
    const res = await submit(
      { _csrf: session.csrf, deliveredOn: today(), recipient, count: '', digest: '' },
      session,
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/admin/campaigns/${SLUG}/delivery?recorded=1`)
    const row = await env.DB.prepare('select count, digest from deliveries where recipient = ?')
      .bind(recipient)
      .first<{ count: number; digest: string }>()
    expect(row!.digest).toMatch(/^[0-9a-f]{64}$/)
    const back = await fetchWorker(res.headers.get('location')!, {
      headers: { cookie: session.cookie },
    })
    expect(await back.text()).toContain('The delivery was recorded.')
  })

  it('shows the errors beside their fields (422), keeping the values', async () => {
    const session = await adminSession()
    const before = await deliveryCount()
    const res = await submit(
      { _csrf: session.csrf, deliveredOn: 'yesterday', recipient: 'Посольство', count: 'many' },
      session,
    )
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('id="delivery-deliveredOn-error"')
    expect(html).toContain('id="delivery-count-error"')
    expect(html).toContain('value="Посольство"')
    expect(await deliveryCount()).toBe(before)
  })

  it('refuses a form without the CSRF token', async () => {
    const before = await deliveryCount()
    const res = await submit({ deliveredOn: today(), recipient: 'Forged' })
    expect(res.status).toBe(403)
    expect(await deliveryCount()).toBe(before)
  })
})
