/**
 * Admin tallies, from the kept `tallies` table: per defender, per campaign (by state, country
 * and day; a partner gets its own count), and the signed delivery documents. Exact counts
 * here; delivery documents suppress small cells because they leave the organisation.
 */
import { Hono } from 'hono'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  campaignDeliveryPack,
  campaignReport,
  defenderDeliveryPack,
  overview,
} from '../../services/admin/tallies.ts'
import { adminContext } from './shared.ts'

/** Offers a signed document as a file named after what it is. */
function attachment(name: string) {
  return { 'Content-Disposition': `attachment; filename="${name}"` }
}

const day = () => new Date().toISOString().slice(0, 10)

export const talliesApi = new Hono<AdminEnv>()
  .get('/tallies', async (c) => c.json(await overview(adminContext(c))))
  .get('/campaigns/:slug/tallies', async (c) => {
    const slug = c.req.param('slug')
    const report = await campaignReport(adminContext(c), slug)
    const headers = c.req.query('download') ? attachment(`${slug}-tallies-${day()}.json`) : {}
    return c.json(report, 200, headers)
  })
  .get('/campaigns/:slug/delivery.json', async (c) => {
    const slug = c.req.param('slug')
    const pack = await campaignDeliveryPack(adminContext(c), slug)
    return c.json(pack.doc, 200, attachment(`${slug}-delivery-${day()}.json`))
  })
  .get('/defenders/:slug/delivery.json', async (c) => {
    const slug = c.req.param('slug')
    const pack = await defenderDeliveryPack(adminContext(c), slug)
    return c.json(pack.doc, 200, attachment(`${slug}-defender-delivery-${day()}.json`))
  })
