/** Small pieces every admin route uses: the services' context, ids and bodies, or failing cleanly. */
import type { Context } from 'hono'
import { createDb } from '../../db/client.ts'
import { type AdminParsed, parseAdmin } from '../../domain/admin/parse.ts'
import { ApiError } from '../../lib/errors.ts'
import { readAdminJson } from '../../middleware/admin-auth/body.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import type { AdminContext } from '../../services/admin/actor.ts'
import type { MailContext } from '../../services/admin/sign-in.ts'

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

/** What sending admin mail needs: the link's origin, the page's language, the request's `waitUntil`. */
export function mailContext(c: Context<AdminEnv>): MailContext {
  return {
    env: c.env,
    origin: new URL(c.req.url).origin,
    lang: c.get('lang'),
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  }
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
