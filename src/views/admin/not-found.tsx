/** "No such thing" and "not for your role" inside the admin area, with the way back. */
import { AdminLayout } from './layout.tsx'

export function AdminNotFound(props: { csrf?: string }) {
  return (
    <AdminLayout title="Not found" csrf={props.csrf}>
      <h1>Not found</h1>
      <p>
        There is nothing here. <a href="/admin">Back to the dashboard</a>.
      </p>
    </AdminLayout>
  )
}

export function AdminForbidden(props: { csrf?: string }) {
  return (
    <AdminLayout title="Not for your role" csrf={props.csrf}>
      <h1>Not for your role</h1>
      <p>
        Your role or organisation does not allow this. An owner of your organisation can change your
        role. <a href="/admin">Back to the dashboard</a>.
      </p>
    </AdminLayout>
  )
}
