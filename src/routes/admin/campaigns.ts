/**
 * `/api/v1/admin/campaigns`: every campaign incl. drafts; a campaign's text in every language;
 * edits (text per language, goal, allowed partner origins); opening and closing.
 */
import { Hono } from 'hono'
import { listAdminCampaigns, setCampaignStatus, updateCampaign } from '../../db/admin/campaigns.ts'
import { CampaignEdit } from '../../domain/admin/campaign-edit.ts'
import { publicEditIssues, publishIssues } from '../../domain/admin/publish-check.ts'
import { ApiError } from '../../lib/errors.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import { campaignOr404, forgetPublic, parseAdmin, validJson } from './shared.ts'

export const campaignsAdminApi = new Hono<AdminEnv>()
  .get('/campaigns', async (c) => c.json({ campaigns: await listAdminCampaigns(c.env.DB) }))
  .get('/campaigns/:slug', async (c) => c.json(await campaignOr404(c)))
  .patch('/campaigns/:slug', async (c) => {
    const campaign = await campaignOr404(c)
    const edit = await validJson(c, (x) => parseAdmin(CampaignEdit, x))
    const issues = publicEditIssues(campaign.status, edit.translations)
    if (issues.length)
      throw new ApiError(400, 'invalid', 'The campaign is public: it needs its asks.', issues)
    await updateCampaign(c.env.DB, campaign, edit, c.get('admin').actor)
    await forgetPublic(c, campaign.slug)
    return c.json(await campaignOr404(c))
  })
  .post('/campaigns/:slug/open', async (c) => {
    const campaign = await campaignOr404(c)
    const issues = publishIssues(campaign)
    if (issues.length) {
      throw new ApiError(
        422,
        'unpublishable',
        'Every language the campaign lists needs a title, a summary and asks before it is published.',
        issues,
      )
    }
    const changed = await setCampaignStatus(c.env.DB, campaign, 'open', c.get('admin').actor)
    await forgetPublic(c, campaign.slug)
    return c.json({ slug: campaign.slug, status: 'open', changed })
  })
  .post('/campaigns/:slug/close', async (c) => {
    const campaign = await campaignOr404(c)
    if (campaign.status === 'draft') {
      throw new ApiError(409, 'conflict', 'A draft cannot be closed; open it first or leave it.')
    }
    const changed = await setCampaignStatus(c.env.DB, campaign, 'closed', c.get('admin').actor)
    await forgetPublic(c, campaign.slug)
    return c.json({ slug: campaign.slug, status: 'closed', changed })
  })
