/** `/admin`: the dashboard; `/admin/audit`: the audit log. */
import { Hono } from 'hono'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { auditEntries, dashboardOf, mailBacklogOf } from '../../../services/admin/audit.ts'
import { AuditPage } from '../../../views/admin/audit.tsx'
import { DashboardPage } from '../../../views/admin/dashboard.tsx'
import { MailBacklogBlock } from '../../../views/admin/mail-backlog.tsx'
import { adminContext } from '../shared.ts'

export const dashboardPages = new Hono<AdminEnv>()
  .get('/', async (c) => {
    const ctx = adminContext(c)
    const [groups, backlog] = await Promise.all([dashboardOf(ctx), mailBacklogOf(ctx)])
    return c.html(
      <DashboardPage groups={groups} csrf={c.get('admin').csrf}>
        <MailBacklogBlock backlog={backlog} now={Date.now()} />
      </DashboardPage>,
    )
  })
  .get('/audit', async (c) =>
    c.html(
      <AuditPage entries={await auditEntries(adminContext(c), 200)} csrf={c.get('admin').csrf} />,
    ),
  )
