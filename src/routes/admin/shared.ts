/** Small pieces every admin route uses: finding a campaign or a numeric id, or failing cleanly. */
import type { Context } from 'hono'
import { type AdminCampaignDetail, findAdminCampaign } from '../../db/admin/campaigns.ts'
import { type AdminParsed, parseAdmin } from '../../domain/admin/parse.ts'
import { ApiError } from '../../lib/errors.ts'
import { readAdminJson } from '../../middleware/admin-auth/body.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import { forgetCampaign } from '../../middleware/page-cache/index.ts'
import type { AdminContext } from '../../services/admin/actor.ts'
import { createDb } from '../../db/client.ts'

export async function campaignOr404(
  c: Context<AdminEnv>,
  slug = c.req.param('slug') ?? '',
): Promise<AdminCampaignDetail> {
  const campaign = await findAdminCampaign(c.env.DB, slug)
  if (!campaign) throw new ApiError(404, 'not_found', 'No such campaign.')
  return campaign
}

/** A positive integer path parameter, else 404 (an id that cannot exist). */
export function idParam(c: Context<AdminEnv>, name = 'id'): number {
  const text = c.req.param(name) ?? ''
  const id = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(id)) throw new ApiError(404, 'not_found', 'No such item.')
  return id
}

/** The JSON body validated by an admin schema, or a 400 with per-field issues. */
export async function validJson<T>(
  c: Context<AdminEnv>,
  parse: (input: unknown) => AdminParsed<T>,
): Promise<T> {
  const parsed = parse(await readAdminJson(c))
  if (!parsed.ok) throw new ApiError(400, 'invalid', 'Some fields are not valid.', parsed.issues)
  return parsed.value
}

export { parseAdmin }

/** After a change the public pages show: drop this location's cached copies at once. */
export function forgetPublic(c: Context<AdminEnv>, slug: string): Promise<void> {
  return forgetCampaign(new URL(c.req.url).origin, slug)
}

/** The context admin services take: the actor the guard found, the db, the request's origin. */
export function adminContext(c: Context<AdminEnv>): AdminContext {
  return {
    env: c.env,
    db: createDb(c.env.DB),
    actor: c.get('actor'),
    lang: c.get('lang'),
    origin: new URL(c.req.url).origin,
  }
}
