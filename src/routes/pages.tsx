/** Public HTML pages: the campaign list, a campaign, a defender. */
import { type Context, Hono } from 'hono'
import { readCampaignPage } from '../db/campaign-page.ts'
import { findDefender, listCampaigns } from '../db/campaigns.ts'
import { createDb } from '../db/client.ts'
import type { AppEnv } from '../env.ts'
import { pageContext } from '../lib/page.ts'
import { CampaignPage, type CampaignPageExtras } from '../views/campaign.tsx'
import { DefenderPage } from '../views/defender.tsx'
import { hasErrors } from '../views/error-summary.tsx'
import { HomePage } from '../views/home.tsx'
import { MessageForm } from '../views/message-form.tsx'
import { NotFoundPage } from '../views/not-found.tsx'

/** Renders a campaign page; the sign and message routes use it to show errors (422). */
export async function renderCampaignPage(
  c: Context<AppEnv>,
  slug: string,
  extras: CampaignPageExtras & {
    message?: { sent?: boolean; errors?: Record<string, string>; values?: Record<string, string> }
    /** The partner signed through (`?partner=`, or the form's hidden field); ignored if inactive. */
    partner?: string
  } = {},
  status: 200 | 404 | 410 | 422 = 200,
) {
  // The language switch of a form's answer (POST …/sign, …/messages) leads to the campaign.
  const base = pageContext(c)
  const ctx = c.req.method === 'GET' ? base : { ...base, path: `/campaigns/${slug}` }
  // Two round trips: the campaign's row, then one batch of everything the page shows.
  const partner = extras.partner ?? c.req.query('partner')
  const page = await readCampaignPage(createDb(c.env.DB), slug, ctx.lang, partner)
  if (!page) return c.html(<NotFoundPage ctx={ctx} />, 404)
  const { campaign, recentSigners, messages, deliveries, targets, updates } = page
  const url = `${c.env.PUBLIC_ORIGIN}/campaigns/${campaign.slug}`
  const after =
    campaign.status === 'open' ? (
      <MessageForm
        ctx={ctx}
        slug={campaign.slug}
        sent={extras.message?.sent}
        errors={extras.message?.errors}
        values={extras.message?.values}
      />
    ) : null
  return c.html(
    <CampaignPage
      ctx={ctx}
      campaign={campaign}
      url={url}
      extras={{
        turnstileSiteKey: c.env.TURNSTILE_SITE_KEY,
        recentSigners,
        messages,
        deliveries,
        targets,
        updates,
        after,
        error: hasErrors(extras.errors) || hasErrors(extras.message?.errors),
        ...extras,
      }}
    />,
    status,
  )
}

export const pages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const ctx = pageContext(c)
    const campaigns = await listCampaigns(createDb(c.env.DB), ctx.lang)
    return c.html(<HomePage ctx={ctx} campaigns={campaigns} origin={c.env.PUBLIC_ORIGIN} />)
  })
  .get('/campaigns/:slug', (c) =>
    renderCampaignPage(c, c.req.param('slug'), {
      message: { sent: c.req.query('message') === 'sent' },
    }),
  )
  .get('/defenders/:slug', async (c) => {
    const ctx = pageContext(c)
    const defender = await findDefender(createDb(c.env.DB), c.req.param('slug'), ctx.lang)
    if (!defender) return c.html(<NotFoundPage ctx={ctx} />, 404)
    return c.html(<DefenderPage ctx={ctx} defender={defender} origin={c.env.PUBLIC_ORIGIN} />)
  })
