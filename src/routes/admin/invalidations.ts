/**
 * Invalidations under `/api/v1/admin`: preview (`dryRun: true`: counts by state, nothing
 * changes), apply, list and revert; and the IP hashes busiest on a campaign lately, to find a
 * flood worth invalidating.
 */

import { Hono } from 'hono'
import { criteriaOf, InvalidationInput } from '../../domain/admin/invalidation.ts'
import { ApiError } from '../../lib/errors.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  busyIpHashes,
  invalidate,
  invalidationsOf,
  previewFor,
  revert,
} from '../../services/admin/invalidations.ts'
import { adminContext, idParam, parseAdmin, validJson } from './shared.ts'

const DAY_MS = 24 * 3600 * 1000
/** How far back the busiest-hashes view may look. */
const MAX_DAYS = 30

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)

export const invalidationsAdminApi = new Hono<AdminEnv>()
  .get('/campaigns/:slug/invalidations', async (c) => {
    const { invalidations } = await invalidationsOf(adminContext(c), c.req.param('slug'))
    return c.json({ invalidations })
  })
  .post('/campaigns/:slug/invalidations', async (c) => {
    const input = await validJson(c, (x) => parseAdmin(InvalidationInput, x))
    const criteria = criteriaOf(input)
    const ctx = adminContext(c)
    if (input.dryRun) {
      const matched = await previewFor(ctx, c.req.param('slug'), criteria)
      return c.json({ dryRun: true, criteria, matched, total: total(matched) })
    }
    const { byState, ...invalidation } = await invalidate(ctx, c.req.param('slug'), criteria)
    return c.json({ ...invalidation, matched: byState, total: invalidation.count }, 201)
  })
  .post('/invalidations/:id/revert', async (c) => {
    const { id, restored } = await revert(adminContext(c), idParam(c))
    if (restored === null) {
      throw new ApiError(409, 'conflict', 'This invalidation was already reverted.')
    }
    return c.json({ id, reverted: true, restored })
  })
  .get('/campaigns/:slug/ip-hashes', async (c) => {
    const days = Math.min(MAX_DAYS, Math.max(1, Number(c.req.query('days') ?? 3) || 3))
    const min = Math.max(1, Number(c.req.query('min') ?? 2) || 2)
    const since = Date.now() - days * DAY_MS
    const { campaign, hashes } = await busyIpHashes(adminContext(c), c.req.param('slug'), {
      since,
      min,
    })
    return c.json({ campaign, days, min, hashes })
  })
