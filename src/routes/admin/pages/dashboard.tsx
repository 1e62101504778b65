/** `/admin`: the dashboard; `/admin/audit`: the audit log. */
import { Hono } from 'hono'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { auditEntries, dashboardOf } from '../../../services/admin/audit.ts'
import { AuditPage } from '../../../views/admin/audit.tsx'
import { DashboardPage } from '../../../views/admin/dashboard.tsx'
import { adminContext } from '../shared.ts'

export const dashboardPages = new Hono<AdminEnv>()
  .get('/', async (c) =>
    c.html(
      <DashboardPage groups={await dashboardOf(adminContext(c))} csrf={c.get('admin').csrf} />,
    ),
  )
  .get('/audit', async (c) =>
    c.html(
      <AuditPage entries={await auditEntries(adminContext(c), 200)} csrf={c.get('admin').csrf} />,
    ),
  )
