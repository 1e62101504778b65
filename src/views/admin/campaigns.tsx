/** Campaign pages: the list (drafts included) and a campaign's edit form with open/close. */
import type { AdminCampaign, AdminCampaignDetail } from '../../db/admin/campaigns.ts'
import type { CampaignRecord } from '../../db/campaign-record.ts'
import { EDIT_LIMITS } from '../../domain/admin/campaign-edit.ts'
import { LANGS } from '../../env.ts'
import { CampaignRecordForms, type RecordFormState } from './campaign-record.tsx'
import {
  AdminLayout,
  type AdminPageProps,
  CsrfField,
  Field,
  formatCount,
  PostButton,
  ScrollTable,
  utcTime,
} from './layout.tsx'
import { adminLang, adminText, checkText } from './text.ts'

const T = () => adminText().campaigns

/** A language's name in English, for the admin ("Russian", "Kazakh"). */
const languageName = (lang: string) =>
  new Intl.DisplayNames([adminLang()], { type: 'language' }).of(lang) ?? lang

/** Publish and Close go through a confirmation page first (`…/confirm?action=`). */
function StatusButtons(props: { campaign: AdminCampaign; csrf?: string }) {
  const { campaign } = props
  const base = `/admin/campaigns/${campaign.slug}`
  const preview = <a href={`${base}/preview`}>{T().preview}</a>
  if (campaign.status === 'open') {
    return (
      <span>
        {preview} <a href={`${base}/confirm?action=close`}>{T().close}</a>
      </span>
    )
  }
  return (
    <span>
      {preview}{' '}
      <a href={`${base}/confirm?action=open`}>
        {campaign.status === 'draft' ? T().publish : T().reopen}
      </a>
    </span>
  )
}

/** "Publish X?" / "Close X?": what the action does, what stops it, and the button that does it. */
export function ConfirmStatusPage(
  props: AdminPageProps & {
    campaign: AdminCampaignDetail
    action: 'open' | 'close'
    issues: { field: string; message: string }[]
  },
) {
  const { campaign, action, issues, csrf } = props
  const base = `/admin/campaigns/${campaign.slug}`
  return (
    <AdminLayout
      title={T().confirmTitle(action, campaign.slug)}
      current="/admin/campaigns"
      csrf={csrf}
    >
      <h1>{T().confirmHeading(action, campaign.title ?? campaign.slug)}</h1>
      <p>
        {action === 'open' ? T().publishing : T().closing}{' '}
        <a href={`${base}/preview`}>{T().previewPublic}</a>.
      </p>
      {issues.length ? (
        <div role="alert">
          <p>{T().cannotPublish}</p>
          <ul>
            {issues.map((i) => (
              <li>{checkText(i.message)}</li>
            ))}
          </ul>
          <p>
            <a href={base}>{T().edit}</a>
          </p>
        </div>
      ) : (
        <p>
          <PostButton
            action={`${base}/${action}`}
            csrf={csrf}
            label={T().yes(action)}
            kind={action === 'close' ? 'danger' : undefined}
          />{' '}
          <a href={base}>{T().cancel}</a>
        </p>
      )}
    </AdminLayout>
  )
}

export function CampaignListPage(props: AdminPageProps & { campaigns: AdminCampaign[] }) {
  return (
    <AdminLayout
      title={T().title}
      current="/admin/campaigns"
      csrf={props.csrf}
      notice={props.notice}
    >
      <h1>{T().title}</h1>
      <ScrollTable
        label={T().title}
        columns={[
          T().columns.campaign,
          T().columns.defender,
          T().columns.status,
          { label: T().columns.confirmed, num: true },
          { label: T().columns.held, num: true },
          T().columns.action,
        ]}
      >
        {props.campaigns.map((c) => (
          <tr>
            <td>
              <a href={`/admin/campaigns/${c.slug}`}>{c.title}</a>
              <br />
              <code>{c.slug}</code>
            </td>
            <td>{c.defender?.name ?? '—'}</td>
            <td>
              <span class={`status status-${c.status}`}>{adminText().statuses[c.status]}</span>
            </td>
            <td class="num">
              {formatCount(c.counts.confirmed)} / {formatCount(c.goal)}
            </td>
            <td class="num">
              <a href={`/admin/review?campaign=${c.slug}`}>{formatCount(c.counts.held)}</a>
            </td>
            <td>
              <StatusButtons campaign={c} csrf={props.csrf} />{' '}
              <a href={`/admin/campaigns/${c.slug}/partners`}>{T().partners}</a>
            </td>
          </tr>
        ))}
      </ScrollTable>
    </AdminLayout>
  )
}

/** The edit form's values: field name (the dot path the validator reports) → text. */
export type EditValues = Record<string, string>

/** Form values from the stored campaign. */
export function editValues(campaign: AdminCampaignDetail): EditValues {
  const values: EditValues = {
    goal: String(campaign.goal),
    allowedOrigins: campaign.allowedOrigins.join('\n'),
  }
  for (const [lang, t] of Object.entries(campaign.translations)) {
    values[`translations.${lang}.title`] = t.title
    values[`translations.${lang}.summary`] = t.summary
    values[`translations.${lang}.story`] = t.story
    values[`translations.${lang}.target`] = t.target
    values[`translations.${lang}.asks`] = t.asks.join('\n')
  }
  return values
}

export function CampaignEditPage(
  props: AdminPageProps & {
    campaign: AdminCampaignDetail
    values: EditValues
    errors: Record<string, string>
    /** Updates, review date, outcome, image (and a refused record form's state). */
    record?: CampaignRecord
    recordForm?: RecordFormState
  },
) {
  const { campaign, values, errors, csrf } = props
  const base = `/admin/campaigns/${campaign.slug}`
  const f = { values, errors }
  return (
    <AdminLayout
      title={campaign.title}
      current="/admin/campaigns"
      csrf={csrf}
      notice={props.notice}
    >
      <h1>{campaign.title}</h1>
      <dl class="figures">
        <div>
          <dt>{T().status}</dt>
          <dd>
            <span class={`status status-${campaign.status}`}>
              {adminText().statuses[campaign.status]}
            </span>{' '}
            <StatusButtons campaign={campaign} csrf={csrf} />
          </dd>
        </div>
        <div>
          <dt>{T().opened}</dt>
          <dd>{utcTime(campaign.openedAt)}</dd>
        </div>
        <div>
          <dt>{T().closed}</dt>
          <dd>{utcTime(campaign.closedAt)}</dd>
        </div>
        <div>
          <dt>{T().signatures}</dt>
          <dd>
            {T().counts.confirmed(formatCount(campaign.counts.confirmed))},{' '}
            {T().counts.unconfirmed(formatCount(campaign.counts.pending))},{' '}
            <a href={`/admin/review?campaign=${campaign.slug}`}>
              {T().counts.held(formatCount(campaign.counts.held))}
            </a>
            , {T().counts.invalidated(formatCount(campaign.counts.invalidated))},{' '}
            {T().counts.removed(formatCount(campaign.counts.removed))}
          </dd>
        </div>
      </dl>
      <p class="card-links">
        <a href={`/campaigns/${campaign.slug}`}>{T().publicPage}</a> ·{' '}
        <a href={`${base}/delivery`}>{T().deliveryPack}</a> ·{' '}
        <a href={`${base}/invalidations`}>{T().invalidations}</a>
      </p>
      {Object.keys(errors).length || props.recordForm ? (
        <p class="form-summary" role="alert">
          {T().notSaved}
        </p>
      ) : null}
      <form method="post" action={base} class="edit-form">
        <CsrfField csrf={csrf} />
        <Field name="goal" label={T().goal} type="number" {...f} />
        <Field
          name="allowedOrigins"
          label={T().origins}
          hint={T().originsHint}
          multiline={3}
          {...f}
        />
        {LANGS.map((lang) => (
          <fieldset>
            <legend>
              {T().textIn(languageName(lang))}
              {campaign.translations[lang] ? '' : T().notWritten}
            </legend>
            <Field
              name={`translations.${lang}.title`}
              label={T().fields.title}
              max={EDIT_LIMITS.title}
              {...f}
            />
            <Field
              name={`translations.${lang}.summary`}
              label={T().fields.summary}
              multiline={3}
              {...f}
            />
            <Field
              name={`translations.${lang}.story`}
              label={T().fields.story}
              multiline={10}
              {...f}
            />
            <Field name={`translations.${lang}.target`} label={T().fields.target} {...f} />
            <Field
              name={`translations.${lang}.asks`}
              label={T().fields.asks}
              hint={T().asksHint}
              multiline={5}
              {...f}
            />
          </fieldset>
        ))}
        <button type="submit">{T().save}</button>
      </form>
      {props.record ? (
        <CampaignRecordForms
          slug={campaign.slug}
          status={campaign.status}
          record={props.record}
          csrf={csrf}
          state={props.recordForm}
        />
      ) : null}
    </AdminLayout>
  )
}
