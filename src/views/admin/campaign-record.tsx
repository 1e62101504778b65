/**
 * The campaign edit page's record forms: a dated update (en/ru, optional source), the review
 * date, the outcome (closing an open campaign), and the image with its alt text and credit.
 */
import type { CampaignRecord } from '../../db/campaign-record.ts'
import { RECORD_LIMITS, todayIso } from '../../domain/admin/campaign-record.ts'
import { CAMPAIGN_OUTCOMES } from '../../domain/outcome.ts'
import { CsrfField, Field, FieldError, PostButton } from './layout.tsx'
import { adminText } from './text.ts'

const T = () => adminText().record

const outcomeLabel = (kind: (typeof CAMPAIGN_OUTCOMES)[number]): string => T().outcomes[kind]

/** The record forms' values and errors (field name → text), after a refused post. */
export interface RecordFormState {
  values: Record<string, string>
  errors: Record<string, string>
}

/** An issue on a per-language object belongs to its English field. */
export function recordErrors(issues: { field: string; message: string }[]): Record<string, string> {
  return Object.fromEntries(
    issues.map((i) => [
      ['text', 'note', 'alt'].includes(i.field) ? `${i.field}.en` : i.field,
      i.message,
    ]),
  )
}

export function CampaignRecordForms(props: {
  slug: string
  status: string
  record: CampaignRecord
  csrf?: string
  state?: RecordFormState
}) {
  const { slug, status, record, csrf } = props
  const base = `/admin/campaigns/${slug}`
  const f = { values: props.state?.values ?? {}, errors: props.state?.errors ?? {} }
  const outcomeValue = f.values.outcome ?? record.outcome?.kind ?? ''
  return (
    <section class="record" aria-labelledby="record-title">
      <h2 id="record-title">{T().title}</h2>

      <h3>{T().lastReviewed}</h3>
      <p>{record.reviewedOn ? T().reviewedOn(record.reviewedOn) : T().neverReviewed}</p>
      <form method="post" action={`${base}/review`} class="edit-form">
        <CsrfField csrf={csrf} />
        <Field
          name="reviewedOn"
          label={T().reviewedOnLabel}
          type="date"
          {...f}
          values={{ reviewedOn: f.values.reviewedOn ?? todayIso(), ...f.values }}
        />
        <button type="submit">{T().markReviewed}</button>
      </form>

      <h3>{T().updates}</h3>
      {record.updates.length ? (
        <ul class="record-updates">
          {record.updates.map((u) => (
            <li>
              <strong>{u.postedOn}</strong> {u.text.en ?? u.text.ru}
              {u.sourceUrl ? (
                <>
                  {' '}
                  (<a href={u.sourceUrl}>{T().source}</a>)
                </>
              ) : null}{' '}
              <PostButton
                action={`${base}/updates/${u.id}/delete`}
                csrf={csrf}
                label={T().delete}
                kind="danger"
              />
            </li>
          ))}
        </ul>
      ) : (
        <p>{T().noUpdates}</p>
      )}
      <form method="post" action={`${base}/updates`} class="edit-form">
        <CsrfField csrf={csrf} />
        <fieldset>
          <legend>{T().addUpdate}</legend>
          <Field
            name="postedOn"
            label={T().date}
            type="date"
            {...f}
            values={{ postedOn: todayIso(), ...f.values }}
          />
          <Field
            name="text.en"
            label={T().updateEn}
            hint={T().updateHint}
            multiline={3}
            max={RECORD_LIMITS.update}
            {...f}
          />
          <Field name="text.ru" label={T().updateRu} multiline={3} {...f} />
          <Field name="sourceUrl" label={T().sourceUrl} hint={T().sourceHint} type="url" {...f} />
          <button type="submit">{T().addUpdateButton}</button>
        </fieldset>
      </form>

      {status === 'draft' ? null : (
        <>
          <h3>{T().outcome}</h3>
          <p>
            {record.outcome ? T().recorded(outcomeLabel(record.outcome.kind)) : T().noOutcome}
            {status === 'open' ? T().closes : ''}
          </p>
          <form method="post" action={`${base}/outcome`} class="edit-form">
            <CsrfField csrf={csrf} />
            <fieldset>
              <legend>{status === 'open' ? T().closeWithOutcome : T().recordOutcome}</legend>
              <div class="field">
                <label for="f-outcome">{T().outcome}</label>
                <select
                  id="f-outcome"
                  name="outcome"
                  aria-invalid={f.errors.outcome ? 'true' : undefined}
                  aria-describedby={f.errors.outcome ? 'f-outcome-error' : undefined}
                >
                  <option value="">{T().choose}</option>
                  {CAMPAIGN_OUTCOMES.map((o) => (
                    <option value={o} selected={o === outcomeValue}>
                      {outcomeLabel(o)}
                    </option>
                  ))}
                </select>
                <FieldError id="f-outcome" error={f.errors.outcome} />
              </div>
              <Field
                name="note.en"
                label={T().noteEn}
                max={RECORD_LIMITS.note}
                {...f}
                values={{ 'note.en': record.outcome?.note.en ?? '', ...f.values }}
              />
              <Field
                name="note.ru"
                label={T().noteRu}
                max={RECORD_LIMITS.note}
                {...f}
                values={{ 'note.ru': record.outcome?.note.ru ?? '', ...f.values }}
              />
              <button type="submit" class={status === 'open' ? 'danger' : undefined}>
                {status === 'open' ? T().closeButton : T().saveOutcome}
              </button>
            </fieldset>
          </form>
        </>
      )}

      <h3>{T().image}</h3>
      {record.image ? (
        <figure class="record-image">
          <img src={record.image.url} alt={record.image.alt.en ?? record.image.alt.ru ?? ''} />
          <figcaption>
            {record.image.credit ? T().credit(record.image.credit) : T().noCredit}{' '}
            <PostButton
              action={`${base}/image/delete`}
              csrf={csrf}
              label={T().removeImage}
              kind="danger"
            />
          </figcaption>
        </figure>
      ) : (
        <p>{T().noImage}</p>
      )}
      <form method="post" action={`${base}/image`} enctype="multipart/form-data" class="edit-form">
        <CsrfField csrf={csrf} />
        <fieldset>
          <legend>{record.image ? T().replaceImage : T().addImage}</legend>
          <div class="field">
            <label for="f-image">{T().imageFile}</label>
            <p class="hint" id="f-image-hint">
              {T().imageHint}
            </p>
            <input
              id="f-image"
              name="image"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              aria-invalid={f.errors.image ? 'true' : undefined}
              aria-describedby={`f-image-hint${f.errors.image ? ' f-image-error' : ''}`}
            />
            <FieldError id="f-image" error={f.errors.image} />
          </div>
          <Field
            name="alt.en"
            label={T().altEn}
            hint={T().altHint}
            max={RECORD_LIMITS.alt}
            {...f}
            values={{ 'alt.en': record.image?.alt.en ?? '', ...f.values }}
          />
          <Field
            name="alt.ru"
            label={T().altRu}
            max={RECORD_LIMITS.alt}
            {...f}
            values={{ 'alt.ru': record.image?.alt.ru ?? '', ...f.values }}
          />
          <Field
            name="credit"
            label={T().creditLine}
            hint={T().creditHint}
            max={RECORD_LIMITS.credit}
            {...f}
            values={{ credit: record.image?.credit ?? '', ...f.values }}
          />
          <button type="submit">{T().upload}</button>
        </fieldset>
      </form>
    </section>
  )
}
