/**
 * The login page: an organiser asks for a sign-in link by email; the first owner can paste
 * the ADMIN_TOKEN instead. And the page an emailed link opens, with the one button that uses it
 * (mail scanners that fetch links must not sign anyone in).
 */
import { AdminLayout, FieldError } from './layout.tsx'
import { adminText } from './text.ts'

const T = () => adminText().login

export function LoginPage(props: {
  next: string
  error?: string
  emailError?: string
  /** After asking for a link: the same words whether or not the address is known. */
  linkSent?: boolean
  loggedOut?: boolean
}) {
  const action = `/admin/login?next=${encodeURIComponent(props.next)}`
  const notice = props.linkSent ? T().linkSent : props.loggedOut ? T().loggedOut : null
  return (
    <AdminLayout title={T().title} notice={notice}>
      <div class="notice">
        <h1>{T().title}</h1>
        <p>{T().intro}</p>
        <form method="post" action={action}>
          <div class="field">
            <label for="admin-email">{T().email}</label>
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
          <button type="submit">{T().mailLink}</button>
        </form>
        <h2>{T().tokenTitle}</h2>
        <form method="post" action={action}>
          <div class="field">
            <label for="admin-token">{T().token}</label>
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
          <button type="submit">{T().logIn}</button>
        </form>
      </div>
    </AdminLayout>
  )
}

/** The page a sign-in link opens: one button, posting back to the same address. */
export function SignInLinkPage(props: { action: string; error?: string }) {
  return (
    <AdminLayout title={T().signInTitle}>
      <div class="notice">
        <h1>{T().signInTitle}</h1>
        {props.error ? (
          <p>
            {props.error} <a href="/admin/login">{T().askAgain}</a>.
          </p>
        ) : (
          <form method="post" action={props.action}>
            <p>{T().signInText}</p>
            <button type="submit">{T().signIn}</button>
          </form>
        )}
      </div>
    </AdminLayout>
  )
}
