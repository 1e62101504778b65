/**
 * Every admin API route, walked with an API token of each role of the host organisation, of a
 * partner organisation of the campaign and of an unrelated organisation, against a table of the
 * expected statuses. The routes are read from the Hono router: a route missing from the table
 * (or a table row without its route) fails the test, so a new route must say who may use it.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminApi } from '../src/routes/admin/index.ts'
import { bearer } from './admin-helpers.ts'
import { fetchWorker } from './helpers.ts'
import { freshCampaign } from './recount.ts'

const SLUG = 'surat-ikramov'
const DEFENDER = 'surat-ikramov'
const ROLES = ['owner', 'editor', 'moderator', 'officer'] as const
const ORGS = ['host', 'partner', 'other'] as const
type Who = `${(typeof ORGS)[number]}.${(typeof ROLES)[number]}`
const uid = () => crypto.randomUUID().slice(0, 8)

/** A JSON request to the admin API with a bearer token. */
async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetchWorker(`/api/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, text }
}

/** As the first owner (ADMIN_TOKEN): setting things up. */
async function asOperator(method: string, path: string, body?: unknown) {
  const res = await call(env.ADMIN_TOKEN, method, path, body)
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`)
  return JSON.parse(res.text || '{}')
}

async function newOrganisation(prefix = 'walk') {
  const slug = `${prefix}-${uid()}`
  await asOperator('POST', '/organisations', {
    slug,
    name: `Organisation ${slug}`,
    url: 'https://ngo.example',
    privacyNotice: { en: 'We keep your data safe.' },
  })
  return slug
}

async function heldSignature(campaignId: number) {
  const row = await env.DB.prepare(
    `insert into signatures (campaign_id, email_hash, country, status)
    values (?, ?, 'DE', 'held') returning id`,
  )
    .bind(campaignId, `walk-${uid()}`)
    .first<{ id: number }>()
  return row!.id
}

async function pendingMessage(campaignId: number) {
  const row = await env.DB.prepare(
    "insert into messages (campaign_id, name, body) values (?, 'A friend', 'Solidarity') returning id",
  )
    .bind(campaignId)
    .first<{ id: number }>()
  return row!.id
}

interface Request {
  path: string
  body?: unknown
}

interface Row {
  /** Builds one request (fresh state where the route changes it). */
  req: () => Promise<Request> | Request
  /** Statuses for host, partner, other organisation; each owner editor moderator officer. */
  expect: string
}

let campaignId = 0
let closeSlug = ''

const TABLE: Record<string, Row> = {
  'GET /tallies': {
    req: () => ({ path: '/tallies' }),
    expect: '200 200 200 200 | 200 200 200 200 | 200 200 200 200',
  },
  'GET /campaigns/:slug/tallies': {
    req: () => ({ path: `/campaigns/${SLUG}/tallies` }),
    expect: '200 200 200 200 | 200 200 200 200 | 403 403 403 403',
  },
  'GET /campaigns/:slug/delivery.json': {
    req: () => ({ path: `/campaigns/${SLUG}/delivery.json` }),
    expect: '200 403 403 200 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /defenders/:slug/delivery.json': {
    req: () => ({ path: `/defenders/${DEFENDER}/delivery.json` }),
    expect: '200 403 403 200 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /campaigns/:slug/signatures.csv': {
    req: () => ({ path: `/campaigns/${SLUG}/signatures.csv` }),
    expect: '200 403 403 200 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /campaigns/:slug/supporters.csv': {
    req: () => ({ path: `/campaigns/${SLUG}/supporters.csv` }),
    expect: '200 403 403 200 | 200 403 403 200 | 403 403 403 403',
  },
  'GET /campaigns/:slug/signatures.csv.sig': {
    req: () => ({ path: `/campaigns/${SLUG}/signatures.csv.sig` }),
    expect: '200 403 403 200 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /campaigns/:slug/supporters.csv.sig': {
    req: () => ({ path: `/campaigns/${SLUG}/supporters.csv.sig` }),
    expect: '200 403 403 200 | 200 403 403 200 | 403 403 403 403',
  },
  'GET /campaigns/:slug/deliveries': {
    req: () => ({ path: `/campaigns/${SLUG}/deliveries` }),
    expect: '200 403 403 200 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /campaigns/:slug/deliveries': {
    req: () => ({
      path: `/campaigns/${SLUG}/deliveries`,
      body: { deliveredOn: '2026-01-05', recipient: 'Embassy' },
    }),
    expect: '201 403 403 201 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /campaigns': {
    req: () => ({ path: '/campaigns' }),
    expect: '200 200 200 200 | 200 200 200 200 | 200 200 200 200',
  },
  'GET /campaigns/:slug': {
    req: () => ({ path: `/campaigns/${SLUG}` }),
    expect: '200 200 200 200 | 200 200 200 200 | 403 403 403 403',
  },
  'PATCH /campaigns/:slug': {
    req: () => ({ path: `/campaigns/${SLUG}`, body: { goal: 5000 } }),
    expect: '200 200 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /campaigns/:slug/open': {
    req: () => ({ path: `/campaigns/${SLUG}/open` }),
    expect: '200 200 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  // The record of a campaign (updates, review date, outcome, image): the host's editors. The
  // image routes take multipart: a JSON body is refused (415) once the actor may act.
  'POST /campaigns/:slug/updates': {
    req: () => ({
      path: `/campaigns/${SLUG}/updates`,
      body: { postedOn: '2026-01-05', text: { en: 'Visited in prison.' } },
    }),
    expect: '201 201 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'DELETE /campaigns/:slug/updates/:id': {
    req: async () => {
      const res = await call(env.ADMIN_TOKEN, 'POST', `/campaigns/${SLUG}/updates`, {
        postedOn: '2026-01-05',
        text: { en: 'To be deleted.' },
      })
      return { path: `/campaigns/${SLUG}/updates/${(JSON.parse(res.text) as { id: number }).id}` }
    },
    expect: '200 200 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'PUT /campaigns/:slug/review': {
    req: () => ({ path: `/campaigns/${SLUG}/review`, body: {} }),
    expect: '200 200 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'PUT /campaigns/:slug/outcome': {
    // `other` without its note: refused once the actor may act, so the campaign stays open.
    req: () => ({ path: `/campaigns/${SLUG}/outcome`, body: { outcome: 'other' } }),
    expect: '400 400 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /campaigns/:slug/image': {
    req: () => ({ path: `/campaigns/${SLUG}/image`, body: {} }),
    expect: '415 415 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'PUT /campaigns/:slug/image': {
    req: () => ({ path: `/campaigns/${SLUG}/image`, body: {} }),
    expect: '415 415 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'DELETE /campaigns/:slug/image': {
    req: () => ({ path: `/campaigns/${SLUG}/image` }),
    expect: '200 200 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /campaigns/:slug/close': {
    req: () => ({ path: `/campaigns/${closeSlug}/close` }),
    expect: '200 200 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /held': {
    req: () => ({ path: '/held' }),
    expect: '200 403 200 403 | 200 403 200 403 | 200 403 200 403',
  },
  'GET /campaigns/:slug/held': {
    req: () => ({ path: `/campaigns/${SLUG}/held` }),
    expect: '200 403 200 403 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /signatures/:id/:decision{approve|reject}': {
    req: async () => ({ path: `/signatures/${await heldSignature(campaignId)}/reject` }),
    expect: '200 403 200 403 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /messages': {
    req: () => ({ path: '/messages' }),
    expect: '200 403 200 403 | 200 403 200 403 | 200 403 200 403',
  },
  'POST /messages/:id/:decision{approve|reject}': {
    req: async () => ({ path: `/messages/${await pendingMessage(campaignId)}/approve` }),
    expect: '200 403 200 403 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /blocklist': {
    req: () => ({ path: '/blocklist' }),
    expect: '200 403 200 403 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /blocklist': {
    req: () => ({ path: '/blocklist', body: { kind: 'domain', value: `walk-${uid()}.example` } }),
    expect: '201 403 201 403 | 403 403 403 403 | 403 403 403 403',
  },
  'DELETE /blocklist': {
    req: async () => {
      const value = `walk-${uid()}.example`
      await asOperator('POST', '/blocklist', { kind: 'domain', value })
      return { path: '/blocklist', body: { kind: 'domain', value } }
    },
    expect: '200 403 200 403 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /campaigns/:slug/invalidations': {
    req: () => ({ path: `/campaigns/${SLUG}/invalidations` }),
    expect: '200 403 200 200 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /campaigns/:slug/invalidations': {
    req: () => ({
      path: `/campaigns/${SLUG}/invalidations`,
      body: { emailDomain: 'walk.example', dryRun: true },
    }),
    expect: '200 403 200 200 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /invalidations/:id/revert': {
    req: async () => {
      const body = { emailDomain: `walk-${uid()}.example` }
      const { id } = await asOperator('POST', `/campaigns/${SLUG}/invalidations`, body)
      return { path: `/invalidations/${id}/revert` }
    },
    expect: '200 403 200 200 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /campaigns/:slug/ip-hashes': {
    req: () => ({ path: `/campaigns/${SLUG}/ip-hashes` }),
    expect: '200 403 200 200 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /audit': {
    req: () => ({ path: '/audit' }),
    expect: '200 403 403 403 | 200 403 403 403 | 200 403 403 403',
  },
  'GET /organisations': {
    req: () => ({ path: '/organisations' }),
    expect: '200 403 403 403 | 200 403 403 403 | 200 403 403 403',
  },
  'POST /organisations': {
    req: () => {
      const slug = `walk-${uid()}`
      return {
        path: '/organisations',
        body: { slug, name: slug, url: 'https://ngo.example', privacyNotice: { en: 'Notice.' } },
      }
    },
    expect: '201 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'PATCH /organisations/:org': {
    req: async () => ({
      path: `/organisations/${await newOrganisation()}`,
      body: { name: 'Renamed' },
    }),
    expect: '200 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /campaigns/:slug/partners': {
    req: () => ({ path: `/campaigns/${SLUG}/partners` }),
    expect: '200 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'POST /campaigns/:slug/partners': {
    req: async () => ({
      path: `/campaigns/${SLUG}/partners`,
      body: { organisation: await newOrganisation() },
    }),
    expect: '201 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'PATCH /campaigns/:slug/partners/:org': {
    req: async () => {
      const org = await newOrganisation()
      await asOperator('POST', `/campaigns/${SLUG}/partners`, { organisation: org })
      return { path: `/campaigns/${SLUG}/partners/${org}`, body: { listed: false } }
    },
    expect: '200 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'DELETE /campaigns/:slug/partners/:org': {
    req: async () => {
      const org = await newOrganisation()
      await asOperator('POST', `/campaigns/${SLUG}/partners`, { organisation: org })
      return { path: `/campaigns/${SLUG}/partners/${org}` }
    },
    expect: '200 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /people': {
    req: () => ({ path: '/people' }),
    expect: '200 403 403 403 | 200 403 403 403 | 200 403 403 403',
  },
  'POST /people': {
    // Into the asker's own organisation: every owner may invite.
    req: () => ({
      path: '/people',
      body: { name: 'New person', email: `walk-${uid()}@example.org`, role: 'editor' },
    }),
    expect: '201 403 403 403 | 201 403 403 403 | 201 403 403 403',
  },
  'PATCH /people/:id': {
    req: async () => {
      const { id } = await asOperator('POST', '/people', {
        name: 'P',
        email: `walk-${uid()}@example.org`,
        role: 'editor',
      })
      return { path: `/people/${id}`, body: { role: 'moderator' } }
    },
    expect: '200 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'DELETE /people/:id': {
    req: async () => {
      const { id } = await asOperator('POST', '/people', {
        name: 'P',
        email: `walk-${uid()}@example.org`,
        role: 'editor',
      })
      return { path: `/people/${id}` }
    },
    expect: '200 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'GET /tokens': {
    req: () => ({ path: '/tokens' }),
    expect: '200 403 403 403 | 200 403 403 403 | 200 403 403 403',
  },
  'POST /tokens': {
    req: () => ({
      path: '/tokens',
      body: { name: 'walk', role: 'officer', organisation: 'demo-host' },
    }),
    expect: '201 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
  'DELETE /tokens/:id': {
    req: async () => {
      const { id } = await asOperator('POST', '/tokens', {
        name: 'to revoke',
        role: 'editor',
        organisation: 'demo-host',
      })
      return { path: `/tokens/${id}` }
    },
    expect: '200 403 403 403 | 403 403 403 403 | 403 403 403 403',
  },
}

/** `METHOD /path` of every route of the admin API router (middleware left out). */
function routerRoutes(): string[] {
  const keys = adminApi.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)
  return [...new Set(keys)].sort()
}

const tokens = {} as Record<Who, string>
let otherOrg = ''

beforeAll(async () => {
  campaignId = (await env.DB.prepare('select id from campaigns where slug = ?')
    .bind(SLUG)
    .first<{ id: number }>())!.id
  closeSlug = (await freshCampaign({ prefix: 'walk-close' })).slug
  otherOrg = await newOrganisation('unrelated')
  await asOperator('POST', `/campaigns/${SLUG}/partners`, { organisation: 'demo-partner' })
  const orgSlug = { host: 'demo-host', partner: 'demo-partner', other: otherOrg }
  for (const org of ORGS) {
    for (const role of ROLES) {
      const { token } = await asOperator('POST', '/tokens', {
        name: `${org} ${role}`,
        role,
        organisation: orgSlug[org],
      })
      tokens[`${org}.${role}`] = token
    }
  }
  // Completed exports for the proofs: the host's delivery list and each one's supporters.
  await call(env.ADMIN_TOKEN, 'GET', `/campaigns/${SLUG}/signatures.csv`)
  await call(env.ADMIN_TOKEN, 'GET', `/campaigns/${SLUG}/supporters.csv`)
  await call(tokens['partner.officer'], 'GET', `/campaigns/${SLUG}/supporters.csv`)
}, 60_000)

describe('the admin API route table', () => {
  it('names every route of the router, and only those', () => {
    const routes = routerRoutes()
    expect(routes.length).toBeGreaterThan(30)
    expect(
      routes.filter((r) => !(r in TABLE)),
      'routes missing from the table',
    ).toEqual([])
    expect(
      Object.keys(TABLE).filter((r) => !routes.includes(r)),
      'rows without a route',
    ).toEqual([])
  })

  it('answers each role of each organisation as the table says', async () => {
    const got: Record<string, string> = {}
    for (const key of routerRoutes()) {
      const row = TABLE[key]
      if (!row) continue
      const method = key.split(' ')[0]!
      const codes: string[] = []
      for (const org of ORGS) {
        const group: number[] = []
        for (const role of ROLES) {
          const { path, body } = await row.req()
          group.push((await call(tokens[`${org}.${role}`], method, path, body)).status)
        }
        codes.push(group.join(' '))
      }
      got[key] = codes.join(' | ')
    }
    const expected = Object.fromEntries(Object.entries(TABLE).map(([k, r]) => [k, r.expect]))
    expect(got).toEqual(expected)
  }, 180_000)

  it('answers 404 for an unknown campaign, defender or id to an actor allowed the action', async () => {
    const owner = tokens['host.owner']
    const officer = tokens['host.officer']
    for (const key of routerRoutes()) {
      if (!/:slug|:id|:org/.test(key)) continue
      const [method, pattern] = key.split(' ') as [string, string]
      const { body } = await TABLE[key]!.req()
      const path = pattern
        .replace(':slug', 'no-such-campaign')
        .replace(':id', '999999')
        .replace(':decision{approve|reject}', 'approve')
        .replace(':org', 'no-such-organisation')
      // The owner may do everything; the officer checks a role that is not the owner's too.
      for (const token of key.includes('supporters') ? [owner, officer] : [owner]) {
        expect((await call(token, method, path, body)).status, key).toBe(404)
      }
    }
  }, 120_000)

  it('answers 401 without a valid token, and 401 for a revoked one', async () => {
    const { id, token } = await asOperator('POST', '/tokens', {
      name: 'revoked soon',
      role: 'owner',
      organisation: 'demo-host',
    })
    expect((await call(token, 'GET', '/campaigns')).status).toBe(200)
    await asOperator('DELETE', `/tokens/${id}`)
    expect((await call(token, 'GET', '/campaigns')).status).toBe(401)
    expect((await call(`${token}x`, 'GET', '/campaigns')).status).toBe(401)
    const res = await fetchWorker('/api/v1/admin/campaigns', { headers: bearer() })
    expect(res.status).toBe(200)
  })

  it('says forbidden in the API error shape', async () => {
    const res = await call(tokens['host.editor'], 'GET', `/campaigns/${SLUG}/signatures.csv`)
    expect(res.status).toBe(403)
    expect(JSON.parse(res.text)).toMatchObject({ error: 'forbidden' })
  })
})
