/**
 * The organisation model from the organisers' side: sign-in by emailed one-time link, people
 * and roles, API tokens, organisations and partners, each organisation's own supporters, the
 * partner's own tally, and an audit log that names the person or token.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { encryptEmail, sha256Hex } from '../src/lib/crypto.ts'
import { consentEmailContext } from '../src/services/admin/exports.ts'
import { adminJson, csrfIn, postForm, sessionCookie } from './admin-helpers.ts'
import {
  fetchWorker,
  freshIp,
  mailsTo,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'

const SLUG = 'azimzhan-askarov'
const uid = () => crypto.randomUUID().slice(0, 8)

async function json<T = Record<string, unknown>>(res: Response) {
  return (await res.json()) as T
}

function api(token: string, path: string, method = 'GET', body?: unknown) {
  return fetchWorker(`/api/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

async function tokenFor(organisation: string, role: string) {
  const res = await adminJson('/api/v1/admin/tokens', 'POST', {
    name: `${organisation} ${role}`,
    role,
    organisation,
  })
  expect(res.status).toBe(201)
  return json<{ id: number; token: string }>(res)
}

/** Asks for a sign-in link on the login page. */
function askForLink(email: string) {
  return postForm('/admin/login', { email }, null, { 'cf-connecting-ip': freshIp() })
}

function linkIn(mail: { links: string[] }) {
  const link = mail.links.find((l) => new URL(l).pathname.startsWith('/admin/login/'))
  if (!link) throw new Error('no sign-in link')
  return new URL(link).pathname
}

async function invite(role = 'editor', organisation?: string) {
  const email = uniqueEmail('organiser')
  const res = await adminJson('/api/v1/admin/people', 'POST', {
    name: `Organiser ${uid()}`,
    email,
    role,
    ...(organisation ? { organisation } : {}),
  })
  expect(res.status).toBe(201)
  const person = await json<{ id: number; role: string; organisation: string }>(res)
  return { ...person, email }
}

/** Opens a sign-in link as a browser would: the page, then its button. */
async function signInWith(path: string) {
  const page = await fetchWorker(path)
  expect(page.status).toBe(200)
  return postForm(path, {}, null, { 'cf-connecting-ip': freshIp() })
}

describe('sign-in by an emailed one-time link', () => {
  it('invites a person, mails a link, and signs them in once from it', async () => {
    const person = await invite('moderator')
    const [mail] = await mailsTo(person.email)
    expect(mail!.subject).toContain('sign-in link')
    expect(mail!.text).toContain('as moderator')
    const path = linkIn(mail!)
    // Stored only as its SHA-256.
    const token = path.split('/').pop()!
    const row = await env.DB.prepare(
      'select person_id as personId from login_links where token_hash = ?',
    )
      .bind(await sha256Hex(token))
      .first<{ personId: number }>()
    expect(row?.personId).toBe(person.id)
    const dump = JSON.stringify((await env.DB.prepare('select * from login_links').all()).results)
    expect(dump).not.toContain(token)
    // Opening the link (a mail scanner) signs nobody in; its button does.
    const res = await signInWith(path)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin')
    const cookie = sessionCookie(res)!
    const dash = await fetchWorker('/admin', { headers: { cookie } })
    expect(dash.status).toBe(200)
    // The session acts as that person: a moderator sees review, not people.
    expect((await fetchWorker('/admin/review', { headers: { cookie } })).status).toBe(200)
    expect((await fetchWorker('/admin/people', { headers: { cookie } })).status).toBe(403)
    // Single use.
    const again = await postForm(path, {}, null, { 'cf-connecting-ip': freshIp() })
    expect(again.status).toBe(410)
    expect(sessionCookie(again)).toBeNull()
    const login = await env.DB.prepare(
      "select actor, organisation_id as org from audit_log where action = 'session.login' order by id desc limit 1",
    ).first<{ actor: string; org: number }>()
    expect(login).toEqual({ actor: `person:${person.id}`, org: 1 })
  })

  it('lets a person ask for a link, and answers the same for an unknown address', async () => {
    const person = await invite('officer')
    await mailsTo(person.email)
    const known = await askForLink(person.email)
    const stranger = uniqueEmail('stranger')
    const unknown = await askForLink(stranger)
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    const [a, b] = [await known.text(), await unknown.text()]
    expect(a).toBe(b)
    expect(a).toContain('If this address belongs to an organiser')
    expect(a).not.toContain(person.email)
    const mails = await mailsTo(person.email, { atLeast: 2 })
    expect(mails).toHaveLength(2)
    expect(await mailsTo(stranger, { atLeast: 1, timeoutMs: 300 })).toHaveLength(0)
    expect((await signInWith(linkIn(mails[0]!))).status).toBe(303)
  })

  it('refuses a link after 15 minutes', async () => {
    const person = await invite('editor')
    const [mail] = await mailsTo(person.email)
    await env.DB.prepare('update login_links set expires_at = ? where person_id = ?')
      .bind(Date.now() - 1000, person.id)
      .run()
    const res = await postForm(linkIn(mail!), {}, null, { 'cf-connecting-ip': freshIp() })
    expect(res.status).toBe(410)
    expect(await res.text()).toContain('expired or was already used')
  })

  it('ends the sessions of a removed person, and their links stop working', async () => {
    const person = await invite('editor')
    const [mail] = await mailsTo(person.email)
    const cookie = sessionCookie(await signInWith(linkIn(mail!)))!
    expect((await fetchWorker('/admin', { headers: { cookie } })).status).toBe(200)
    const removed = await adminJson(`/api/v1/admin/people/${person.id}`, 'DELETE')
    expect(removed.status).toBe(200)
    const after = await fetchWorker('/admin', { headers: { cookie }, redirect: 'manual' })
    expect(after.status).toBe(303)
    await askForLink(person.email)
    expect(await mailsTo(person.email, { atLeast: 2, timeoutMs: 500 })).toHaveLength(1)
  })
})

describe('people and roles', () => {
  it('changes a role, which holds at once', async () => {
    const person = await invite('editor')
    const [mail] = await mailsTo(person.email)
    const cookie = sessionCookie(await signInWith(linkIn(mail!)))!
    expect((await fetchWorker('/admin/review', { headers: { cookie } })).status).toBe(403)
    const res = await adminJson(`/api/v1/admin/people/${person.id}`, 'PATCH', { role: 'moderator' })
    expect(res.status).toBe(200)
    expect((await fetchWorker('/admin/review', { headers: { cookie } })).status).toBe(200)
  })

  it('keeps an owner: the last one cannot be demoted or removed', async () => {
    const demote = await adminJson('/api/v1/admin/people/1', 'PATCH', { role: 'editor' })
    expect(demote.status).toBe(409)
    expect((await adminJson('/api/v1/admin/people/1', 'DELETE')).status).toBe(409)
  })

  it('refuses an address that already has a role (409), and lists people without addresses', async () => {
    const person = await invite('editor')
    const again = await adminJson('/api/v1/admin/people', 'POST', {
      name: 'Someone',
      email: person.email,
      role: 'owner',
    })
    expect(again.status).toBe(409)
    const list = await json<{ people: { id: number; name: string; role: string }[] }>(
      await adminJson('/api/v1/admin/people', 'GET'),
    )
    expect(list.people.find((p) => p.id === person.id)?.role).toBe('editor')
    expect(JSON.stringify(list)).not.toContain('@')
    const stored = JSON.stringify((await env.DB.prepare('select * from people').all()).results)
    expect(stored).not.toContain(person.email)
  })
})

describe('API tokens', () => {
  it('are shown once, stored as a hash, act with their role, and stop when revoked', async () => {
    const { id, token } = await tokenFor('demo-host', 'officer')
    expect(token).toMatch(/^swt_[A-Za-z0-9_-]{43}$/)
    const row = await env.DB.prepare('select token_hash as h from api_tokens where id = ?')
      .bind(id)
      .first<{ h: string }>()
    expect(row!.h).toBe(await sha256Hex(token))
    const list = await (await adminJson('/api/v1/admin/tokens', 'GET')).text()
    expect(list).toContain(`"id":${id}`)
    expect(list).not.toContain(token)
    expect(list).not.toContain(row!.h)
    expect((await api(token, `/campaigns/${SLUG}/tallies`)).status).toBe(200)
    const edit = await api(token, `/campaigns/${SLUG}`, 'PATCH', { goal: 1234 })
    expect(edit.status).toBe(403)
    expect(await edit.json()).toMatchObject({ error: 'forbidden' })
    expect((await adminJson(`/api/v1/admin/tokens/${id}`, 'DELETE')).status).toBe(200)
    expect((await api(token, `/campaigns/${SLUG}/tallies`)).status).toBe(401)
  })

  it('are created only by an owner, for an organisation they own', async () => {
    const editor = await tokenFor('demo-host', 'editor')
    const body = { name: 'x', role: 'owner', organisation: 'demo-host' }
    expect((await api(editor.token, '/tokens', 'POST', body)).status).toBe(403)
    const partnerOwner = await tokenFor('demo-partner', 'owner')
    expect((await api(partnerOwner.token, '/tokens', 'POST', body)).status).toBe(403)
    const own = { ...body, organisation: 'demo-partner' }
    expect((await api(partnerOwner.token, '/tokens', 'POST', own)).status).toBe(201)
  })

  it('name the token in the audit log, with its organisation', async () => {
    const { id, token } = await tokenFor('demo-host', 'moderator')
    const value = `audit-${uid()}.example`
    expect((await api(token, '/blocklist', 'POST', { kind: 'domain', value })).status).toBe(201)
    const row = await env.DB.prepare(
      'select actor, organisation_id as org from audit_log where detail like ?',
    )
      .bind(`%${value}%`)
      .first<{ actor: string; org: number }>()
    expect(row).toEqual({ actor: `token:${id}`, org: 1 })
    const entries = await json<{ entries: { actor: string; actorName: string }[] }>(
      await adminJson('/api/v1/admin/audit', 'GET'),
    )
    expect(entries.entries.find((e) => e.actor === `token:${id}`)?.actorName).toBe(
      'demo-host moderator',
    )
  })
})

describe('organisations and partners', () => {
  it('creates an organisation with version 1 of its notices; the sender name defaults to its name', async () => {
    const slug = `ngo-${uid()}`
    const res = await adminJson('/api/v1/admin/organisations', 'POST', {
      slug,
      name: 'Coalition NGO',
      url: 'https://coalition.example',
      privacyNotice: { en: 'We hold your data.', ru: 'Мы храним ваши данные.' },
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      slug,
      name: 'Coalition NGO',
      senderName: 'Coalition NGO',
    })
    const notices = await env.DB.prepare(
      `select n.lang, n.version, n.body from privacy_notices n join organisations o
      on o.id = n.organisation_id where o.slug = ? order by n.lang`,
    )
      .bind(slug)
      .all()
    expect(notices.results).toEqual([
      { lang: 'en', version: 1, body: 'We hold your data.' },
      { lang: 'ru', version: 1, body: 'Мы храним ваши данные.' },
    ])
    const dup = await adminJson('/api/v1/admin/organisations', 'POST', {
      slug,
      name: 'Again',
      url: 'https://again.example',
      privacyNotice: { en: 'x' },
    })
    expect(dup.status).toBe(409)
    const bad = await adminJson('/api/v1/admin/organisations', 'POST', { slug: 'Bad Slug' })
    expect(bad.status).toBe(400)
  })

  it('adds a partner (active, listed by default), suspends, unlists and removes it', async () => {
    const org = `partner-${uid()}`
    await adminJson('/api/v1/admin/organisations', 'POST', {
      slug: org,
      name: 'A partner',
      url: 'https://partner.example',
      privacyNotice: { en: 'Notice.' },
    })
    const path = `/api/v1/admin/campaigns/${SLUG}/partners`
    const added = await adminJson(path, 'POST', { organisation: org })
    expect(added.status).toBe(201)
    const partner = await json<{ status: string; listed: boolean; snippet: string }>(added)
    expect(partner).toMatchObject({ status: 'active', listed: true })
    expect(partner.snippet).toContain(`data-campaign="${SLUG}"`)
    expect(partner.snippet).toContain(`data-partner="${org}"`)
    const suspended = await adminJson(`${path}/${org}`, 'PATCH', { status: 'suspended' })
    expect(await suspended.json()).toMatchObject({ status: 'suspended', listed: true })
    const unlisted = await adminJson(`${path}/${org}`, 'PATCH', { listed: false })
    expect(await unlisted.json()).toMatchObject({ status: 'suspended', listed: false })
    const removed = await adminJson(`${path}/${org}`, 'DELETE')
    expect(await removed.json()).toMatchObject({ status: 'removed' })
    expect((await adminJson(`${path}/nobody-${uid()}`, 'DELETE')).status).toBe(404)
    const self = await adminJson(path, 'POST', { organisation: 'demo-host' })
    expect(self.status).toBe(400)
  })

  it('shows each partner its own snippet on the partners page', async () => {
    await adminJson(`/api/v1/admin/campaigns/${SLUG}/partners`, 'POST', {
      organisation: 'demo-partner',
    })
    const login = await postForm('/admin/login', { token: env.ADMIN_TOKEN }, null, {
      'cf-connecting-ip': freshIp(),
    })
    const cookie = sessionCookie(login)!
    const page = await fetchWorker(`/admin/campaigns/${SLUG}/partners`, { headers: { cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('data-partner=&quot;demo-partner&quot;')
    expect(csrfIn(html)).toBeTruthy()
  })
})

describe("each organisation's supporters and tally", () => {
  const emails = { host: '', partner: '', both: '', none: '' }
  let hostOfficer = ''
  let partnerOfficer = ''
  let partnerOwner = ''
  let hostModerator = ''

  beforeAll(async () => {
    await adminJson(`/api/v1/admin/campaigns/${SLUG}/partners`, 'POST', {
      organisation: 'demo-partner',
    })
    for (const key of Object.keys(emails) as (keyof typeof emails)[]) {
      emails[key] = uniqueEmail(`supporter-${key}`)
      await signAndConfirm(SLUG, validSignature({ email: emails[key], name: `Signer ${key}` }))
    }
    const campaign = (await env.DB.prepare('select id from campaigns where slug = ?')
      .bind(SLUG)
      .first<{ id: number }>())!
    // Consents as confirmation records them: the host's from the signature's address, the
    // partner's with its own sealed copy.
    const give = async (email: string, organisationId: number, own: boolean) => {
      const sig = (await env.DB.prepare(
        'select id from signatures where campaign_id = ? and name = ? order by id desc limit 1',
      )
        .bind(campaign.id, `Signer ${Object.entries(emails).find(([, e]) => e === email)![0]}`)
        .first<{ id: number }>())!
      const sealed = own
        ? await encryptEmail(env.EMAIL_KEYS, email, consentEmailContext(organisationId))
        : null
      await env.DB.prepare(
        `insert into consents (signature_id, organisation_id, status, lang, source, asked_at,
          given_at, email_cipher, email_key_id) values (?, ?, 'given', 'en', 'api', ?, ?, ?, ?)
        on conflict do nothing`,
      )
        .bind(
          sig.id,
          organisationId,
          Date.now(),
          Date.now(),
          sealed?.cipher ?? null,
          sealed?.keyId ?? null,
        )
        .run()
    }
    await give(emails.host, 1, false)
    await give(emails.partner, 2, true)
    await give(emails.both, 1, false)
    await give(emails.both, 2, true)
    await env.DB.prepare(
      `insert into tallies (campaign_id, dimension, key, n) values (?, 'partner', '2', 7)
      on conflict do update set n = 7`,
    )
      .bind(campaign.id)
      .run()
    hostOfficer = (await tokenFor('demo-host', 'officer')).token
    hostModerator = (await tokenFor('demo-host', 'moderator')).token
    partnerOfficer = (await tokenFor('demo-partner', 'officer')).token
    partnerOwner = (await tokenFor('demo-partner', 'owner')).token
  })

  const csv = async (token: string, query = '') => {
    const res = await api(token, `/campaigns/${SLUG}/supporters.csv${query}`)
    return { status: res.status, text: await res.text() }
  }

  it("gives the host's officer only those who chose the host", async () => {
    const { status, text } = await csv(hostOfficer)
    expect(status).toBe(200)
    expect(text).toContain(emails.host)
    expect(text).toContain(emails.both)
    expect(text).not.toContain(emails.partner)
    expect(text).not.toContain(emails.none)
  })

  it("gives the partner's officer only its own supporters, and a 403 on the host's", async () => {
    for (const token of [partnerOfficer, partnerOwner]) {
      const { status, text } = await csv(token)
      expect(status).toBe(200)
      expect(text).toContain(emails.partner)
      expect(text).toContain(emails.both)
      expect(text).not.toContain(emails.host)
      expect(text).not.toContain(emails.none)
    }
    expect((await csv(partnerOfficer, '?organisation=demo-partner')).status).toBe(200)
    expect((await csv(partnerOfficer, '?organisation=demo-host')).status).toBe(403)
    expect((await csv(hostOfficer, '?organisation=demo-partner')).status).toBe(403)
  })

  it('never gives a partner the delivery list or a pack', async () => {
    for (const path of ['signatures.csv', 'delivery.json', 'deliveries']) {
      const res = await api(partnerOfficer, `/campaigns/${SLUG}/${path}`)
      expect(res.status, path).toBe(403)
    }
  })

  it('gives a moderator a 403 on both lists', async () => {
    expect((await csv(hostModerator)).status).toBe(403)
    expect((await api(hostModerator, `/campaigns/${SLUG}/signatures.csv`)).status).toBe(403)
  })

  it('gives the partner its own tally, and the host the whole campaign', async () => {
    const mine = await json<Record<string, unknown>>(
      await api(partnerOfficer, `/campaigns/${SLUG}/tallies`),
    )
    expect(mine).toMatchObject({
      format: 'standwith.partner-tally/1',
      partner: 'demo-partner',
      confirmed: 7,
    })
    expect(mine).not.toHaveProperty('byCountry')
    const whole = await json<Record<string, unknown>>(
      await api(hostOfficer, `/campaigns/${SLUG}/tallies`),
    )
    expect(whole).toHaveProperty('byCountry')
  })
})

describe('the admin pages of running the coalition', () => {
  it('invite a person and show them by name with their role, never an address', async () => {
    const login = await postForm('/admin/login', { token: env.ADMIN_TOKEN }, null, {
      'cf-connecting-ip': freshIp(),
    })
    const cookie = sessionCookie(login)!
    const page = await fetchWorker('/admin/people', { headers: { cookie } })
    const session = { cookie, csrf: csrfIn(await page.text()) }
    const email = uniqueEmail('invitee')
    const res = await postForm(
      '/admin/people',
      { name: 'Invited Person', email, role: 'officer' },
      session,
    )
    expect(res.status).toBe(303)
    const html = await (await fetchWorker('/admin/people', { headers: { cookie } })).text()
    expect(html).toContain('Invited Person')
    expect(html).not.toContain(email)
    expect(await mailsTo(email)).toHaveLength(1)
    const created = await postForm(
      '/admin/tokens',
      { name: 'page token', role: 'editor', organisation: 'demo-host' },
      session,
    )
    expect(created.status).toBe(201)
    const shown = (await created.text()).match(/data-token="?[^>]*>(swt_[A-Za-z0-9_-]{43})</)
    expect(shown?.[1]).toBeTruthy()
    expect((await api(shown![1]!, '/campaigns')).status).toBe(200)
    const audit = await (await fetchWorker('/admin/audit', { headers: { cookie } })).text()
    expect(audit).toContain('First owner (ADMIN_TOKEN)')
    expect(audit).not.toContain(email)
  })
})

describe('editing an organisation', () => {
  it('changes its settings, adds the next notice version, and drops the demo mark', async () => {
    const res = await adminJson('/api/v1/admin/organisations/demo-partner', 'PATCH', {
      senderName: 'Partner campaigns',
      privacyNotice: { en: 'Our own notice, version 2.' },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      slug: 'demo-partner',
      senderName: 'Partner campaigns',
      demo: false,
      privacyNotice: { en: { version: 2 }, ru: { version: 1 } },
    })
    const v1 = await env.DB.prepare(
      "select body from privacy_notices where organisation_id = 2 and lang = 'en' and version = 1",
    ).first<string>('body')
    expect(v1).toContain('DEMO NOTICE')
    const partnerOwner = (await tokenFor('demo-partner', 'owner')).token
    expect(
      (await api(partnerOwner, '/organisations/demo-partner', 'PATCH', { name: 'Ours' })).status,
    ).toBe(200)
    expect(
      (await api(partnerOwner, '/organisations/demo-host', 'PATCH', { name: 'Mine' })).status,
    ).toBe(403)
  })
})

describe('the organisation edit page', () => {
  it('saves a changed notice as a new version and leaves an unchanged one alone', async () => {
    const login = await postForm('/admin/login', { token: env.ADMIN_TOKEN }, null, {
      'cf-connecting-ip': freshIp(),
    })
    const cookie = sessionCookie(login)!
    const page = await fetchWorker('/admin/organisations/demo-host', { headers: { cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('This is demo data')
    const session = { cookie, csrf: csrfIn(html) }
    const ru = (await env.DB.prepare(
      "select body from privacy_notices where organisation_id = 1 and lang = 'ru' order by version desc limit 1",
    ).first<string>('body'))!
    const res = await postForm(
      '/admin/organisations/demo-host',
      {
        name: 'Host NGO',
        url: 'https://host.example',
        senderName: 'Host NGO campaigns',
        'privacyNotice.en': 'The host keeps your data for the campaign only.',
        'privacyNotice.ru': ru,
      },
      session,
    )
    expect(res.status).toBe(303)
    const versions = await env.DB.prepare(
      'select lang, max(version) as v from privacy_notices where organisation_id = 1 group by lang order by lang',
    ).all()
    expect(versions.results).toEqual([
      { lang: 'en', v: 2 },
      { lang: 'ru', v: 1 },
    ])
    const org = await env.DB.prepare('select name, demo from organisations where id = 1').first()
    expect(org).toEqual({ name: 'Host NGO', demo: 0 })
  })
})

describe("the operator's owners and another organisation's people", () => {
  it('invite the first person of a partner organisation from its people page', async () => {
    const login = await postForm('/admin/login', { token: env.ADMIN_TOKEN }, null, {
      'cf-connecting-ip': freshIp(),
    })
    const cookie = sessionCookie(login)!
    const page = await fetchWorker('/admin/people?organisation=demo-partner', {
      headers: { cookie },
    })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('action="/admin/people?organisation=demo-partner"')
    const email = uniqueEmail('partner-officer')
    const res = await postForm(
      '/admin/people?organisation=demo-partner',
      { name: 'Partner Officer', email, role: 'officer' },
      { cookie, csrf: csrfIn(html) },
    )
    expect(res.headers.get('location')).toBe('/admin/people?done=invited&organisation=demo-partner')
    const [mail] = await mailsTo(email)
    const signedIn = sessionCookie(await signInWith(linkIn(mail!)))!
    const theirs = await fetchWorker(`/api/v1/admin/campaigns/surat-ikramov/supporters.csv`, {
      headers: { cookie: signedIn },
    })
    expect(theirs.status).toBe(403)
    await adminJson(`/api/v1/admin/campaigns/surat-ikramov/partners`, 'POST', {
      organisation: 'demo-partner',
    })
    const now = await fetchWorker(`/api/v1/admin/campaigns/surat-ikramov/supporters.csv`, {
      headers: { cookie: signedIn },
    })
    expect(now.status).toBe(200)
    await now.text()
  })
})
