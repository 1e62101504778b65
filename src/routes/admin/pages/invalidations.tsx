/**
 * `/admin/campaigns/:slug/invalidations`: criteria are always previewed first; the preview
 * carries the button that applies exactly those criteria. Reverting is one button per row.
 */

import { type Context, Hono } from 'hono'
import type { StateCounts } from '../../../db/admin/invalidations.ts'
import { criteriaOf, InvalidationInput } from '../../../domain/admin/invalidation.ts'
import { parseAdmin } from '../../../domain/admin/parse.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import {
  busyIpHashes,
  invalidate,
  invalidationsOf,
  previewFor,
  revert,
} from '../../../services/admin/invalidations.ts'
import { type InvalidationForm, InvalidationsPage } from '../../../views/admin/invalidations.tsx'
import { adminText } from '../../../views/admin/text.ts'
import { adminContext } from '../shared.ts'

const DAYS = 3
const DAY_MS = 24 * 3600 * 1000

const NOTICES = () => adminText().notices.invalidations

/** A time typed without a zone is UTC, as the form says. */
const utc = (text: string) => (/(z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`)

/** The form as the API's criteria body. */
export function formToCriteria(form: Record<string, string>, dryRun: boolean) {
  const hashes = (form.ipHash ?? '').split(/\s+/).filter(Boolean)
  const text = (name: string) => (form[name] ?? '').trim() || undefined
  const from = text('from')
  const to = text('to')
  return {
    ipHash: hashes.length ? hashes : undefined,
    emailDomain: text('emailDomain'),
    from: from ? utc(from) : undefined,
    to: to ? utc(to) : undefined,
    reason: text('reason'),
    dryRun,
  }
}

async function page(
  c: Context<AdminEnv>,
  slug: string,
  extra: {
    values?: Partial<InvalidationForm>
    errors?: Record<string, string>
    preview?: { matched: StateCounts; total: number } | null
  } = {},
) {
  const since = Date.now() - DAYS * DAY_MS
  const ctx = adminContext(c)
  const [{ hashes }, { campaign, invalidations: history }] = await Promise.all([
    busyIpHashes(ctx, slug, { since }),
    invalidationsOf(ctx, slug),
  ])
  const errors = extra.errors ?? {}
  return c.html(
    <InvalidationsPage
      campaign={campaign}
      values={{ ipHash: '', emailDomain: '', from: '', to: '', reason: '', ...extra.values }}
      errors={errors}
      preview={extra.preview ?? null}
      hashes={hashes}
      days={DAYS}
      history={history}
      csrf={c.get('admin').csrf}
      notice={NOTICES()[c.req.query('done') ?? '']}
    />,
    Object.keys(errors).length ? 422 : 200,
  )
}

export const invalidationPages = new Hono<AdminEnv>()
  .get('/campaigns/:slug/invalidations', (c) => page(c, c.req.param('slug')))
  .post('/campaigns/:slug/invalidations', async (c) => {
    const slug = c.req.param('slug')
    const form = c.get('form')
    const apply = form.op === 'apply'
    const parsed = parseAdmin(InvalidationInput, formToCriteria(form, !apply))
    const values = {
      ipHash: form.ipHash ?? '',
      emailDomain: form.emailDomain ?? '',
      from: form.from ?? '',
      to: form.to ?? '',
      reason: form.reason ?? '',
    }
    if (!parsed.ok) {
      const errors = Object.fromEntries(
        parsed.issues.map((i) => [i.field.replace(/(\.\d+)+$/, ''), i.message]),
      )
      return page(c, slug, { values, errors })
    }
    const criteria = criteriaOf(parsed.value)
    if (!apply) {
      const matched = await previewFor(adminContext(c), slug, criteria)
      const total = matched.confirmed + matched.pending + matched.held
      return page(c, slug, { values, preview: { matched, total } })
    }
    await invalidate(adminContext(c), slug, criteria)
    return c.redirect(`/admin/campaigns/${slug}/invalidations?done=applied`, 303)
  })
  .post('/invalidations/:id{[1-9][0-9]{0,15}}/revert', async (c) => {
    const { slug, restored } = await revert(adminContext(c), Number(c.req.param('id')))
    const done = restored === null ? 'already' : 'reverted'
    return c.redirect(`/admin/campaigns/${slug}/invalidations?done=${done}`, 303)
  })
