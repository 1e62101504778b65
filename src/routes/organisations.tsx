/** Public pages of organisations: `GET /organisations/:slug/privacy`. */
import { Hono } from 'hono'
import { createDb } from '../db/client.ts'
import { findPrivacyNotice } from '../db/organisations.ts'
import type { AppEnv } from '../env.ts'
import { pageContext } from '../lib/page.ts'
import { NotFoundPage } from '../views/not-found.tsx'
import { PrivacyPage } from '../views/organisation.tsx'

export const organisationPages = new Hono<AppEnv>().get('/:slug/privacy', async (c) => {
  const ctx = pageContext(c)
  const slug = c.req.param('slug')
  const found = /^[a-z0-9-]{1,80}$/.test(slug)
    ? await findPrivacyNotice(createDb(c.env.DB), slug, ctx.lang)
    : null
  if (!found) return c.html(<NotFoundPage ctx={ctx} />, 404)
  return c.html(<PrivacyPage ctx={ctx} org={found.organisation} notice={found.notice} />)
})
