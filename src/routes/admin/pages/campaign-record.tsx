/**
 * The record forms of `/admin/campaigns/:slug`: updates, review date, outcome, image. Each
 * post calls one service (services/campaign-record.ts) and answers with a redirect to the edit
 * page, or the page again with the errors (422).
 */
import { type Context, Hono } from 'hono'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { campaignToEdit } from '../../../services/admin/campaigns.ts'
import {
  type AdminResult,
  addCampaignUpdate,
  markCampaignReviewed,
  recordCampaignOutcome,
  removeCampaignImage,
  removeCampaignUpdate,
  setCampaignImage,
} from '../../../services/campaign-record.ts'
import { recordErrors } from '../../../views/admin/campaign-record.tsx'
import { AdminNotFound } from '../../../views/admin/not-found.tsx'
import { imageText, serviceContext } from '../campaign-record.ts'
import { adminContext, idParam } from '../shared.ts'
import { editPage } from './campaigns.tsx'

/** `{ en, ru }` from the form fields `prefix.en`, `prefix.ru`. */
const perLanguage = (form: Record<string, string>, prefix: string) => ({
  en: form[`${prefix}.en`] ?? '',
  ru: form[`${prefix}.ru`] ?? '',
})

/** Redirect on success, the edit page with the form's errors otherwise. */
async function answer(c: Context<AdminEnv>, result: AdminResult<unknown>, done: string) {
  const slug = c.req.param('slug') ?? ''
  if (result.kind === 'ok') return c.redirect(`/admin/campaigns/${slug}?done=${done}`, 303)
  if (result.kind === 'not_found') return c.html(<AdminNotFound csrf={c.get('admin').csrf} />, 404)
  const campaign = await campaignToEdit(adminContext(c), slug)
  const { _csrf: _, ...values } = c.get('form')
  const errors =
    result.kind === 'invalid'
      ? recordErrors(result.issues)
      : { [done.startsWith('image') ? 'image' : 'outcome']: result.message }
  return editPage(c, campaign, undefined, undefined, { values, errors })
}

export const campaignRecordPages = new Hono<AdminEnv>()
  .post('/campaigns/:slug/updates', async (c) => {
    const form = c.get('form')
    const input = {
      postedOn: form.postedOn ?? '',
      text: perLanguage(form, 'text'),
      sourceUrl: form.sourceUrl ?? '',
    }
    const result = await addCampaignUpdate(
      serviceContext(c),
      c.get('actor'),
      c.req.param('slug'),
      input,
    )
    return answer(c, result, 'update-added')
  })
  .post('/campaigns/:slug/updates/:id/delete', async (c) => {
    const result = await removeCampaignUpdate(
      serviceContext(c),
      c.get('actor'),
      c.req.param('slug'),
      idParam(c),
    )
    return answer(c, result, 'update-deleted')
  })
  .post('/campaigns/:slug/review', async (c) => {
    const reviewedOn = c.get('form').reviewedOn?.trim()
    const result = await markCampaignReviewed(
      serviceContext(c),
      c.get('actor'),
      c.req.param('slug'),
      reviewedOn ? { reviewedOn } : {},
    )
    return answer(c, result, 'reviewed')
  })
  .post('/campaigns/:slug/outcome', async (c) => {
    const form = c.get('form')
    const result = await recordCampaignOutcome(
      serviceContext(c),
      c.get('actor'),
      c.req.param('slug'),
      {
        outcome: form.outcome ?? '',
        note: perLanguage(form, 'note'),
      },
    )
    return answer(c, result, 'outcome')
  })
  .post('/campaigns/:slug/image', async (c) => {
    const result = await setCampaignImage(
      serviceContext(c),
      c.get('actor'),
      c.req.param('slug'),
      () => ({ bytes: c.get('files')?.image ?? new Uint8Array(), text: imageText(c.get('form')) }),
    )
    return answer(c, result, 'image-saved')
  })
  .post('/campaigns/:slug/image/delete', async (c) => {
    const result = await removeCampaignImage(serviceContext(c), c.get('actor'), c.req.param('slug'))
    return answer(c, result, 'image-removed')
  })
