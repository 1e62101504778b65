/** The frame of the organisers' pages: navigation, the logout button, and a flash notice. */
import type { Child } from 'hono/jsx'
import { LANGS } from '../../env.ts'
import { catalogues } from '../../i18n/index.ts'
import { adminLang, adminPageIn, adminText, checkText } from './text.ts'

export interface AdminPageProps {
  /** The session's CSRF token (absent on the login page). */
  csrf?: string
  /** A one-line confirmation shown at the top, e.g. after a redirect. */
  notice?: string | null
}

const NAV = [
  ['/admin', 'dashboard'],
  ['/admin/campaigns', 'campaigns'],
  ['/admin/import', 'import'],
  ['/admin/review', 'review'],
  ['/admin/blocklist', 'blocklist'],
  ['/admin/people', 'people'],
  ['/admin/tokens', 'tokens'],
  ['/admin/organisations', 'organisations'],
  ['/admin/audit', 'audit'],
] as const

/** The public pages' language switch, in the admin header: this page in each language. */
function LangSwitch() {
  const lang = adminLang()
  return (
    <nav aria-label={catalogues[lang].language} class="lang-switch">
      <ul>
        {LANGS.map((l) => (
          <li>
            {l === lang ? (
              <span aria-current="true" lang={l}>
                {catalogues[l].languageName}
              </span>
            ) : (
              <a href={adminPageIn(l)} lang={l} hreflang={l}>
                {catalogues[l].languageName}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function AdminLayout(
  props: AdminPageProps & { title: string; current?: string; children: Child },
) {
  const { title, csrf, notice, current, children } = props
  const T = adminText()
  return (
    <html lang={adminLang()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title}${T.titleSuffix}`}</title>
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="stylesheet" href="/static/admin.css" />
      </head>
      <body class="admin">
        <a class="skip" href="#main">
          {T.skipToContent}
        </a>
        <header class="site-header">
          <a class="brand" href="/admin">
            {T.site}
          </a>
          {csrf ? (
            <nav aria-label={T.navLabel} class="admin-nav">
              <ul>
                {NAV.map(([href, key]) => (
                  <li>
                    <a href={href} aria-current={href === current ? 'page' : undefined}>
                      {T.nav[key]}
                    </a>
                  </li>
                ))}
                <li>
                  <form method="post" action="/admin/logout">
                    <CsrfField csrf={csrf} />
                    <button type="submit" class="link-button">
                      {T.logOut}
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          ) : null}
          <LangSwitch />
        </header>
        <main id="main" tabindex={-1} class="admin-main">
          {notice ? (
            <p class="admin-notice" role="status">
              {notice}
            </p>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  )
}

export function CsrfField(props: { csrf?: string }) {
  return <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
}

/** A one-button form posting to `action` (approve, reject, open, close, revert…). */
export function PostButton(props: {
  action: string
  csrf?: string
  label: string
  kind?: 'danger' | 'plain'
  fields?: Record<string, string>
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField csrf={props.csrf} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.kind === 'danger' ? 'danger' : undefined}>
        {props.label}
      </button>
    </form>
  )
}

/**
 * A table of the admin: it scrolls by itself on a phone, and is focusable so the keyboard can
 * scroll it. `columns` are the header cells (`num`: a right-aligned number); `children`, the rows.
 */
export function ScrollTable(props: {
  label: string
  columns: (string | { label: string; num: true })[]
  children?: Child
}) {
  return (
    <section class="table-scroll" aria-label={adminText().tableLabel(props.label)} tabindex={0}>
      <table>
        <thead>
          <tr>
            {props.columns.map((c) =>
              typeof c === 'string' ? (
                <th scope="col">{c}</th>
              ) : (
                <th scope="col" class="num">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </section>
  )
}

/**
 * A form of the admin that posts one fieldset: its CSRF field and hidden `fields`, then the
 * legend, and the fields and button given as `children`.
 */
export function FieldsetForm(props: {
  action: string
  csrf?: string
  legend: string
  fields?: Record<string, string>
  children?: Child
}) {
  return (
    <form method="post" action={props.action} class="edit-form">
      <CsrfField csrf={props.csrf} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <fieldset>
        <legend>{props.legend}</legend>
        {props.children}
      </fieldset>
    </form>
  )
}

/** `2026-11-27 21:30 UTC`: organisers work across time zones, so UTC, always labelled. */
export function utcTime(ms: number | null | undefined): string {
  if (!ms) return '—'
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export const formatCount = (n: number) => new Intl.NumberFormat(adminLang()).format(n)

/** A field's error message, linked to the field by id. */
export function FieldError(props: { id: string; error?: string }) {
  return props.error ? (
    <p class="field-error" id={`${props.id}-error`}>
      {checkText(props.error)}
    </p>
  ) : null
}

/** A labelled admin form field with its hint and error, as a text input or a textarea. */
export function Field(props: {
  name: string
  label: string
  values: Record<string, string>
  errors: Record<string, string>
  multiline?: number
  hint?: string
  type?: string
  max?: number
}) {
  const { name, label, values, errors, multiline, hint, type = 'text', max } = props
  const id = `f-${name.replace(/\./g, '-')}`
  const error = errors[name]
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ')
  const common = {
    id,
    name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea {...common} rows={multiline}>
          {values[name] ?? ''}
        </textarea>
      ) : (
        <input {...common} type={type} value={values[name] ?? ''} maxlength={max} />
      )}
      <FieldError id={id} error={error} />
    </div>
  )
}
