/** The audit log page: who did what, when (ids, counts and criteria; no personal data). */
import type { AuditEntry } from '../../db/admin/audit.ts'
import { AdminLayout, type AdminPageProps, ScrollTable, utcTime } from './layout.tsx'
import { adminText } from './text.ts'

const T = () => adminText().audit

export function AuditPage(props: AdminPageProps & { entries: AuditEntry[] }) {
  return (
    <AdminLayout title={T().title} current="/admin/audit" csrf={props.csrf}>
      <h1>{T().title}</h1>
      <ScrollTable label={T().title} columns={T().columns}>
        {props.entries.map((e) => (
          <tr>
            <td>{utcTime(e.at)}</td>
            <td>
              {e.actorName ? `${e.actorName} ` : null}
              <code class="muted">{e.actor}</code>
            </td>
            <td>{e.action}</td>
            <td>{e.subject ?? '—'}</td>
            <td>
              <code class="detail">{e.detail === null ? '' : JSON.stringify(e.detail)}</code>
            </td>
          </tr>
        ))}
      </ScrollTable>
    </AdminLayout>
  )
}
