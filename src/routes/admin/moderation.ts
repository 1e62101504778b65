/**
 * Review under `/api/v1/admin`: held signatures (approve → counts once the email is confirmed;
 * reject → invalidated) and messages of solidarity (approve → shown; reject → hidden).
 */
import { type Context, Hono } from 'hono'
import {
  type AdminMessage,
  listHeld,
  listMessages,
  moderateMessage,
  reviewHeld,
} from '../../db/admin/moderation.ts'
import { ApiError } from '../../lib/errors.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import { campaignOr404, forgetPublic, idParam } from './shared.ts'

const MESSAGE_STATES = ['pending', 'approved', 'rejected'] as const

/** `?campaign=SLUG&after=ID&limit=N` shared by both lists. */
async function listQuery(c: Context<AdminEnv>) {
  const slug = c.req.query('campaign')
  const campaignId = slug ? (await campaignOr404(c, slug)).id : undefined
  const after = Math.max(0, Number.parseInt(c.req.query('after') ?? '0', 10) || 0)
  const limit = Math.min(200, Math.max(1, Number.parseInt(c.req.query('limit') ?? '50', 10) || 50))
  return { campaignId, after, limit }
}

export const moderationAdminApi = new Hono<AdminEnv>()
  .get('/held', async (c) => c.json({ signatures: await listHeld(c.env.DB, await listQuery(c)) }))
  .get('/campaigns/:slug/held', async (c) => {
    const campaign = await campaignOr404(c)
    const query = await listQuery(c)
    return c.json({ signatures: await listHeld(c.env.DB, { ...query, campaignId: campaign.id }) })
  })
  .post('/signatures/:id/:decision{approve|reject}', async (c) => {
    const decision = c.req.param('decision') as 'approve' | 'reject'
    const outcome = await reviewHeld(c.env.DB, idParam(c), decision, c.get('admin').actor)
    if (outcome.status === 'not_found') throw new ApiError(404, 'not_found', 'No such signature.')
    if (outcome.status === 'not_held') {
      throw new ApiError(409, 'conflict', 'This signature is not held for review.')
    }
    if (outcome.status === 'confirmed') await forgetPublic(c, outcome.campaignSlug)
    return c.json({ id: idParam(c), status: outcome.status })
  })
  .get('/messages', async (c) => {
    const status = (c.req.query('status') ?? 'pending') as AdminMessage['status']
    if (!MESSAGE_STATES.includes(status)) {
      throw new ApiError(400, 'invalid', 'status is pending, approved or rejected.')
    }
    return c.json({ messages: await listMessages(c.env.DB, { ...(await listQuery(c)), status }) })
  })
  .post('/messages/:id/:decision{approve|reject}', async (c) => {
    const decision = c.req.param('decision') as 'approve' | 'reject'
    const outcome = await moderateMessage(c.env.DB, idParam(c), decision, c.get('admin').actor)
    if (outcome.status === 'not_found') throw new ApiError(404, 'not_found', 'No such message.')
    const changed = outcome.status !== 'unchanged'
    if (changed) await forgetPublic(c, outcome.campaignSlug)
    const status = decision === 'approve' ? 'approved' : 'rejected'
    return c.json({ id: idParam(c), status, changed })
  })
