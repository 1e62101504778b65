/** `/admin`: the dashboard; `/admin/audit`: the audit log. */
import { Hono } from 'hono'
import { recentAudit } from '../../../db/admin/audit.ts'
import { dashboard } from '../../../db/admin/dashboard.ts'
import { mailBacklog } from '../../../db/mail.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { AuditPage } from '../../../views/admin/audit.tsx'
import { DashboardPage } from '../../../views/admin/dashboard.tsx'
import { MailBacklogBlock } from '../../../views/admin/mail-backlog.tsx'

export const dashboardPages = new Hono<AdminEnv>()
  .get('/', async (c) => {
    const [groups, backlog] = await Promise.all([dashboard(c.env.DB), mailBacklog(c.env.DB)])
    return c.html(
      <DashboardPage groups={groups} csrf={c.get('admin').csrf}>
        <MailBacklogBlock backlog={backlog} now={Date.now()} />
      </DashboardPage>,
    )
  })
  .get('/audit', async (c) =>
    c.html(<AuditPage entries={await recentAudit(c.env.DB, 200)} csrf={c.get('admin').csrf} />),
  )
