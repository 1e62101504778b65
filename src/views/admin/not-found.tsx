/** "No such thing" inside the admin area, with the way back. */
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
