/** The login page: paste the ADMIN_TOKEN once, get a session for the `/admin` pages. */
import { AdminLayout, FieldError } from './layout.tsx'

export function LoginPage(props: { next: string; error?: string; loggedOut?: boolean }) {
  return (
    <AdminLayout title="Log in" notice={props.loggedOut ? 'You are logged out.' : null}>
      <div class="notice">
        <h1>Log in</h1>
        <p>
          Paste the admin token. The session ends after 30 minutes without activity, and after 12
          hours in any case.
        </p>
        <form method="post" action={`/admin/login?next=${encodeURIComponent(props.next)}`}>
          <div class="field">
            <label for="admin-token">Admin token</label>
            <input
              id="admin-token"
              name="token"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid={props.error ? 'true' : undefined}
              aria-describedby={props.error ? 'admin-token-error' : undefined}
            />
            <FieldError id="admin-token" error={props.error} />
          </div>
          <button type="submit">Log in</button>
        </form>
      </div>
    </AdminLayout>
  )
}
