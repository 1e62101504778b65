/**
 * `/api/v1/admin/campaigns/:slug/…`: updates, review date, outcome and image. Routes only
 * translate: the services in services/campaign-record.ts act.
 */
import { type Context, Hono } from 'hono'
import { MAX_IMAGE_BYTES } from '../../domain/image.ts'
import { ApiError } from '../../lib/errors.ts'
import { readAdminJson, readAdminMultipart } from '../../middleware/admin-auth/body.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  type AdminResult,
  type AdminServiceContext,
  addCampaignUpdate,
  markCampaignReviewed,
  recordCampaignOutcome,
  removeCampaignImage,
  removeCampaignUpdate,
  setCampaignImage,
} from '../../services/campaign-record.ts'
import { idParam } from './shared.ts'

export function serviceContext(c: Context<AdminEnv>): AdminServiceContext {
  return { env: c.env, origin: new URL(c.req.url).origin }
}

/** The value of a successful result, or the API's error for the others. */
export function unwrap<T>(result: AdminResult<T>): T {
  switch (result.kind) {
    case 'ok':
      return result.value
    case 'invalid':
      throw new ApiError(400, 'invalid', 'Some fields are not valid.', result.issues)
    case 'not_found':
      throw new ApiError(404, 'not_found', 'No such campaign or update.')
    case 'conflict':
      throw new ApiError(409, 'conflict', result.message)
    case 'too_large':
      throw new ApiError(413, 'payload_too_large', result.message)
  }
}

/** The image and its text fields from a multipart upload (413 beyond the image limit). */
async function readImageUpload(request: Request) {
  try {
    const { fields, files } = await readAdminMultipart(request)
    return { bytes: files.image ?? new Uint8Array(), fields }
  } catch (err) {
    if (err instanceof ApiError && err.status === 413) {
      throw new ApiError(
        413,
        'payload_too_large',
        `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`,
      )
    }
    throw err
  }
}

/** The image text fields of a form as the service takes them. */
export function imageText(fields: Record<string, string>) {
  return {
    alt: { en: fields['alt.en'] ?? '', ru: fields['alt.ru'] ?? '' },
    credit: fields.credit ?? '',
  }
}

export const campaignRecordApi = new Hono<AdminEnv>()
  .post('/campaigns/:slug/updates', async (c) => {
    const input = await readAdminJson(c)
    const { id } = unwrap(
      await addCampaignUpdate(serviceContext(c), c.get('actor'), c.req.param('slug'), input),
    )
    return c.json({ id }, 201)
  })
  .delete('/campaigns/:slug/updates/:id', async (c) => {
    unwrap(
      await removeCampaignUpdate(
        serviceContext(c),
        c.get('actor'),
        c.req.param('slug'),
        idParam(c),
      ),
    )
    return c.json({ deleted: true })
  })
  .put('/campaigns/:slug/review', async (c) => {
    const input = await readAdminJson(c)
    return c.json(
      unwrap(
        await markCampaignReviewed(serviceContext(c), c.get('actor'), c.req.param('slug'), input),
      ),
    )
  })
  .put('/campaigns/:slug/outcome', async (c) => {
    const input = await readAdminJson(c)
    return c.json(
      unwrap(
        await recordCampaignOutcome(serviceContext(c), c.get('actor'), c.req.param('slug'), input),
      ),
    )
  })
  .on(['PUT', 'POST'], '/campaigns/:slug/image', async (c) => {
    const image = unwrap(
      await setCampaignImage(
        serviceContext(c),
        c.get('actor'),
        c.req.param('slug') ?? '',
        async () => {
          const { bytes, fields } = await readImageUpload(c.req.raw)
          return { bytes, text: imageText(fields) }
        },
      ),
    )
    return c.json({ image }, 201)
  })
  .delete('/campaigns/:slug/image', async (c) => {
    unwrap(await removeCampaignImage(serviceContext(c), c.get('actor'), c.req.param('slug')))
    return c.json({ deleted: true })
  })
