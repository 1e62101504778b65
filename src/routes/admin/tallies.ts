/**
 * Admin tallies, from the kept `tallies` table: per defender, per campaign (by state, country
 * and day), and the signed delivery documents. Exact counts here; delivery documents suppress
 * small cells because they leave the organisation.
 */
import { type Context, Hono } from 'hono'
import { createDb } from '../../db/client.ts'
import { notFound } from '../../lib/errors.ts'
import { serialiseDocument } from '../../lib/proof.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  campaignDelivery,
  campaignTallyReport,
  defenderDelivery,
  talliesOverview,
} from '../../services/tallies.ts'

/**
 * A signed document as its canonical JSON: the exact bytes `npm run verify` accepts (a reader's
 * copy that differs in any byte, even only in key order, fails).
 */
function signedJson(c: Context<AdminEnv>, doc: object, headers: Record<string, string> = {}) {
  return c.body(serialiseDocument(doc), 200, {
    'Content-Type': 'application/json; charset=utf-8',
    ...headers,
  })
}

/** Offers a signed document as a file named after what it is. */
function attachment(name: string) {
  return { 'Content-Disposition': `attachment; filename="${name}"` }
}

const day = () => new Date().toISOString().slice(0, 10)

export const talliesApi = new Hono<AdminEnv>()
  .get('/tallies', async (c) => {
    return signedJson(c, await talliesOverview(c.env, createDb(c.env.DB), c.get('lang')))
  })
  .get('/campaigns/:slug/tallies', async (c) => {
    const slug = c.req.param('slug')
    const report = await campaignTallyReport(c.env, createDb(c.env.DB), slug, c.get('lang'))
    if (!report) throw notFound('campaign')
    const headers = c.req.query('download') ? attachment(`${slug}-tallies-${day()}.json`) : {}
    return signedJson(c, report, headers)
  })
  .get('/campaigns/:slug/delivery.json', async (c) => {
    const slug = c.req.param('slug')
    const pack = await campaignDelivery(c.env, createDb(c.env.DB), slug, c.get('lang'))
    if (!pack) throw notFound('campaign')
    return signedJson(c, pack.doc, attachment(`${slug}-delivery-${day()}.json`))
  })
  .get('/defenders/:slug/delivery.json', async (c) => {
    const slug = c.req.param('slug')
    const pack = await defenderDelivery(c.env, createDb(c.env.DB), slug, c.get('lang'))
    if (!pack) throw notFound('defender')
    return signedJson(c, pack.doc, attachment(`${slug}-defender-delivery-${day()}.json`))
  })
