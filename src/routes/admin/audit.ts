/** `GET /api/v1/admin/audit`: the newest organiser actions (ids and counts, no personal data). */
import { Hono } from 'hono'
import { recentAudit } from '../../db/admin/audit.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'

export const auditAdminApi = new Hono<AdminEnv>().get('/audit', async (c) => {
  const limit = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 100) || 100))
  return c.json({ entries: await recentAudit(c.env.DB, limit) })
})
