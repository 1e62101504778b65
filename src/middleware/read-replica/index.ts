/**
 * Public pages read through a D1 session that may be served by a read replica near the
 * visitor ('first-unconstrained'): page reads then never queue behind the writer. Writes keep
 * the primary (`c.env.DB` untouched on every other route). Where replication is off, or in
 * local development, a session simply reads the primary.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'

export function replicaReads(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' && typeof c.env.DB.withSession === 'function') {
      // Only prepare() and batch() are used on read paths; a session offers both.
      const session = c.env.DB.withSession('first-unconstrained') as unknown as D1Database
      c.env = { ...c.env, DB: session }
    }
    await next()
  }
}
