/**
 * Delivery packs and recorded deliveries. The pages (`/admin/…/delivery`) print a campaign's
 * or a defender's pack and carry the form that records a delivery; the API
 * (`/api/v1/admin/campaigns/:slug/deliveries`) lists and records them. A recorded delivery is
 * audit-logged and shown on the public campaign page.
 */
import { type Context, Hono } from 'hono'
import { createDb } from '../../db/client.ts'
import { listDeliveries, recordDelivery } from '../../db/deliveries.ts'
import { exportCampaign, findExport, namedSigners } from '../../db/exports.ts'
import { parseAdmin } from '../../domain/admin/parse.ts'
import { deliveryFormInput, deliveryInput } from '../../domain/delivery.ts'
import type { FieldIssue } from '../../lib/errors.ts'
import { ApiError, notFound } from '../../lib/errors.ts'
import { translator } from '../../lib/i18n.ts'
import { pageContext } from '../../lib/page.ts'
import { qrSvg } from '../../lib/qr.ts'
import { readAdminJson } from '../../middleware/admin-auth/body.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import { forgetCampaign } from '../../middleware/page-cache/index.ts'
import { campaignDelivery, defenderDelivery } from '../../services/tallies.ts'
import { DeliveryPack, type RecordForm } from '../../views/admin/delivery.tsx'
import { NotFoundPage } from '../../views/not-found.tsx'

/** Named signers printed in a pack; beyond this the delivery list (CSV) carries them. */
const NAMES_IN_PACK = 5000

type Recorded =
  | { ok: true; delivery: Awaited<ReturnType<typeof recordDelivery>> }
  | { ok: false; issues: FieldIssue[] }

/** Validates and records a delivery; count and digest default to the pack as it is now. */
async function record(c: Context<AdminEnv>, slug: string, input: unknown): Promise<Recorded> {
  const campaign = await exportCampaign(c.env.DB, slug)
  if (!campaign) throw notFound('campaign')
  const parsed = parseAdmin(deliveryInput(), input)
  if (!parsed.ok) return parsed
  const { deliveredOn, recipient } = parsed.value
  let { count, digest } = parsed.value
  if (digest === undefined) {
    const pack = await campaignDelivery(c.env, createDb(c.env.DB), slug, c.get('lang'))
    digest = pack?.doc.proof.digest ?? ''
  }
  count ??= campaign.confirmed
  const delivery = await recordDelivery(c.env.DB, c.get('admin').actor, campaign, {
    deliveredOn,
    recipient,
    count,
    digest,
  })
  // The public page shows deliveries: do not let a cached copy hide this one.
  await forgetCampaign(c.env.PUBLIC_ORIGIN, campaign.slug)
  return { ok: true, delivery }
}

export const deliveriesApi = new Hono<AdminEnv>()
  .get('/campaigns/:slug/deliveries', async (c) => {
    const campaign = await exportCampaign(c.env.DB, c.req.param('slug'))
    if (!campaign) throw notFound('campaign')
    return c.json({ deliveries: await listDeliveries(c.env.DB, campaign.id) })
  })
  .post('/campaigns/:slug/deliveries', async (c) => {
    const result = await record(c, c.req.param('slug'), await readAdminJson(c))
    if (!result.ok) throw new ApiError(400, 'invalid', 'The delivery is not valid.', result.issues)
    return c.json({ delivery: result.delivery }, 201)
  })

/** What every pack prints about itself: the day, and where and how to check it. */
function packFrame(c: Context<AdminEnv>) {
  const verifyUrl = `${c.env.PUBLIC_ORIGIN}/verify`
  return {
    produced: new Date().toISOString().slice(0, 10),
    verifyUrl,
    qr: qrSvg(verifyUrl, translator(c.get('lang'))('packQrLabel')),
  }
}

/** The delivery list of a campaign and the proof of its last completed download, if any. */
async function csvLink(c: Context<AdminEnv>, slug: string, title: string) {
  const last = await findExport(c.env.DB, slug, 'signatures.csv')
  const href = `/api/v1/admin/campaigns/${slug}/signatures.csv`
  return { title, href, proofHref: last ? `${href}.sig?export=${last.exportId}` : undefined }
}

async function campaignPack(c: Context<AdminEnv>, slug: string, form?: Partial<RecordForm>) {
  const lang = c.get('lang')
  const pack = await campaignDelivery(c.env, createDb(c.env.DB), slug, lang)
  if (!pack) return c.html(<NotFoundPage ctx={pageContext(c as never)} />, 404)
  const { campaign } = pack.doc
  const [names, deliveries, csv] = await Promise.all([
    namedSigners(c.env.DB, pack.campaignIds, NAMES_IN_PACK + 1),
    listDeliveries(c.env.DB, pack.campaignId),
    csvLink(c, slug, campaign.title),
  ])
  return c.html(
    <DeliveryPack
      lang={lang}
      title={campaign.title}
      campaigns={[campaign]}
      doc={pack.doc}
      names={names.slice(0, NAMES_IN_PACK)}
      namesTruncated={names.length > NAMES_IN_PACK}
      {...packFrame(c)}
      jsonUrl={`/api/v1/admin/campaigns/${slug}/delivery.json?lang=${lang}`}
      csvLinks={[csv]}
      record={{
        action: `/admin/campaigns/${slug}/deliveries`,
        csrf: c.get('admin').csrf,
        values: {},
        errors: {},
        recorded: c.req.query('recorded') === '1',
        deliveries,
        ...form,
      }}
    />,
    form?.errors && Object.keys(form.errors).length ? 422 : 200,
  )
}

export const deliveryPages = new Hono<AdminEnv>()
  .get('/campaigns/:slug/delivery', (c) => campaignPack(c, c.req.param('slug')))
  .post('/campaigns/:slug/deliveries', async (c) => {
    const slug = c.req.param('slug')
    const form = c.get('form') ?? {}
    const result = await record(c, slug, deliveryFormInput(form))
    if (result.ok) return c.redirect(`/admin/campaigns/${slug}/delivery?recorded=1`, 303)
    const errors = Object.fromEntries(result.issues.map((i) => [i.field, i.message]))
    return campaignPack(c, slug, { values: form, errors })
  })
  .get('/defenders/:slug/delivery', async (c) => {
    const lang = c.get('lang')
    const slug = c.req.param('slug')
    const pack = await defenderDelivery(c.env, createDb(c.env.DB), slug, lang)
    if (!pack) return c.html(<NotFoundPage ctx={pageContext(c as never)} />, 404)
    const { defender, campaigns } = pack.doc
    const [names, csvLinks] = await Promise.all([
      namedSigners(c.env.DB, pack.campaignIds, NAMES_IN_PACK + 1),
      Promise.all(campaigns.map((x) => csvLink(c, x.slug, x.title))),
    ])
    return c.html(
      <DeliveryPack
        lang={lang}
        title={defender.name}
        defenderName={defender.name}
        campaigns={campaigns}
        doc={pack.doc}
        names={names.slice(0, NAMES_IN_PACK)}
        namesTruncated={names.length > NAMES_IN_PACK}
        {...packFrame(c)}
        jsonUrl={`/api/v1/admin/defenders/${slug}/delivery.json?lang=${lang}`}
        csvLinks={csvLinks}
      />,
    )
  })
