/**
 * `/api/v1/admin/campaigns`: every campaign the organisation hosts or promotes, incl. drafts;
 * a campaign's text in every language; edits (text per language, goal, allowed partner
 * origins); opening and closing.
 */
import { Hono } from 'hono'
import { CampaignEdit } from '../../domain/admin/campaign-edit.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  editCampaign,
  getCampaign,
  listCampaigns,
  setStatus,
} from '../../services/admin/campaigns.ts'
import { adminContext, parseAdmin, validJson } from './shared.ts'

export const campaignsAdminApi = new Hono<AdminEnv>()
  .get('/campaigns', async (c) => c.json({ campaigns: await listCampaigns(adminContext(c)) }))
  .get('/campaigns/:slug', async (c) =>
    c.json(await getCampaign(adminContext(c), c.req.param('slug'))),
  )
  .patch('/campaigns/:slug', async (c) => {
    const edit = await validJson(c, (x) => parseAdmin(CampaignEdit, x))
    return c.json(await editCampaign(adminContext(c), c.req.param('slug'), edit))
  })
  .post('/campaigns/:slug/open', async (c) =>
    c.json(await setStatus(adminContext(c), c.req.param('slug'), 'open')),
  )
  .post('/campaigns/:slug/close', async (c) =>
    c.json(await setStatus(adminContext(c), c.req.param('slug'), 'closed')),
  )
