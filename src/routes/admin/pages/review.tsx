/** `/admin/review`: held signatures and waiting messages, with their approve/reject forms. */
import { type Context, Hono } from 'hono'
import { ApiError } from '../../../lib/errors.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { listCampaigns } from '../../../services/admin/campaigns.ts'
import {
  heldSignatures,
  messagesInReview,
  reviewMessage,
  reviewSignature,
} from '../../../services/admin/moderation.ts'
import { ReviewPage } from '../../../views/admin/review.tsx'
import { adminText } from '../../../views/admin/text.ts'
import { adminContext } from '../shared.ts'

const NOTICES = () => adminText().notices.review

const SLUG = /^[a-z0-9-]{1,100}$/

/** Back to the review page, for the same campaign if one was chosen. */
function back(c: Context<AdminEnv>, done: string) {
  const slug = c.get('form').back ?? ''
  const campaign = SLUG.test(slug) ? `campaign=${slug}&` : ''
  return c.redirect(`/admin/review?${campaign}done=${done}`, 303)
}

const decisionOf = (c: Context<AdminEnv>) => c.req.param('decision') as 'approve' | 'reject'
const idOf = (c: Context<AdminEnv>) => Number(c.req.param('id'))

/** Runs a decision; one already taken (or on something gone) goes back with a notice. */
async function decide(c: Context<AdminEnv>, work: () => Promise<unknown>) {
  try {
    await work()
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 409)) {
      return back(c, 'gone')
    }
    throw err
  }
  return back(c, decisionOf(c) === 'approve' ? 'approved' : 'rejected')
}

export const reviewPages = new Hono<AdminEnv>()
  .get('/review', async (c) => {
    const ctx = adminContext(c)
    const slug = c.req.query('campaign') || undefined
    const filter = { campaign: slug, limit: 100 }
    const [campaigns, held, messages] = await Promise.all([
      listCampaigns(ctx),
      heldSignatures(ctx, filter),
      messagesInReview(ctx, filter),
    ])
    return c.html(
      <ReviewPage
        campaigns={campaigns}
        campaign={slug ?? null}
        held={held}
        messages={messages}
        csrf={c.get('admin').csrf}
        notice={NOTICES()[c.req.query('done') ?? '']}
      />,
    )
  })
  .post('/signatures/:id{[1-9][0-9]{0,15}}/:decision{approve|reject}', (c) =>
    decide(c, () => reviewSignature(adminContext(c), idOf(c), decisionOf(c))),
  )
  .post('/messages/:id{[1-9][0-9]{0,15}}/:decision{approve|reject}', (c) =>
    decide(c, () => reviewMessage(adminContext(c), idOf(c), decisionOf(c))),
  )
