/** `/admin/campaigns`: the list with open/close, and a campaign's edit form. */
import { type Context, Hono } from 'hono'
import type { AdminCampaignDetail } from '../../../db/admin/campaigns.ts'
import { CampaignEdit } from '../../../domain/admin/campaign-edit.ts'
import { parseAdmin } from '../../../domain/admin/parse.ts'
import { publicEditIssues, publishIssues } from '../../../domain/admin/publish-check.ts'
import { type AppEnv, LANGS } from '../../../env.ts'
import { pageContext } from '../../../lib/page.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import {
  campaignRecordOf,
  campaignToEdit,
  editCampaign,
  getCampaign,
  listCampaigns,
  previewCampaign,
  setStatus as setCampaignStatus,
} from '../../../services/admin/campaigns.ts'
import type { RecordFormState } from '../../../views/admin/campaign-record.tsx'
import {
  CampaignEditPage,
  CampaignListPage,
  ConfirmStatusPage,
  type EditValues,
  editValues,
} from '../../../views/admin/campaigns.tsx'
import { adminText } from '../../../views/admin/text.ts'
import { CampaignPage } from '../../../views/campaign.tsx'
import { adminContext } from '../shared.ts'

const NOTICES = () => adminText().notices.campaigns

const TEXT_FIELDS = ['title', 'summary', 'story', 'target', 'asks'] as const

/** The form as the API's edit body; a language nobody wrote (all empty) is left out. */
export function formToEdit(form: Record<string, string>, campaign: AdminCampaignDetail) {
  const translations: Record<string, unknown> = {}
  for (const lang of LANGS) {
    const get = (k: string) => form[`translations.${lang}.${k}`] ?? ''
    if (!campaign.translations[lang] && TEXT_FIELDS.every((k) => !get(k).trim())) continue
    translations[lang] = {
      title: get('title'),
      summary: get('summary'),
      story: get('story'),
      target: get('target'),
      asks: get('asks')
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean),
    }
  }
  const goal = (form.goal ?? '').trim()
  return {
    goal: /^\d+$/.test(goal) ? Number(goal) : goal,
    allowedOrigins: (form.allowedOrigins ?? '').split(/\s+/).filter(Boolean),
    translations,
  }
}

/** The edit page; with `recordForm`, one of the record forms was refused (422). */
export async function editPage(
  c: Context<AdminEnv>,
  campaign: AdminCampaignDetail,
  values: EditValues = editValues(campaign),
  errors: Record<string, string> = {},
  recordForm?: RecordFormState,
) {
  const record = await campaignRecordOf(adminContext(c), campaign.slug)
  return c.html(
    <CampaignEditPage
      campaign={campaign}
      values={values}
      errors={errors}
      csrf={c.get('admin').csrf}
      notice={NOTICES()[c.req.query('done') ?? '']}
      record={record}
      recordForm={recordForm}
    />,
    Object.keys(errors).length || recordForm ? 422 : 200,
  )
}

async function setStatus(c: Context<AdminEnv>, to: 'open' | 'closed') {
  const ctx = adminContext(c)
  const campaign = await campaignToEdit(ctx, c.req.param('slug') ?? '')
  // Publishing is refused while a language the campaign lists lacks a title, summary or asks
  // (the service refuses it too; here the form says where).
  const issues = to === 'open' ? publishIssues(campaign) : []
  if (issues.length) {
    return editPage(
      c,
      campaign,
      editValues(campaign),
      Object.fromEntries(
        issues.map((i) => [i.field, `${i.message} Fill it in before publishing.`]),
      ),
    )
  }
  // A draft is opened or left alone; "closing" it would make it public as a closed campaign.
  if (!(to === 'closed' && campaign.status === 'draft')) {
    await setCampaignStatus(ctx, campaign.slug, to)
  }
  return c.redirect(
    `/admin/campaigns/${campaign.slug}?done=${to === 'open' ? 'opened' : 'closed'}`,
    303,
  )
}

export const campaignPages = new Hono<AdminEnv>()
  .get('/campaigns', async (c) =>
    c.html(
      <CampaignListPage
        campaigns={await listCampaigns(adminContext(c))}
        csrf={c.get('admin').csrf}
        notice={NOTICES()[c.req.query('done') ?? '']}
      />,
    ),
  )
  .get('/campaigns/:slug', async (c) => {
    const campaign = await getCampaign(adminContext(c), c.req.param('slug'))
    return editPage(c, campaign)
  })
  .post('/campaigns/:slug', async (c) => {
    const ctx = adminContext(c)
    const campaign = await campaignToEdit(ctx, c.req.param('slug'))
    const form = c.get('form')
    const parsed = parseAdmin(CampaignEdit, formToEdit(form, campaign))
    // A public campaign keeps its asks (only a draft may have none).
    const publicIssues = publicEditIssues(
      campaign.status,
      (formToEdit(form, campaign) as { translations?: Record<string, { asks?: string[] }> })
        .translations,
    )
    if (!parsed.ok || publicIssues.length) {
      const issues = [...(parsed.ok ? [] : parsed.issues), ...publicIssues]
      // Per-item issues (`asks.2`, `allowedOrigins.0`) belong to the field holding the list.
      const errors = Object.fromEntries(
        issues.map((i) => [i.field.replace(/(\.\d+)+$/, ''), i.message]),
      )
      return editPage(c, campaign, form, errors)
    }
    await editCampaign(ctx, campaign.slug, parsed.value)
    return c.redirect(`/admin/campaigns/${campaign.slug}?done=saved`, 303)
  })
  // The confirmation step before Publish and Close: what will happen, and the button that does it.
  .get('/campaigns/:slug/confirm', async (c) => {
    const campaign = await campaignToEdit(adminContext(c), c.req.param('slug'))
    const action = c.req.query('action') === 'close' ? 'close' : 'open'
    return c.html(
      <ConfirmStatusPage
        campaign={campaign}
        action={action}
        issues={action === 'open' ? publishIssues(campaign) : []}
        csrf={c.get('admin').csrf}
      />,
    )
  })
  // A draft as the public would see it, for signed-in organisers only (this router is behind sign-in).
  .get('/campaigns/:slug/preview', async (c) => {
    const ctx = pageContext(c as unknown as Context<AppEnv>)
    const campaign = await previewCampaign(adminContext(c), c.req.param('slug'), ctx.lang)
    c.header('Cache-Control', 'no-store')
    c.header('X-Robots-Tag', 'noindex')
    return c.html(
      <CampaignPage
        ctx={ctx}
        campaign={campaign}
        url={`${c.env.PUBLIC_ORIGIN}/campaigns/${campaign.slug}`}
        extras={{
          after: (
            <p class="notice" role="status">
              {adminText().campaigns.previewNotice(
                adminText().statuses[campaign.status] ?? campaign.status,
              )}
            </p>
          ),
        }}
      />,
    )
  })
  .post('/campaigns/:slug/open', (c) => setStatus(c, 'open'))
  .post('/campaigns/:slug/close', (c) => setStatus(c, 'closed'))
