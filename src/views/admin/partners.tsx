/**
 * A campaign's partners, for its host's owners: each partner's own embed snippet and link
 * (signatures through them are credited to it), suspend or reactivate, unlist or relist,
 * remove; and the form that adds a partner. And the organisations of the coalition.
 */
import type { OrganisationRow } from '../../db/admin/organisations.ts'
import type { PartnerView } from '../../services/admin/organisations.ts'
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

export function PartnersPage(
  props: AdminPageProps & {
    campaign: { slug: string; title: string }
    partners: PartnerView[]
    /** Organisations that could be added (not the host, not already active). */
    candidates: OrganisationRow[]
    error?: string
  },
) {
  const { csrf, campaign } = props
  const base = `/admin/campaigns/${campaign.slug}/partners`
  return (
    <AdminLayout title={`Partners: ${campaign.title}`} csrf={csrf} notice={props.notice}>
      <h1>Partners of “{campaign.title}”</h1>
      <p class="muted">
        A partner promotes the campaign with its own snippet or link; signatures through it count
        for it, and signers may choose to hear from it. Partners never get the delivery list. An
        unlisted partner is credited but not named in public.
      </p>
      {props.partners.length === 0 ? <p>No partners yet.</p> : null}
      {props.partners.map((p) => (
        <article class="stat-card" aria-labelledby={`p-${p.slug}`}>
          <h2 id={`p-${p.slug}`}>
            {p.name} <span class={`status status-${p.status}`}>{p.status}</span>{' '}
            {p.listed ? null : <span class="status">unlisted</span>}
          </h2>
          <p class="muted">
            <code>{p.slug}</code> · partner since {utcTime(p.since)}
          </p>
          {p.status === 'active' ? (
            <>
              <p>Its embed snippet:</p>
              <pre>
                <code data-snippet={p.slug}>{p.snippet}</code>
              </pre>
              <p>
                Its link: <code>{p.link}</code>
              </p>
            </>
          ) : (
            <p>Its snippet and link are ignored while it is {p.status}; its past count stays.</p>
          )}
          <p>
            {p.status === 'active' ? (
              <PostButton
                action={`${base}/${p.slug}/suspend`}
                csrf={csrf}
                label="Suspend"
                kind="danger"
              />
            ) : (
              <PostButton action={`${base}/${p.slug}/activate`} csrf={csrf} label="Reactivate" />
            )}
            <PostButton
              action={`${base}/${p.slug}/${p.listed ? 'unlist' : 'list'}`}
              csrf={csrf}
              label={p.listed ? 'Unlist' : 'List again'}
            />
            {p.status !== 'removed' ? (
              <PostButton
                action={`${base}/${p.slug}/remove`}
                csrf={csrf}
                label="Remove"
                kind="danger"
              />
            ) : null}
          </p>
        </article>
      ))}
      <FieldsetForm action={base} csrf={csrf} legend="Add a partner">
        {props.candidates.length ? (
          <>
            <div class="field">
              <label for="partner-org">Organisation</label>
              <select id="partner-org" name="organisation">
                {props.candidates.map((o) => (
                  <option value={o.slug}>{o.name}</option>
                ))}
              </select>
              {props.error ? <p class="field-error">{props.error}</p> : null}
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name="listed" value="1" checked /> Name it on the campaign
                page
              </label>
            </div>
            <button type="submit">Add partner</button>
          </>
        ) : (
          <p>
            Every organisation is a partner already.{' '}
            <a href="/admin/organisations">Add an organisation</a> first.
          </p>
        )}
      </FieldsetForm>
    </AdminLayout>
  )
}

export function OrganisationsPage(
  props: AdminPageProps & {
    organisations: OrganisationRow[]
    canCreate: boolean
    values?: Record<string, string>
    errors?: Record<string, string>
  },
) {
  const values = props.values ?? {}
  const errors = props.errors ?? {}
  return (
    <AdminLayout
      title="Organisations"
      current="/admin/organisations"
      csrf={props.csrf}
      notice={props.notice}
    >
      <h1>Organisations</h1>
      <ScrollTable
        label="Organisations"
        columns={['Name', 'Website', 'Privacy notice', 'Settings']}
      >
        {props.organisations.map((o) => (
          <tr>
            <td>
              {o.name} <code class="muted">{o.slug}</code>
              {o.demo ? <span class="status"> demo</span> : null}
            </td>
            <td>{o.url ?? '—'}</td>
            <td>
              <a href={`/organisations/${o.slug}/privacy`}>/organisations/{o.slug}/privacy</a>
            </td>
            <td>
              <a href={`/admin/organisations/${o.slug}`}>Edit</a> ·{' '}
              <a href={`/admin/people?organisation=${o.slug}`}>People</a> ·{' '}
              <a href={`/admin/tokens?organisation=${o.slug}`}>Tokens</a>
            </td>
          </tr>
        ))}
      </ScrollTable>
      {props.canCreate ? (
        <FieldsetForm action="/admin/organisations" csrf={props.csrf} legend="Add an organisation">
          <Field name="slug" label="Slug" values={values} errors={errors} max={63} />
          <Field name="name" label="Name" values={values} errors={errors} max={200} />
          <Field name="url" label="Website" type="url" values={values} errors={errors} />
          <Field
            name="privacyNotice.en"
            label="Privacy notice (English)"
            hint="Who holds the data, why, how long, how to be removed, a contact."
            multiline={8}
            values={values}
            errors={errors}
          />
          <Field
            name="privacyNotice.ru"
            label="Privacy notice (Russian, optional)"
            multiline={8}
            values={values}
            errors={errors}
          />
          <button type="submit">Add organisation</button>
        </FieldsetForm>
      ) : null}
    </AdminLayout>
  )
}

export function OrganisationEditPage(
  props: AdminPageProps & {
    organisation: OrganisationRow
    values: Record<string, string>
    errors: Record<string, string>
  },
) {
  const { organisation: o, values, errors } = props
  return (
    <AdminLayout title={`Edit ${o.name}`} csrf={props.csrf} notice={props.notice}>
      <h1>{o.name}</h1>
      {o.demo ? (
        <p class="admin-notice">
          This is demo data: every page says so until you save your own name and notice.
        </p>
      ) : null}
      <form method="post" action={`/admin/organisations/${o.slug}`} class="edit-form">
        <CsrfField csrf={props.csrf} />
        <Field name="name" label="Name" values={values} errors={errors} max={200} />
        <Field name="url" label="Website" type="url" values={values} errors={errors} />
        <Field
          name="senderName"
          label="Sender name of its mail"
          values={values}
          errors={errors}
          max={100}
        />
        <Field
          name="privacyNotice.en"
          label="Privacy notice (English)"
          hint="Saving a changed notice makes a new version; consents keep the version their signers saw."
          multiline={10}
          values={values}
          errors={errors}
        />
        <Field
          name="privacyNotice.ru"
          label="Privacy notice (Russian)"
          multiline={10}
          values={values}
          errors={errors}
        />
        <button type="submit">Save</button>
      </form>
    </AdminLayout>
  )
}
