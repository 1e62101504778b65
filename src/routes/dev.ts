/** Development only: `GET /dev/outbox`, the mail the platform would have sent. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { ApiError } from '../lib/errors.ts'
import { readOutbox } from '../lib/mail/outbox.ts'

export const dev = new Hono<AppEnv>()
  .use(async (c, next) => {
    // Outside development the route does not exist at all.
    if (c.env.ENVIRONMENT !== 'development' || !c.env.OUTBOX) {
      throw new ApiError(404, 'not_found', 'No such endpoint.')
    }
    await next()
  })
  .get('/outbox', async (c) => {
    const mails = await readOutbox(c.env.OUTBOX!, c.req.query('to'))
    c.header('Cache-Control', 'no-store')
    return c.json({ mails })
  })
