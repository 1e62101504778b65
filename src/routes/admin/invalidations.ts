/**
 * Invalidations under `/api/v1/admin`: preview (`dryRun: true`: counts by state, nothing
 * changes), apply, list and revert; and the IP hashes busiest on a campaign lately, to find a
 * flood worth invalidating.
 */

import { Hono } from 'hono'
import {
  applyInvalidation,
  findInvalidation,
  listInvalidations,
  previewInvalidation,
  recentIpHashes,
  revertInvalidation,
} from '../../db/admin/invalidations.ts'
import { criteriaOf, InvalidationInput } from '../../domain/admin/invalidation.ts'
import { domainKeyOf } from '../../lib/crypto.ts'
import { ApiError } from '../../lib/errors.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import { campaignOr404, forgetPublic, idParam, parseAdmin, validJson } from './shared.ts'

const DAY_MS = 24 * 3600 * 1000
/** IP hashes are cleared after 30 days: looking further back finds nothing. */
const MAX_DAYS = 30

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)

export const invalidationsAdminApi = new Hono<AdminEnv>()
  .get('/campaigns/:slug/invalidations', async (c) => {
    const campaign = await campaignOr404(c)
    return c.json({ invalidations: await listInvalidations(c.env.DB, campaign.id) })
  })
  .post('/campaigns/:slug/invalidations', async (c) => {
    const campaign = await campaignOr404(c)
    const input = await validJson(c, (x) => parseAdmin(InvalidationInput, x))
    const criteria = criteriaOf(input)
    if (input.dryRun) {
      const matched = await previewInvalidation(
        c.env.DB,
        campaign.id,
        criteria,
        await domainKeyOf(c.env, criteria),
      )
      return c.json({ dryRun: true, criteria, matched, total: total(matched) })
    }
    const applied = await applyInvalidation(
      c.env.DB,
      campaign,
      criteria,
      await domainKeyOf(c.env, criteria),
      c.get('admin').actor,
    )
    await forgetPublic(c, campaign.slug)
    const { byState, ...invalidation } = applied
    return c.json({ ...invalidation, matched: byState, total: applied.count }, 201)
  })
  .post('/invalidations/:id/revert', async (c) => {
    const invalidation = await findInvalidation(c.env.DB, idParam(c))
    if (!invalidation) throw new ApiError(404, 'not_found', 'No such invalidation.')
    const slug = await c.env.DB.prepare('select slug from campaigns where id = ?')
      .bind(invalidation.campaignId)
      .first<string>('slug')
    const restored = await revertInvalidation(
      c.env.DB,
      invalidation,
      slug ?? String(invalidation.campaignId),
      c.get('admin').actor,
    )
    if (restored === null) {
      throw new ApiError(409, 'conflict', 'This invalidation was already reverted.')
    }
    if (slug) await forgetPublic(c, slug)
    return c.json({ id: invalidation.id, reverted: true, restored })
  })
  .get('/campaigns/:slug/ip-hashes', async (c) => {
    const campaign = await campaignOr404(c)
    const days = Math.min(MAX_DAYS, Math.max(1, Number(c.req.query('days') ?? 3) || 3))
    const min = Math.max(1, Number(c.req.query('min') ?? 2) || 2)
    const since = Date.now() - days * DAY_MS
    const hashes = await recentIpHashes(c.env.DB, campaign.id, { since, min })
    return c.json({ campaign: campaign.slug, days, min, hashes })
  })
