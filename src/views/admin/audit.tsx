/** The audit log page: who did what, when (ids, counts and criteria; no personal data). */
import type { AuditEntry } from '../../db/admin/audit.ts'
import { AdminLayout, type AdminPageProps, utcTime } from './layout.tsx'

export function AuditPage(props: AdminPageProps & { entries: AuditEntry[] }) {
  return (
    <AdminLayout title="Audit log" current="/admin/audit" csrf={props.csrf}>
      <h1>Audit log</h1>
      {/* Scrolls by itself on a phone; focusable so the keyboard can scroll it. */}
      <section class="table-scroll" aria-label="Audit log table" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </section>
    </AdminLayout>
  )
}
