/** `/admin`: the dashboard; `/admin/audit`: the audit log. */
import { Hono } from 'hono'
import { recentAudit } from '../../../db/admin/audit.ts'
import { dashboard } from '../../../db/admin/dashboard.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { AuditPage } from '../../../views/admin/audit.tsx'
import { DashboardPage } from '../../../views/admin/dashboard.tsx'

export const dashboardPages = new Hono<AdminEnv>()
  .get('/', async (c) =>
    c.html(<DashboardPage groups={await dashboard(c.env.DB)} csrf={c.get('admin').csrf} />),
  )
  .get('/audit', async (c) =>
    c.html(<AuditPage entries={await recentAudit(c.env.DB, 200)} csrf={c.get('admin').csrf} />),
  )
