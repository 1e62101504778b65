/**
 * Delivery packs and recorded deliveries. The pages (`/admin/…/delivery`) print a campaign's
 * or a defender's pack and carry the form that records a delivery; the API
 * (`/api/v1/admin/campaigns/:slug/deliveries`) lists and records them. A recorded delivery is
 * audit-logged and shown on the public campaign page.
 */
import { type Context, Hono } from 'hono'
import { deliveryFormInput } from '../../domain/delivery.ts'
import { ApiError } from '../../lib/errors.ts'
import { translator } from '../../lib/i18n.ts'
import { pageContext } from '../../lib/page.ts'
import { qrSvg } from '../../lib/qr.ts'
import { readAdminJson } from '../../middleware/admin-auth/body.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  defenderPack,
  deliveriesOf,
  campaignPack as packOf,
  recordDeliveryOf,
} from '../../services/admin/deliveries.ts'
import { DeliveryPack, type RecordForm } from '../../views/admin/delivery.tsx'
import { NotFoundPage } from '../../views/not-found.tsx'
import { adminContext } from './shared.ts'

export const deliveriesApi = new Hono<AdminEnv>()
  .get('/campaigns/:slug/deliveries', async (c) =>
    c.json({ deliveries: await deliveriesOf(adminContext(c), c.req.param('slug')) }),
  )
  .post('/campaigns/:slug/deliveries', async (c) => {
    const result = await recordDeliveryOf(
      adminContext(c),
      c.req.param('slug'),
      await readAdminJson(c),
    )
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

/** A 404 page for a pack that does not exist (a 403 stays the guard's plain answer). */
async function orNotFound<T>(c: Context<AdminEnv>, work: Promise<T>): Promise<T | Response> {
  try {
    return await work
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return c.html(<NotFoundPage ctx={pageContext(c as never)} />, 404)
    }
    throw err
  }
}

async function campaignPack(c: Context<AdminEnv>, slug: string, form?: Partial<RecordForm>) {
  const lang = c.get('lang')
  const found = await orNotFound(c, packOf(adminContext(c), slug))
  if (found instanceof Response) return found
  const { pack, names, namesTruncated, deliveries, csvLinks } = found
  const { campaign } = pack.doc
  return c.html(
    <DeliveryPack
      lang={lang}
      title={campaign.title}
      campaigns={[campaign]}
      doc={pack.doc}
      names={names}
      namesTruncated={namesTruncated}
      {...packFrame(c)}
      jsonUrl={`/api/v1/admin/campaigns/${slug}/delivery.json?lang=${lang}`}
      csvLinks={csvLinks}
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
    const result = await recordDeliveryOf(adminContext(c), slug, deliveryFormInput(form))
    if (result.ok) return c.redirect(`/admin/campaigns/${slug}/delivery?recorded=1`, 303)
    const errors = Object.fromEntries(result.issues.map((i) => [i.field, i.message]))
    return campaignPack(c, slug, { values: form, errors })
  })
  .get('/defenders/:slug/delivery', async (c) => {
    const lang = c.get('lang')
    const slug = c.req.param('slug')
    const found = await orNotFound(c, defenderPack(adminContext(c), slug))
    if (found instanceof Response) return found
    const { pack, names, namesTruncated, csvLinks } = found
    const { defender, campaigns } = pack.doc
    return c.html(
      <DeliveryPack
        lang={lang}
        title={defender.name}
        defenderName={defender.name}
        campaigns={campaigns}
        doc={pack.doc}
        names={names}
        namesTruncated={namesTruncated}
        {...packFrame(c)}
        jsonUrl={`/api/v1/admin/defenders/${slug}/delivery.json?lang=${lang}`}
        csvLinks={csvLinks}
      />,
    )
  })
