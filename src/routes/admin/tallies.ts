/**
 * Admin tallies, from the kept `tallies` table: per defender, per campaign (by state, country
 * and day; a partner gets its own count), and the signed delivery documents. Exact counts
 * here; delivery documents suppress small cells because they leave the organisation.
 */
import { type Context, Hono } from 'hono'
import { serialiseDocument } from '../../lib/proof.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  campaignDeliveryPack,
  campaignReport,
  defenderDeliveryPack,
  overview,
} from '../../services/admin/tallies.ts'
import { adminContext } from './shared.ts'

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
  .get('/tallies', async (c) => signedJson(c, await overview(adminContext(c))))
  .get('/campaigns/:slug/tallies', async (c) => {
    const slug = c.req.param('slug')
    const report = await campaignReport(adminContext(c), slug)
    const headers = c.req.query('download') ? attachment(`${slug}-tallies-${day()}.json`) : {}
    return signedJson(c, report, headers)
  })
  .get('/campaigns/:slug/delivery.json', async (c) => {
    const slug = c.req.param('slug')
    const pack = await campaignDeliveryPack(adminContext(c), slug)
    return signedJson(c, pack.doc, attachment(`${slug}-delivery-${day()}.json`))
  })
  .get('/defenders/:slug/delivery.json', async (c) => {
    const slug = c.req.param('slug')
    const pack = await defenderDeliveryPack(adminContext(c), slug)
    return signedJson(c, pack.doc, attachment(`${slug}-defender-delivery-${day()}.json`))
  })
