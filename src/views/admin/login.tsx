/**
 * The login page: an organiser asks for a sign-in link by email; the first owner can paste
 * the ADMIN_TOKEN instead. And the page an emailed link opens, with the one button that uses it
 * (mail scanners that fetch links must not sign anyone in).
 */
import { AdminLayout, FieldError } from './layout.tsx'

export function LoginPage(props: {
  next: string
  error?: string
  emailError?: string
  /** After asking for a link: the same words whether or not the address is known. */
  linkSent?: boolean
  loggedOut?: boolean
}) {
  const action = `/admin/login?next=${encodeURIComponent(props.next)}`
  const notice = props.linkSent
    ? 'If this address belongs to an organiser, a sign-in link is on its way. It works once, for 15 minutes.'
    : props.loggedOut
      ? 'You are logged out.'
      : null
  return (
    <AdminLayout title="Log in" notice={notice}>
      <div class="notice">
        <h1>Log in</h1>
        <p>
          Give your email address and we mail you a sign-in link. The session ends after 30 minutes
          without activity, and after 12 hours in any case.
        </p>
        <form method="post" action={action}>
          <div class="field">
            <label for="admin-email">Email address</label>
            <input
              id="admin-email"
              name="email"
              type="email"
              autocomplete="email"
              required
              aria-invalid={props.emailError ? 'true' : undefined}
              aria-describedby={props.emailError ? 'admin-email-error' : undefined}
            />
            <FieldError id="admin-email" error={props.emailError} />
          </div>
          <button type="submit">Mail me a sign-in link</button>
        </form>
        <h2>First owner: the admin token</h2>
        <form method="post" action={action}>
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

/** The page a sign-in link opens: one button, posting back to the same address. */
export function SignInLinkPage(props: { action: string; error?: string }) {
  return (
    <AdminLayout title="Sign in">
      <div class="notice">
        <h1>Sign in</h1>
        {props.error ? (
          <p>
            {props.error} <a href="/admin/login">Ask for a new link</a>.
          </p>
        ) : (
          <form method="post" action={props.action}>
            <p>Sign in to the standwith admin with this one-time link.</p>
            <button type="submit">Sign in</button>
          </form>
        )}
      </div>
    </AdminLayout>
  )
}
