/**
 * The organisation's people and API tokens: invite a person with a role (they get a sign-in
 * link by mail), change roles, remove people; create a token (shown once) and revoke it. No
 * address is ever shown here: people are named.
 */
import type { Member } from '../../db/admin/people.ts'
import type { TokenSummary } from '../../db/admin/tokens.ts'
import { ROLES } from '../../db/schema.ts'
import {
  AdminLayout,
  type AdminPageProps,
  CsrfField,
  Field,
  FieldsetForm,
  PostButton,
  ScrollTable,
  utcTime,
} from './layout.tsx'
import { adminText } from './text.ts'

const T = () => adminText().people

function RoleSelect(props: { id: string; value?: string }) {
  return (
    <select id={props.id} name="role">
      {ROLES.map((r) => (
        <option value={r} selected={r === props.value}>
          {adminText().roleNames[r]}
        </option>
      ))}
    </select>
  )
}

/** The role of a new person or token, as a labelled field. */
function RoleField(props: { id: string; value: string }) {
  return (
    <div class="field">
      <label for={props.id}>{T().role}</label>
      <RoleSelect id={props.id} value={props.value} />
    </div>
  )
}

export function PeoplePage(
  props: AdminPageProps & {
    organisation: { slug: string; name: string }
    people: Member[]
    values?: Record<string, string>
    errors?: Record<string, string>
  },
) {
  const { csrf, organisation } = props
  const values = props.values ?? {}
  const errors = props.errors ?? {}
  const base = `/admin/people`
  const query = `?organisation=${organisation.slug}`
  return (
    <AdminLayout title={T().title} current="/admin/people" csrf={csrf} notice={props.notice}>
      <h1>{T().heading(organisation.name)}</h1>
      <ScrollTable label={T().title} columns={T().columns}>
        {props.people.map((p) => (
          <tr>
            <td>
              {p.name} <code class="muted">person:{p.id}</code>
            </td>
            <td>
              <strong>{adminText().roleNames[p.role]}</strong>
              <br />
              <span class="muted">{T().roles[p.role]}</span>
            </td>
            <td>{utcTime(p.since)}</td>
            <td>
              <form method="post" action={`${base}/${p.id}/role${query}`} class="inline-form">
                <CsrfField csrf={csrf} />
                <label class="visually-hidden" for={`role-${p.id}`}>
                  {T().roleOf(p.name)}
                </label>
                <RoleSelect id={`role-${p.id}`} value={p.role} />{' '}
                <button type="submit">{T().changeRole}</button>
              </form>
              <PostButton
                action={`${base}/${p.id}/remove${query}`}
                csrf={csrf}
                label={T().remove}
                kind="danger"
              />
            </td>
          </tr>
        ))}
      </ScrollTable>
      <FieldsetForm action={`${base}${query}`} csrf={csrf} legend={T().invite}>
        <Field name="name" label={T().name} values={values} errors={errors} max={100} />
        <Field
          name="email"
          label={T().email}
          type="email"
          hint={T().emailHint}
          values={values}
          errors={errors}
        />
        <RoleField id="invite-role" value={values.role ?? 'editor'} />
        <button type="submit">{T().inviteButton}</button>
      </FieldsetForm>
    </AdminLayout>
  )
}

export function TokensPage(
  props: AdminPageProps & {
    organisation: { slug: string; name: string }
    tokens: TokenSummary[]
    /** A token just created: shown this once. */
    created?: { id: number; token: string; name: string }
    values?: Record<string, string>
    errors?: Record<string, string>
  },
) {
  const { csrf, organisation, created } = props
  const values = props.values ?? {}
  const errors = props.errors ?? {}
  return (
    <AdminLayout title={T().tokensTitle} current="/admin/tokens" csrf={csrf} notice={props.notice}>
      <h1>{T().tokensHeading(organisation.name)}</h1>
      {created ? (
        <section class="admin-notice" aria-labelledby="new-token">
          <h2 id="new-token">{T().tokenCreated(created.name)}</h2>
          <p>{T().copyNow}</p>
          <pre>
            <code data-token>{created.token}</code>
          </pre>
          <p class="muted">
            {T().useAs} <code>Authorization: Bearer …</code> {T().on} <code>/api/v1/admin</code>.
          </p>
        </section>
      ) : null}
      <ScrollTable label={T().tokens} columns={T().tokenColumns}>
        {props.tokens.map((t) => (
          <tr>
            <td>
              {t.name} <code class="muted">token:{t.id}</code>
            </td>
            <td>{adminText().roleNames[t.role]}</td>
            <td>{utcTime(t.createdAt)}</td>
            <td>
              {t.revokedAt ? (
                T().revoked(utcTime(t.revokedAt))
              ) : (
                <PostButton
                  action={`/admin/tokens/${t.id}/revoke?organisation=${organisation.slug}`}
                  csrf={csrf}
                  label={T().revoke}
                  kind="danger"
                />
              )}
            </td>
          </tr>
        ))}
      </ScrollTable>
      <FieldsetForm
        action={`/admin/tokens?organisation=${organisation.slug}`}
        csrf={csrf}
        legend={T().createToken}
        fields={{ organisation: organisation.slug }}
      >
        <Field
          name="name"
          label={T().name}
          hint={T().tokenHint}
          values={values}
          errors={errors}
          max={100}
        />
        <RoleField id="token-role" value={values.role ?? 'officer'} />
        <button type="submit">{T().createButton}</button>
      </FieldsetForm>
    </AdminLayout>
  )
}
