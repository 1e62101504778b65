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

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', ru: 'Russian' }

/** Publish and Close go through a confirmation page first (`…/confirm?action=`). */
function StatusButtons(props: { campaign: AdminCampaign; csrf?: string }) {
  const { campaign } = props
  const base = `/admin/campaigns/${campaign.slug}`
  const preview = <a href={`${base}/preview`}>Preview</a>
  if (campaign.status === 'open') {
    return (
      <span>
        {preview} <a href={`${base}/confirm?action=close`}>Close…</a>
      </span>
    )
  }
  return (
    <span>
      {preview}{' '}
      <a href={`${base}/confirm?action=open`}>
        {campaign.status === 'draft' ? 'Publish (open)…' : 'Reopen…'}
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
  const verb = action === 'open' ? 'Publish' : 'Close'
  return (
    <AdminLayout title={`${verb} ${campaign.slug}?`} current="/admin/campaigns" csrf={csrf}>
      <h1>
        {verb} “{campaign.title ?? campaign.slug}”?
      </h1>
      <p>
        {action === 'open'
          ? 'Publishing makes the campaign public: anyone can read and sign it.'
          : 'Closing stops new signatures; the page stays public with its count.'}{' '}
        <a href={`${base}/preview`}>Preview it as the public would see it</a>.
      </p>
      {issues.length ? (
        <div role="alert">
          <p>It cannot be published yet:</p>
          <ul>
            {issues.map((i) => (
              <li>{i.message}</li>
            ))}
          </ul>
          <p>
            <a href={base}>Edit the campaign</a>
          </p>
        </div>
      ) : (
        <p>
          <PostButton
            action={`${base}/${action}`}
            csrf={csrf}
            label={`Yes, ${verb.toLowerCase()} it`}
            kind={action === 'close' ? 'danger' : undefined}
          />{' '}
          <a href={base}>Cancel</a>
        </p>
      )}
    </AdminLayout>
  )
}

export function CampaignListPage(props: AdminPageProps & { campaigns: AdminCampaign[] }) {
  return (
    <AdminLayout
      title="Campaigns"
      current="/admin/campaigns"
      csrf={props.csrf}
      notice={props.notice}
    >
      <h1>Campaigns</h1>
      <ScrollTable
        label="Campaigns"
        columns={[
          'Campaign',
          'Defender',
          'Status',
          { label: 'Confirmed', num: true },
          { label: 'Held', num: true },
          'Action',
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
              <span class={`status status-${c.status}`}>{c.status}</span>
            </td>
            <td class="num">
              {formatCount(c.counts.confirmed)} / {formatCount(c.goal)}
            </td>
            <td class="num">
              <a href={`/admin/review?campaign=${c.slug}`}>{formatCount(c.counts.held)}</a>
            </td>
            <td>
              <StatusButtons campaign={c} csrf={props.csrf} />{' '}
              <a href={`/admin/campaigns/${c.slug}/partners`}>Partners</a>
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
          <dt>Status</dt>
          <dd>
            <span class={`status status-${campaign.status}`}>{campaign.status}</span>{' '}
            <StatusButtons campaign={campaign} csrf={csrf} />
          </dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>{utcTime(campaign.openedAt)}</dd>
        </div>
        <div>
          <dt>Closed</dt>
          <dd>{utcTime(campaign.closedAt)}</dd>
        </div>
        <div>
          <dt>Signatures</dt>
          <dd>
            {formatCount(campaign.counts.confirmed)} confirmed,{' '}
            {formatCount(campaign.counts.pending)} unconfirmed,{' '}
            <a href={`/admin/review?campaign=${campaign.slug}`}>
              {formatCount(campaign.counts.held)} held
            </a>
            , {formatCount(campaign.counts.invalidated)} invalidated,{' '}
            {formatCount(campaign.counts.removed)} removed
          </dd>
        </div>
      </dl>
      <p class="card-links">
        <a href={`/campaigns/${campaign.slug}`}>Public page</a> ·{' '}
        <a href={`${base}/delivery`}>Delivery pack</a> ·{' '}
        <a href={`${base}/invalidations`}>Invalidations</a>
      </p>
      {Object.keys(errors).length || props.recordForm ? (
        <p class="form-summary" role="alert">
          Nothing was saved. Please correct the fields marked below.
        </p>
      ) : null}
      <form method="post" action={base} class="edit-form">
        <CsrfField csrf={csrf} />
        <Field name="goal" label="Goal (signatures)" type="number" {...f} />
        <Field
          name="allowedOrigins"
          label="Partner sites allowed to embed the widget"
          hint="One origin per line, like https://partner.example.org. Empty: any site may embed it."
          multiline={3}
          {...f}
        />
        {LANGS.map((lang) => (
          <fieldset>
            <legend>
              Text in {LANGUAGE_NAMES[lang] ?? lang}
              {campaign.translations[lang] ? '' : ' (not written yet: leave empty to skip)'}
            </legend>
            <Field
              name={`translations.${lang}.title`}
              label="Title"
              max={EDIT_LIMITS.title}
              {...f}
            />
            <Field name={`translations.${lang}.summary`} label="Summary" multiline={3} {...f} />
            <Field
              name={`translations.${lang}.story`}
              label="What happened"
              multiline={10}
              {...f}
            />
            <Field name={`translations.${lang}.target`} label="Addressed to" {...f} />
            <Field
              name={`translations.${lang}.asks`}
              label="What we ask"
              hint="One ask per line."
              multiline={5}
              {...f}
            />
          </fieldset>
        ))}
        <button type="submit">Save</button>
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
