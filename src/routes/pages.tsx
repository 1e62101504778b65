/** Public HTML pages: the campaign list, a campaign, a defender. */
import { Hono } from 'hono'
import { findCampaign, findDefender, listCampaigns } from '../db/campaigns.ts'
import { createDb } from '../db/client.ts'
import type { AppEnv } from '../env.ts'
import { pageContext } from '../lib/page.ts'
import { CampaignPage } from '../views/campaign.tsx'
import { DefenderPage } from '../views/defender.tsx'
import { HomePage } from '../views/home.tsx'
import { NotFoundPage } from '../views/not-found.tsx'

export const pages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const ctx = pageContext(c)
    const campaigns = await listCampaigns(createDb(c.env.DB), ctx.lang)
    return c.html(<HomePage ctx={ctx} campaigns={campaigns} />)
  })
  .get('/campaigns/:slug', async (c) => {
    const ctx = pageContext(c)
    const campaign = await findCampaign(createDb(c.env.DB), c.req.param('slug'), ctx.lang)
    if (!campaign) return c.html(<NotFoundPage ctx={ctx} />, 404)
    const url = `${c.env.PUBLIC_ORIGIN}/campaigns/${campaign.slug}`
    return c.html(
      <CampaignPage
        ctx={ctx}
        campaign={campaign}
        url={url}
        extras={{ turnstileSiteKey: c.env.TURNSTILE_SITE_KEY }}
      />,
    )
  })
  .get('/defenders/:slug', async (c) => {
    const ctx = pageContext(c)
    const defender = await findDefender(createDb(c.env.DB), c.req.param('slug'), ctx.lang)
    if (!defender) return c.html(<NotFoundPage ctx={ctx} />, 404)
    return c.html(<DefenderPage ctx={ctx} defender={defender} />)
  })
