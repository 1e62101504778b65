/** `GET /api/v1/admin/audit`: the organisation's newest organiser actions (ids and counts). */
import { Hono } from 'hono'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import { auditEntries } from '../../services/admin/audit.ts'
import { adminContext } from './shared.ts'

export const auditAdminApi = new Hono<AdminEnv>().get('/audit', async (c) => {
  const limit = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 100) || 100))
  return c.json({ entries: await auditEntries(adminContext(c), limit) })
})
