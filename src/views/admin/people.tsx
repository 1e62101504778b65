/**
 * The organisation's people and API tokens: invite a person with a role (they get a sign-in
 * link by mail), change roles, remove people; create a token (shown once) and revoke it. No
 * address is ever shown here: people are named.
 */
import type { Member } from '../../db/admin/people.ts'
import type { TokenSummary } from '../../db/admin/tokens.ts'
import { ROLES, type Role } from '../../db/schema.ts'
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

export const ROLE_TEXT: Record<Role, string> = {
  owner: 'people, tokens, partners, settings, everything',
  editor: 'campaign content, import, publish, close',
  moderator: 'held signatures, messages, block lists, invalidations',
  officer: 'tallies, delivery packs and lists, deliveries, supporters',
}

function RoleSelect(props: { id: string; value?: string }) {
  return (
    <select id={props.id} name="role">
      {ROLES.map((r) => (
        <option value={r} selected={r === props.value}>
          {r}
        </option>
      ))}
    </select>
  )
}

/** The role of a new person or token, as a labelled field. */
function RoleField(props: { id: string; value: string }) {
  return (
    <div class="field">
      <label for={props.id}>Role</label>
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
    <AdminLayout title="People" current="/admin/people" csrf={csrf} notice={props.notice}>
      <h1>People of {organisation.name}</h1>
      <ScrollTable label="People" columns={['Name', 'Role', 'Since', 'Change']}>
        {props.people.map((p) => (
          <tr>
            <td>
              {p.name} <code class="muted">person:{p.id}</code>
            </td>
            <td>
              <strong>{p.role}</strong>
              <br />
              <span class="muted">{ROLE_TEXT[p.role]}</span>
            </td>
            <td>{utcTime(p.since)}</td>
            <td>
              <form method="post" action={`${base}/${p.id}/role${query}`} class="inline-form">
                <CsrfField csrf={csrf} />
                <label class="visually-hidden" for={`role-${p.id}`}>
                  Role of {p.name}
                </label>
                <RoleSelect id={`role-${p.id}`} value={p.role} />{' '}
                <button type="submit">Change role</button>
              </form>
              <PostButton
                action={`${base}/${p.id}/remove${query}`}
                csrf={csrf}
                label="Remove"
                kind="danger"
              />
            </td>
          </tr>
        ))}
      </ScrollTable>
      <FieldsetForm action={`${base}${query}`} csrf={csrf} legend="Invite a person">
        <Field name="name" label="Name" values={values} errors={errors} max={100} />
        <Field
          name="email"
          label="Email address"
          type="email"
          hint="They get a sign-in link at this address. It is stored encrypted and never shown."
          values={values}
          errors={errors}
        />
        <RoleField id="invite-role" value={values.role ?? 'editor'} />
        <button type="submit">Invite</button>
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
    <AdminLayout title="API tokens" current="/admin/tokens" csrf={csrf} notice={props.notice}>
      <h1>API tokens of {organisation.name}</h1>
      {created ? (
        <section class="admin-notice" aria-labelledby="new-token">
          <h2 id="new-token">Token “{created.name}” created</h2>
          <p>Copy it now: it is shown this once and stored only as a hash.</p>
          <pre>
            <code data-token>{created.token}</code>
          </pre>
          <p class="muted">
            Use it as <code>Authorization: Bearer …</code> on <code>/api/v1/admin</code>.
          </p>
        </section>
      ) : null}
      <ScrollTable label="Tokens" columns={['Name', 'Role', 'Created', 'State']}>
        {props.tokens.map((t) => (
          <tr>
            <td>
              {t.name} <code class="muted">token:{t.id}</code>
            </td>
            <td>{t.role}</td>
            <td>{utcTime(t.createdAt)}</td>
            <td>
              {t.revokedAt ? (
                `revoked ${utcTime(t.revokedAt)}`
              ) : (
                <PostButton
                  action={`/admin/tokens/${t.id}/revoke?organisation=${organisation.slug}`}
                  csrf={csrf}
                  label="Revoke"
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
        legend="Create a token"
        fields={{ organisation: organisation.slug }}
      >
        <Field
          name="name"
          label="Name"
          hint="What it is for, e.g. “tally script”."
          values={values}
          errors={errors}
          max={100}
        />
        <RoleField id="token-role" value={values.role ?? 'officer'} />
        <button type="submit">Create token</button>
      </FieldsetForm>
    </AdminLayout>
  )
}
