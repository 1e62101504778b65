/**
 * Review under `/api/v1/admin`: held signatures (approve → counts once the email is confirmed;
 * reject → invalidated) and messages of solidarity (approve → shown; reject → hidden).
 */
import { type Context, Hono } from 'hono'
import type { AdminMessage } from '../../db/admin/moderation.ts'
import { ApiError } from '../../lib/errors.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  heldSignatures,
  messagesInReview,
  type ReviewQuery,
  reviewMessage,
  reviewSignature,
} from '../../services/admin/moderation.ts'
import { adminContext, idParam } from './shared.ts'

const MESSAGE_STATES = ['pending', 'approved', 'rejected'] as const

/** `?campaign=SLUG&after=ID&limit=N` shared by both lists. */
function listQuery(c: Context<AdminEnv>): ReviewQuery {
  const after = Math.max(0, Number.parseInt(c.req.query('after') ?? '0', 10) || 0)
  const limit = Math.min(200, Math.max(1, Number.parseInt(c.req.query('limit') ?? '50', 10) || 50))
  return { campaign: c.req.query('campaign') || undefined, after, limit }
}

const decisionOf = (c: Context<AdminEnv>) => c.req.param('decision') as 'approve' | 'reject'

export const moderationAdminApi = new Hono<AdminEnv>()
  .get('/held', async (c) =>
    c.json({ signatures: await heldSignatures(adminContext(c), listQuery(c)) }),
  )
  .get('/campaigns/:slug/held', async (c) => {
    const query = { ...listQuery(c), campaign: c.req.param('slug') }
    return c.json({ signatures: await heldSignatures(adminContext(c), query) })
  })
  .post('/signatures/:id/:decision{approve|reject}', async (c) => {
    const outcome = await reviewSignature(adminContext(c), idParam(c), decisionOf(c))
    return c.json({ id: idParam(c), status: outcome.status })
  })
  .get('/messages', async (c) => {
    const status = (c.req.query('status') ?? 'pending') as AdminMessage['status']
    if (!MESSAGE_STATES.includes(status)) {
      throw new ApiError(400, 'invalid', 'status is pending, approved or rejected.')
    }
    return c.json({
      messages: await messagesInReview(adminContext(c), { ...listQuery(c), status }),
    })
  })
  .post('/messages/:id/:decision{approve|reject}', async (c) => {
    const outcome = await reviewMessage(adminContext(c), idParam(c), decisionOf(c))
    const status = decisionOf(c) === 'approve' ? 'approved' : 'rejected'
    return c.json({ id: idParam(c), status, changed: outcome.status !== 'unchanged' })
  })
