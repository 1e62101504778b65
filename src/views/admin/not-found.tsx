/** "No such thing" and "not for your role" inside the admin area, with the way back. */
import { AdminLayout } from './layout.tsx'
import { adminText } from './text.ts'

const T = () => adminText().notFound

export function AdminNotFound(props: { csrf?: string }) {
  return (
    <AdminLayout title={T().title} csrf={props.csrf}>
      <h1>{T().title}</h1>
      <p>
        {T().text} <a href="/admin">{T().back}</a>.
      </p>
    </AdminLayout>
  )
}

export function AdminForbidden(props: { csrf?: string }) {
  return (
    <AdminLayout title={T().forbiddenTitle} csrf={props.csrf}>
      <h1>{T().forbiddenTitle}</h1>
      <p>
        {T().forbiddenText} <a href="/admin">{T().back}</a>.
      </p>
    </AdminLayout>
  )
}
