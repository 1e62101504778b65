/** `/admin/campaigns`: the list with open/close, and a campaign's edit form. */
import { type Context, Hono } from 'hono'
import {
  type AdminCampaignDetail,
  findAdminCampaign,
  listAdminCampaigns,
  setCampaignStatus,
  updateCampaign,
} from '../../../db/admin/campaigns.ts'
import { readCampaignRecord } from '../../../db/campaign-record.ts'
import { createDb } from '../../../db/client.ts'
import { CampaignEdit } from '../../../domain/admin/campaign-edit.ts'
import { parseAdmin } from '../../../domain/admin/parse.ts'
import { LANGS } from '../../../env.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import type { RecordFormState } from '../../../views/admin/campaign-record.tsx'
import {
  CampaignEditPage,
  CampaignListPage,
  type EditValues,
  editValues,
} from '../../../views/admin/campaigns.tsx'
import { AdminNotFound } from '../../../views/admin/not-found.tsx'
import { forgetPublic } from '../shared.ts'

const NOTICES: Record<string, string> = {
  saved: 'Saved.',
  imported: 'The imported campaigns are saved as drafts: review them, then publish (open) them.',
  opened: 'The campaign is open.',
  closed: 'The campaign is closed: new signatures are refused.',
  reviewed: 'The review date is saved.',
  'update-added': 'The update is published on the campaign page.',
  'update-deleted': 'The update is deleted.',
  outcome: 'The outcome is saved; the campaign is closed.',
  'image-saved': 'The image is saved.',
  'image-removed': 'The image is removed.',
}

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

export async function campaignOrNotFound(c: Context<AdminEnv>) {
  return findAdminCampaign(c.env.DB, c.req.param('slug') ?? '')
}

/** The edit page; with `recordForm`, one of the record forms was refused (422). */
export async function editPage(
  c: Context<AdminEnv>,
  campaign: AdminCampaignDetail,
  values: EditValues = editValues(campaign),
  errors: Record<string, string> = {},
  recordForm?: RecordFormState,
) {
  const record = await readCampaignRecord(createDb(c.env.DB), campaign.id)
  return c.html(
    <CampaignEditPage
      campaign={campaign}
      values={values}
      errors={errors}
      csrf={c.get('admin').csrf}
      notice={NOTICES[c.req.query('done') ?? '']}
      record={record}
      recordForm={recordForm}
    />,
    Object.keys(errors).length || recordForm ? 422 : 200,
  )
}

async function setStatus(c: Context<AdminEnv>, to: 'open' | 'closed') {
  const campaign = await campaignOrNotFound(c)
  if (!campaign) return c.html(<AdminNotFound csrf={c.get('admin').csrf} />, 404)
  // A draft is opened or left alone; "closing" it would make it public as a closed campaign.
  if (!(to === 'closed' && campaign.status === 'draft')) {
    await setCampaignStatus(c.env.DB, campaign, to, c.get('admin').actor)
    await forgetPublic(c, campaign.slug)
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
        campaigns={await listAdminCampaigns(c.env.DB)}
        csrf={c.get('admin').csrf}
        notice={NOTICES[c.req.query('done') ?? '']}
      />,
    ),
  )
  .get('/campaigns/:slug', async (c) => {
    const campaign = await campaignOrNotFound(c)
    if (!campaign) return c.html(<AdminNotFound csrf={c.get('admin').csrf} />, 404)
    return editPage(c, campaign)
  })
  .post('/campaigns/:slug', async (c) => {
    const campaign = await campaignOrNotFound(c)
    if (!campaign) return c.html(<AdminNotFound csrf={c.get('admin').csrf} />, 404)
    const form = c.get('form')
    const parsed = parseAdmin(CampaignEdit, formToEdit(form, campaign))
    if (!parsed.ok) {
      // Per-item issues (`asks.2`, `allowedOrigins.0`) belong to the field holding the list.
      const errors = Object.fromEntries(
        parsed.issues.map((i) => [i.field.replace(/(\.\d+)+$/, ''), i.message]),
      )
      return editPage(c, campaign, form, errors)
    }
    await updateCampaign(c.env.DB, campaign, parsed.value, c.get('admin').actor)
    await forgetPublic(c, campaign.slug)
    return c.redirect(`/admin/campaigns/${campaign.slug}?done=saved`, 303)
  })
  .post('/campaigns/:slug/open', (c) => setStatus(c, 'open'))
  .post('/campaigns/:slug/close', (c) => setStatus(c, 'closed'))
