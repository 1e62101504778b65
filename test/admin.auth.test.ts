import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newApp } from '../src/app.ts'
import { toBase64Url } from '../src/lib/crypto.ts'
import {
  bearer,
  csrfIn,
  login,
  postForm,
  type Session,
  sessionCookie,
  sessionRow,
} from './admin-helpers.ts'
import { awayFromMinuteEnd, fetchWorker, freshIp, ORIGIN } from './helpers.ts'

const API = '/api/v1/admin/campaigns'

async function campaignStatus(slug: string) {
  return env.DB.prepare('select status from campaigns where slug = ?')
    .bind(slug)
    .first<string>('status')
}

describe('the admin API without valid credentials', () => {
  it('answers 401 JSON, never a redirect', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await fetchWorker(API, { method, redirect: 'manual' })
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toContain('application/json')
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
      expect(await res.json()).toMatchObject({ error: 'unauthorized' })
    }
  })

  it('refuses a wrong token, a token of the wrong length and other schemes', async () => {
    const token = env.ADMIN_TOKEN
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    for (const authorization of [
      `Bearer ${wrong}`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}x`,
      `Bearer ${token.repeat(2)}`,
      `Basic ${btoa(`admin:${token}`)}`,
      'Bearer',
      token,
    ]) {
      const res = await fetchWorker(API, { headers: { authorization } })
      expect(res.status, authorization).toBe(401)
    }
  })

  it('lets the token in, and marks the answer not cacheable', async () => {
    const res = await fetchWorker(API, { headers: bearer() })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { campaigns } = (await res.json()) as { campaigns: { slug: string }[] }
    expect(campaigns.map((c) => c.slug)).toContain('azimzhan-askarov')
  })
})

describe('the /admin pages', () => {
  it('send a visitor without a session to the login page', async () => {
    const res = await fetchWorker('/admin/campaigns', { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fcampaigns')
    const dash = await fetchWorker('/admin', { redirect: 'manual' })
    expect(dash.headers.get('location')).toBe('/admin/login')
    // A write without a session changes nothing.
    const close = await postForm('/admin/campaigns/surat-ikramov/close', {}, null)
    expect(close.status).toBe(303)
    expect(await campaignStatus('surat-ikramov')).toBe('open')
  })

  it('log in with the token: an HttpOnly, SameSite=Strict cookie for the pages and the API', async () => {
    const page = await fetchWorker('/admin/login')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('name="token"')
    const res = await postForm(
      '/admin/login?next=/admin/blocklist',
      { token: env.ADMIN_TOKEN },
      null,
      {
        'cf-connecting-ip': freshIp(),
      },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/blocklist')
    const cookies = res.headers.getSetCookie()
    expect(cookies).toHaveLength(2)
    for (const [i, path] of ['/admin', '/api/v1/admin'].entries()) {
      expect(cookies[i]).toMatch(/^standwith_admin=[A-Za-z0-9_-]{43};/)
      expect(cookies[i]).toContain(`Path=${path}`)
      expect(cookies[i]).toContain('HttpOnly')
      expect(cookies[i]).toContain('SameSite=Strict')
      expect(cookies[i]).toContain('Max-Age=43200')
      // Plain http on localhost (development) cannot keep a Secure cookie.
      expect(cookies[i]).not.toContain('Secure')
    }
    const cookie = sessionCookie(res)!
    const dash = await fetchWorker('/admin', { headers: { cookie } })
    expect(dash.status).toBe(200)
    expect(dash.headers.get('cache-control')).toBe('no-store')
    expect(await dash.text()).toContain('Dashboard')
    // The session also opens the API (GETs need nothing more).
    expect((await fetchWorker(API, { headers: { cookie } })).status).toBe(200)
  })

  it('marks the cookie Secure anywhere but plain-http localhost', async () => {
    const app = newApp()
    const ctx = createExecutionContext()
    const res = await app.fetch(
      new Request('https://admin.example.org/admin/login', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://admin.example.org',
          'cf-connecting-ip': freshIp(),
        },
        body: new URLSearchParams({ token: env.ADMIN_TOKEN }).toString(),
      }),
      env,
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(303)
    for (const line of res.headers.getSetCookie()) expect(line).toContain('Secure')
  })

  it('refuse a wrong token at login, and slow down guessing', async () => {
    await awayFromMinuteEnd()
    const ip = freshIp()
    const res = await postForm('/admin/login', { token: 'guess' }, null, { 'cf-connecting-ip': ip })
    expect(res.status).toBe(401)
    expect(sessionCookie(res)).toBeNull()
    expect(await res.text()).toContain('That is not the admin token.')
    let last = res
    for (let i = 0; i < 10; i++) {
      last = await postForm('/admin/login', { token: 'guess' }, null, { 'cf-connecting-ip': ip })
    }
    expect(last.status).toBe(429)
    // Even the right token waits now.
    const right = await postForm('/admin/login', { token: env.ADMIN_TOKEN }, null, {
      'cf-connecting-ip': ip,
    })
    expect(right.status).toBe(429)
  })

  it('refuse a cross-origin login post', async () => {
    const res = await postForm('/admin/login', { token: env.ADMIN_TOKEN }, null, {
      origin: 'https://evil.example',
      'cf-connecting-ip': freshIp(),
    })
    expect(res.status).toBe(403)
    expect(sessionCookie(res)).toBeNull()
  })
})

describe('sessions', () => {
  it('refuse a forged or tampered cookie', async () => {
    const { cookie } = await login()
    const value = cookie.split('=')[1]!
    const tampered = `standwith_admin=${value.slice(0, 10)}${value[10] === 'a' ? 'b' : 'a'}${value.slice(11)}`
    const forged = `standwith_admin=${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`
    for (const bad of [tampered, forged, 'standwith_admin=../../etc', `${cookie}x`]) {
      const page = await fetchWorker('/admin', { headers: { cookie: bad }, redirect: 'manual' })
      expect(page.status, bad).toBe(303)
      expect((await fetchWorker(API, { headers: { cookie: bad } })).status).toBe(401)
    }
  })

  it('end after 30 minutes without activity', async () => {
    const { cookie } = await login()
    const row = (await sessionRow(cookie))!
    await env.DB.prepare('update admin_sessions set last_seen_at = ? where id_hash = ?')
      .bind(Date.now() - 31 * 60_000, row.idHash)
      .run()
    const page = await fetchWorker('/admin', { headers: { cookie }, redirect: 'manual' })
    expect(page.status).toBe(303)
    expect(await sessionRow(cookie)).toBeNull()
  })

  it('are kept alive by activity (the last use is written at most once a minute)', async () => {
    const { cookie } = await login()
    const row = (await sessionRow(cookie))!
    const earlier = Date.now() - 25 * 60_000
    await env.DB.prepare('update admin_sessions set last_seen_at = ? where id_hash = ?')
      .bind(earlier, row.idHash)
      .run()
    expect((await fetchWorker('/admin', { headers: { cookie } })).status).toBe(200)
    expect((await sessionRow(cookie))!.lastSeenAt).toBeGreaterThan(Date.now() - 5000)
  })

  it('end 12 hours after login whatever the activity', async () => {
    const { cookie } = await login()
    const row = (await sessionRow(cookie))!
    await env.DB.prepare('update admin_sessions set created_at = ? where id_hash = ?')
      .bind(Date.now() - 12 * 3600_000 - 60_000, row.idHash)
      .run()
    expect((await fetchWorker(API, { headers: { cookie } })).status).toBe(401)
    expect(await sessionRow(cookie)).toBeNull()
  })

  it('end at logout: the cookie is cleared and a copy of it no longer works', async () => {
    const session = await login()
    const res = await postForm('/admin/logout', {}, session)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/login?out=1')
    const cleared = res.headers.getSetCookie()
    expect(cleared).toHaveLength(2)
    for (const line of cleared) expect(line).toMatch(/standwith_admin=;.*Max-Age=0/)
    expect(await sessionRow(session.cookie)).toBeNull()
    const again = await fetchWorker('/admin', {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    })
    expect(again.status).toBe(303)
  })

  it('do not rescue a request that presents a wrong bearer token', async () => {
    const { cookie } = await login()
    const res = await fetchWorker(API, { headers: { cookie, authorization: 'Bearer nope' } })
    expect(res.status).toBe(401)
  })
})

describe('CSRF and origin checks on admin writes', () => {
  let session: Session
  beforeAll(async () => {
    session = await login()
  })
  const SLUG = 'central-asian-governments'

  it('a page form needs the session’s token', async () => {
    for (const fields of [{ _csrf: '' }, { _csrf: 'wrong' }, { _csrf: `${session.csrf}x` }]) {
      const res = await postForm(`/admin/campaigns/${SLUG}/close`, fields, session)
      expect(res.status).toBe(403)
      expect(await campaignStatus(SLUG)).toBe('open')
    }
    const missing = await fetchWorker(`/admin/campaigns/${SLUG}/close`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: ORIGIN,
        cookie: session.cookie,
      },
      body: '',
      redirect: 'manual',
    })
    expect(missing.status).toBe(403)
    expect(await campaignStatus(SLUG)).toBe('open')
  })

  it('another session’s token does not do', async () => {
    const other = await login()
    expect(other.csrf).not.toBe(session.csrf)
    const res = await postForm(`/admin/campaigns/${SLUG}/close`, { _csrf: other.csrf }, session)
    expect(res.status).toBe(403)
  })

  it('a cross-origin post is refused even with the token', async () => {
    const variants: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of variants) {
      const res = await fetchWorker(`/admin/campaigns/${SLUG}/close`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: session.cookie,
          ...headers,
        },
        body: new URLSearchParams({ _csrf: session.csrf }).toString(),
        redirect: 'manual',
      })
      expect(res.status).toBe(403)
    }
    // Neither Origin nor Sec-Fetch-Site: refused too.
    const bare = await fetchWorker(`/admin/campaigns/${SLUG}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      body: new URLSearchParams({ _csrf: session.csrf }).toString(),
      redirect: 'manual',
    })
    expect(bare.status).toBe(403)
    expect(await campaignStatus(SLUG)).toBe('open')
  })

  it('the API with a session needs the token in X-CSRF-Token and our origin', async () => {
    const call = (headers: Record<string, string>) =>
      fetchWorker(`/api/v1/admin/blocklist`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie, ...headers },
        body: JSON.stringify({ kind: 'domain', value: 'csrf-check.example' }),
      })
    const none = await call({ origin: ORIGIN })
    expect(none.status).toBe(403)
    expect(await none.json()).toMatchObject({ error: 'csrf' })
    expect((await call({ origin: ORIGIN, 'x-csrf-token': 'wrong' })).status).toBe(403)
    const cross = await call({ origin: 'https://evil.example', 'x-csrf-token': session.csrf })
    expect(cross.status).toBe(403)
    expect(await cross.json()).toMatchObject({ error: 'cross_origin' })
    const ok = await call({ 'sec-fetch-site': 'same-origin', 'x-csrf-token': session.csrf })
    expect(ok.status).toBe(201)
    const audit = await env.DB.prepare(
      "select actor from audit_log where action = 'block.add' and detail like '%csrf-check.example%'",
    ).first<string>('actor')
    expect(audit).toBe('person:1')
  })

  it('with a valid token and our origin, the form does its work', async () => {
    const page = await fetchWorker(`/admin/campaigns/${SLUG}`, {
      headers: { cookie: session.cookie },
    })
    expect(csrfIn(await page.text())).toBe(session.csrf)
    const res = await postForm(`/admin/campaigns/${SLUG}/close`, {}, session)
    expect(res.status).toBe(303)
    expect(await campaignStatus(SLUG)).toBe('closed')
    await postForm(`/admin/campaigns/${SLUG}/open`, {}, session)
    expect(await campaignStatus(SLUG)).toBe('open')
  })
})

describe('behind Cloudflare Access', () => {
  const TEAM = 'standwith-test.cloudflareaccess.com'
  const AUD = 'a1b2c3d4e5f6-standwith-aud'
  const KID = 'test-key-1'
  let keys: CryptoKeyPair
  let attacker: CryptoKeyPair
  const rsa = {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  }
  const server = setupServer()

  beforeAll(async () => {
    keys = (await crypto.subtle.generateKey(rsa, true, ['sign', 'verify'])) as CryptoKeyPair
    attacker = (await crypto.subtle.generateKey(rsa, true, ['sign', 'verify'])) as CryptoKeyPair
    const jwk = (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey
    server.use(
      http.get(`https://${TEAM}/cdn-cgi/access/certs`, () =>
        HttpResponse.json({ keys: [{ ...jwk, kid: KID, alg: 'RS256', use: 'sig' }] }),
      ),
    )
    server.listen({ onUnhandledRequest: 'bypass' })
  })
  afterAll(() => server.close())

  const b64 = (value: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)))

  async function jwt(claims: Record<string, unknown> = {}, key = keys.privateKey, kid = KID) {
    const now = Math.floor(Date.now() / 1000)
    const head = b64({ alg: 'RS256', kid, typ: 'JWT' })
    const body = b64({
      aud: [AUD],
      iss: `https://${TEAM}`,
      sub: '7335d417-61da-459d-899c-0a01c76a2f94',
      email: 'officer@ngo.example',
      iat: now,
      exp: now + 600,
      ...claims,
    })
    const sig = await crypto.subtle.sign(
      'RSASSA-PKCS1-v1_5',
      key,
      new TextEncoder().encode(`${head}.${body}`),
    )
    return `${head}.${body}.${toBase64Url(new Uint8Array(sig))}`
  }

  async function send(path: string, headers: Record<string, string>, init: RequestInit = {}) {
    const app = newApp()
    const ctx = createExecutionContext()
    const res = await app.fetch(
      new Request(`${ORIGIN}${path}`, {
        ...init,
        headers: { ...headers, ...(init.headers as object) },
      }),
      { ...env, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    return res
  }

  it('lets a valid assertion (with the token) in and audits its subject, not an email', async () => {
    const assertion = await jwt()
    const res = await send(
      '/api/v1/admin/blocklist',
      {
        ...bearer(),
        'cf-access-jwt-assertion': assertion,
        'content-type': 'application/json',
      },
      { method: 'POST', body: JSON.stringify({ kind: 'domain', value: 'access-check.example' }) },
    )
    expect(res.status).toBe(201)
    const actor = await env.DB.prepare(
      "select actor from audit_log where detail like '%access-check.example%'",
    ).first<string>('actor')
    expect(actor).toBe('person:1 access:7335d417-61da-459d-899c-0a01c76a2f94')
    const dump = JSON.stringify((await env.DB.prepare('select * from audit_log').all()).results)
    expect(dump).not.toContain('officer@ngo.example')
  })

  it('refuses the admin token alone, and bad assertions', async () => {
    const now = Math.floor(Date.now() / 1000)
    const cases: [string, string | null][] = [
      ['missing', null],
      ['wrong audience', await jwt({ aud: ['someone-else'] })],
      ['wrong issuer', await jwt({ iss: 'https://evil.cloudflareaccess.com' })],
      ['expired', await jwt({ exp: now - 3600, iat: now - 7200 })],
      ['not yet valid', await jwt({ nbf: now + 3600 })],
      ['bad signature', await jwt({}, attacker.privateKey)],
      ['unknown key', await jwt({}, keys.privateKey, 'other-kid')],
      ['garbage', 'a.b.c'],
    ]
    for (const [name, assertion] of cases) {
      const headers: Record<string, string> = { ...bearer() }
      if (assertion) headers['cf-access-jwt-assertion'] = assertion
      const res = await send('/api/v1/admin/campaigns', headers)
      expect(res.status, name).toBe(401)
      expect(await res.json()).toMatchObject({ error: 'unauthorized' })
    }
    // alg "none" with the signature stripped.
    const [, body] = (await jwt()).split('.')
    const none = `${b64({ alg: 'none', kid: KID })}.${body}.`
    const res = await send('/api/v1/admin/campaigns', {
      ...bearer(),
      'cf-access-jwt-assertion': none,
    })
    expect(res.status).toBe(401)
  })

  it('ties a page session to the Access user who logged in', async () => {
    const assertion = await jwt()
    const loginRes = await send(
      '/admin/login',
      { 'cf-access-jwt-assertion': assertion, origin: ORIGIN, 'cf-connecting-ip': freshIp() },
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: env.ADMIN_TOKEN }).toString(),
      },
    )
    expect(loginRes.status).toBe(303)
    const cookie = sessionCookie(loginRes)!
    expect((await send('/admin', { cookie, 'cf-access-jwt-assertion': assertion })).status).toBe(
      200,
    )
    // The same cookie with another Access user, or with none, is not a session.
    const other = await jwt({ sub: 'another-user' })
    expect((await send('/admin', { cookie, 'cf-access-jwt-assertion': other })).status).toBe(303)
    expect((await send('/admin', { cookie })).status).toBe(401)
  })
})
