/** `/admin/review`: held signatures and waiting messages, with their approve/reject forms. */
import { type Context, Hono } from 'hono'
import { findAdminCampaign, listAdminCampaigns } from '../../../db/admin/campaigns.ts'
import {
  listHeld,
  listMessages,
  moderateMessage,
  reviewHeld,
} from '../../../db/admin/moderation.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { ReviewPage } from '../../../views/admin/review.tsx'
import { forgetPublic } from '../shared.ts'

const NOTICES: Record<string, string> = {
  approved: 'Approved.',
  rejected: 'Rejected.',
  gone: 'That was already decided (or no longer exists).',
}

const SLUG = /^[a-z0-9-]{1,100}$/

/** Back to the review page, for the same campaign if one was chosen. */
function back(c: Context<AdminEnv>, done: string) {
  const slug = c.get('form').back ?? ''
  const campaign = SLUG.test(slug) ? `campaign=${slug}&` : ''
  return c.redirect(`/admin/review?${campaign}done=${done}`, 303)
}

const decisionOf = (c: Context<AdminEnv>) => c.req.param('decision') as 'approve' | 'reject'
const idOf = (c: Context<AdminEnv>) => Number(c.req.param('id'))

export const reviewPages = new Hono<AdminEnv>()
  .get('/review', async (c) => {
    const slug = c.req.query('campaign') || null
    const chosen = slug ? await findAdminCampaign(c.env.DB, slug) : null
    const filter = { campaignId: chosen?.id, limit: 100 }
    const [campaigns, held, messages] = await Promise.all([
      listAdminCampaigns(c.env.DB),
      listHeld(c.env.DB, filter),
      listMessages(c.env.DB, filter),
    ])
    return c.html(
      <ReviewPage
        campaigns={campaigns}
        campaign={chosen?.slug ?? null}
        held={held}
        messages={messages}
        csrf={c.get('admin').csrf}
        notice={NOTICES[c.req.query('done') ?? '']}
      />,
    )
  })
  .post('/signatures/:id{[1-9][0-9]{0,15}}/:decision{approve|reject}', async (c) => {
    const outcome = await reviewHeld(c.env.DB, idOf(c), decisionOf(c), c.get('admin').actor)
    if (!('campaignSlug' in outcome)) return back(c, 'gone')
    if (outcome.status === 'confirmed') await forgetPublic(c, outcome.campaignSlug)
    return back(c, decisionOf(c) === 'approve' ? 'approved' : 'rejected')
  })
  .post('/messages/:id{[1-9][0-9]{0,15}}/:decision{approve|reject}', async (c) => {
    const outcome = await moderateMessage(c.env.DB, idOf(c), decisionOf(c), c.get('admin').actor)
    if (outcome.status === 'not_found') return back(c, 'gone')
    if (outcome.status !== 'unchanged') await forgetPublic(c, outcome.campaignSlug)
    return back(c, decisionOf(c) === 'approve' ? 'approved' : 'rejected')
  })
