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
import { adminText } from './text.ts'

const T = () => adminText().partners
const O = () => adminText().organisations

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
    <AdminLayout title={T().title(campaign.title)} csrf={csrf} notice={props.notice}>
      <h1>{T().heading(campaign.title)}</h1>
      <p class="muted">{T().intro}</p>
      {props.partners.length === 0 ? <p>{T().none}</p> : null}
      {props.partners.map((p) => (
        <article class="stat-card" aria-labelledby={`p-${p.slug}`}>
          <h2 id={`p-${p.slug}`}>
            {p.name}{' '}
            <span class={`status status-${p.status}`}>
              {adminText().statuses[p.status] ?? p.status}
            </span>{' '}
            {p.listed ? null : <span class="status">{T().unlisted}</span>}
          </h2>
          <p class="muted">
            <code>{p.slug}</code> · {T().since(utcTime(p.since))}
          </p>
          {p.status === 'active' ? (
            <>
              <p>{T().snippet}</p>
              <pre>
                <code data-snippet={p.slug}>{p.snippet}</code>
              </pre>
              <p>
                {T().link} <code>{p.link}</code>
              </p>
            </>
          ) : (
            <p>{T().ignored(adminText().statuses[p.status] ?? p.status)}</p>
          )}
          <p>
            {p.status === 'active' ? (
              <PostButton
                action={`${base}/${p.slug}/suspend`}
                csrf={csrf}
                label={T().suspend}
                kind="danger"
              />
            ) : (
              <PostButton
                action={`${base}/${p.slug}/activate`}
                csrf={csrf}
                label={T().reactivate}
              />
            )}
            <PostButton
              action={`${base}/${p.slug}/${p.listed ? 'unlist' : 'list'}`}
              csrf={csrf}
              label={p.listed ? T().unlist : T().list}
            />
            {p.status !== 'removed' ? (
              <PostButton
                action={`${base}/${p.slug}/remove`}
                csrf={csrf}
                label={T().remove}
                kind="danger"
              />
            ) : null}
          </p>
        </article>
      ))}
      <FieldsetForm action={base} csrf={csrf} legend={T().add}>
        {props.candidates.length ? (
          <>
            <div class="field">
              <label for="partner-org">{T().organisation}</label>
              <select id="partner-org" name="organisation">
                {props.candidates.map((o) => (
                  <option value={o.slug}>{o.name}</option>
                ))}
              </select>
              {props.error ? <p class="field-error">{props.error}</p> : null}
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name="listed" value="1" checked /> {T().nameIt}
              </label>
            </div>
            <button type="submit">{T().addButton}</button>
          </>
        ) : (
          <p>
            {T().allPartners} <a href="/admin/organisations">{T().addOrganisationFirst}</a>
            {T().first}
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
      title={O().title}
      current="/admin/organisations"
      csrf={props.csrf}
      notice={props.notice}
    >
      <h1>{O().title}</h1>
      <ScrollTable label={O().title} columns={O().columns}>
        {props.organisations.map((o) => (
          <tr>
            <td>
              {o.name} <code class="muted">{o.slug}</code>
              {o.demo ? <span class="status"> {O().demo}</span> : null}
            </td>
            <td>{o.url ?? '—'}</td>
            <td>
              <a href={`/organisations/${o.slug}/privacy`}>/organisations/{o.slug}/privacy</a>
            </td>
            <td>
              <a href={`/admin/organisations/${o.slug}`}>{O().edit}</a> ·{' '}
              <a href={`/admin/people?organisation=${o.slug}`}>{O().people}</a> ·{' '}
              <a href={`/admin/tokens?organisation=${o.slug}`}>{O().tokens}</a>
            </td>
          </tr>
        ))}
      </ScrollTable>
      {props.canCreate ? (
        <FieldsetForm action="/admin/organisations" csrf={props.csrf} legend={O().add}>
          <Field name="slug" label={O().slug} values={values} errors={errors} max={63} />
          <Field name="name" label={O().name} values={values} errors={errors} max={200} />
          <Field name="url" label={O().website} type="url" values={values} errors={errors} />
          <Field
            name="privacyNotice.en"
            label={O().noticeEn}
            hint={O().noticeHint}
            multiline={8}
            values={values}
            errors={errors}
          />
          <Field
            name="privacyNotice.ru"
            label={O().noticeRuOptional}
            multiline={8}
            values={values}
            errors={errors}
          />
          <button type="submit">{O().addButton}</button>
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
    <AdminLayout title={O().editTitle(o.name)} csrf={props.csrf} notice={props.notice}>
      <h1>{o.name}</h1>
      {o.demo ? <p class="admin-notice">{O().demoNotice}</p> : null}
      <form method="post" action={`/admin/organisations/${o.slug}`} class="edit-form">
        <CsrfField csrf={props.csrf} />
        <Field name="name" label={O().name} values={values} errors={errors} max={200} />
        <Field name="url" label={O().website} type="url" values={values} errors={errors} />
        <Field name="senderName" label={O().senderName} values={values} errors={errors} max={100} />
        <Field
          name="privacyNotice.en"
          label={O().noticeEn}
          hint={O().noticeVersionHint}
          multiline={10}
          values={values}
          errors={errors}
        />
        <Field
          name="privacyNotice.ru"
          label={O().noticeRu}
          multiline={10}
          values={values}
          errors={errors}
        />
        <button type="submit">{O().save}</button>
      </form>
    </AdminLayout>
  )
}
