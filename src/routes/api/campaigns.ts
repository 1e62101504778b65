/** Public JSON: `/api/v1/campaigns`, a campaign, its count. */
import { Hono } from 'hono'
import { batchParts } from '../../db/batch.ts'
import {
  campaignParts,
  findCampaignRow,
  findCount,
  listCampaigns,
  toCampaign,
} from '../../db/campaigns.ts'
import { createDb } from '../../db/client.ts'
import { privacyPath } from '../../db/organisations.ts'
import { tallyQuery, tallyRecord } from '../../db/tallies.ts'
import { suppressSmallCells } from '../../domain/tally.ts'
import type { AppEnv } from '../../env.ts'
import { notFound } from '../../lib/errors.ts'

export const campaignsApi = new Hono<AppEnv>()
  .get('/', async (c) => {
    const list = await listCampaigns(createDb(c.env.DB), c.get('lang'))
    return c.json({
      campaigns: list.map(({ id: _id, confirmed, goal, ...rest }) => ({
        ...rest,
        count: { confirmed, goal },
        url: `${c.env.PUBLIC_ORIGIN}/campaigns/${rest.slug}`,
      })),
    })
  })
  .get('/:slug', async (c) => {
    const db = createDb(c.env.DB)
    // Two round trips: the campaign's row, then its text and counts in one batch.
    const row = await findCampaignRow(db, c.req.param('slug'))
    if (!row) throw notFound('campaign')
    const parts = await batchParts(db, {
      ...campaignParts(db, row),
      byCountry: tallyQuery(db, row.id, 'country'),
    })
    const campaign = toCampaign(row, c.get('lang'), parts)
    if (!campaign) throw notFound('campaign')
    const {
      id: _id,
      confirmed,
      goal,
      allowedOrigins: _a,
      closedAt: _c,
      image,
      host,
      partners,
      viaPartner: _v,
      ...rest
    } = campaign
    const byCountry = suppressSmallCells(tallyRecord(parts.byCountry))
    const origin = c.env.PUBLIC_ORIGIN
    return c.json({
      ...rest,
      image: image
        ? { url: `${c.env.PUBLIC_ORIGIN}${image.url}`, alt: image.alt, credit: image.credit }
        : null,
      count: { confirmed, goal, byCountry },
      url: `${origin}/campaigns/${campaign.slug}`,
      organisation: host
        ? {
            slug: host.slug,
            name: host.name,
            url: host.url,
            privacyUrl: `${origin}${privacyPath(host.slug)}`,
          }
        : null,
      // Active and listed only: an unlisted partner is never named in public.
      partners: partners.map((p) => ({ slug: p.slug, name: p.name, url: p.url })),
    })
  })
  .get('/:slug/count', async (c) => {
    const count = await findCount(createDb(c.env.DB), c.req.param('slug'))
    if (!count) throw notFound('campaign')
    return c.json({ confirmed: count.confirmed, goal: count.goal, status: count.status })
  })
