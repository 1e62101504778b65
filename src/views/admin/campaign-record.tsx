/**
 * The campaign edit page's record forms: a dated update (en/ru, optional source), the review
 * date, the outcome (closing an open campaign), and the image with its alt text and credit.
 */
import type { CampaignRecord } from '../../db/campaign-record.ts'
import { RECORD_LIMITS, todayIso } from '../../domain/admin/campaign-record.ts'
import { CAMPAIGN_OUTCOMES } from '../../domain/outcome.ts'
import { CsrfField, Field, FieldError, PostButton } from './layout.tsx'

const OUTCOME_LABELS: Record<(typeof CAMPAIGN_OUTCOMES)[number], string> = {
  released: 'Released',
  'charges-dropped': 'Charges dropped',
  'died-in-custody': 'Died in custody',
  other: 'Other (say how in the note)',
}

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
      <h2 id="record-title">Keeping the campaign true</h2>

      <h3>Last reviewed</h3>
      <p>
        {record.reviewedOn ? `Facts last reviewed on ${record.reviewedOn}.` : 'Never reviewed.'}
      </p>
      <form method="post" action={`${base}/review`} class="edit-form">
        <CsrfField csrf={csrf} />
        <Field
          name="reviewedOn"
          label="Reviewed on"
          type="date"
          {...f}
          values={{ reviewedOn: f.values.reviewedOn ?? todayIso(), ...f.values }}
        />
        <button type="submit">Mark as reviewed</button>
      </form>

      <h3>Updates</h3>
      {record.updates.length ? (
        <ul class="record-updates">
          {record.updates.map((u) => (
            <li>
              <strong>{u.postedOn}</strong> {u.text.en ?? u.text.ru}
              {u.sourceUrl ? (
                <>
                  {' '}
                  (<a href={u.sourceUrl}>source</a>)
                </>
              ) : null}{' '}
              <PostButton
                action={`${base}/updates/${u.id}/delete`}
                csrf={csrf}
                label="Delete"
                kind="danger"
              />
            </li>
          ))}
        </ul>
      ) : (
        <p>No updates yet.</p>
      )}
      <form method="post" action={`${base}/updates`} class="edit-form">
        <CsrfField csrf={csrf} />
        <fieldset>
          <legend>Add an update</legend>
          <Field
            name="postedOn"
            label="Date"
            type="date"
            {...f}
            values={{ postedOn: todayIso(), ...f.values }}
          />
          <Field
            name="text.en"
            label="Update in English"
            hint="In English, Russian or both."
            multiline={3}
            max={RECORD_LIMITS.update}
            {...f}
          />
          <Field name="text.ru" label="Update in Russian" multiline={3} {...f} />
          <Field
            name="sourceUrl"
            label="Source (optional)"
            hint="A web address, like https://www.example.org/news/1."
            type="url"
            {...f}
          />
          <button type="submit">Add the update</button>
        </fieldset>
      </form>

      {status === 'draft' ? null : (
        <>
          <h3>Outcome</h3>
          <p>
            {record.outcome
              ? `Recorded: ${OUTCOME_LABELS[record.outcome.kind]}.`
              : 'No outcome recorded.'}
            {status === 'open'
              ? ' Recording an outcome closes the campaign: new signatures are refused.'
              : ''}
          </p>
          <form method="post" action={`${base}/outcome`} class="edit-form">
            <CsrfField csrf={csrf} />
            <fieldset>
              <legend>{status === 'open' ? 'Close with an outcome' : 'Record the outcome'}</legend>
              <div class="field">
                <label for="f-outcome">Outcome</label>
                <select
                  id="f-outcome"
                  name="outcome"
                  aria-invalid={f.errors.outcome ? 'true' : undefined}
                  aria-describedby={f.errors.outcome ? 'f-outcome-error' : undefined}
                >
                  <option value="">Choose…</option>
                  {CAMPAIGN_OUTCOMES.map((o) => (
                    <option value={o} selected={o === outcomeValue}>
                      {OUTCOME_LABELS[o]}
                    </option>
                  ))}
                </select>
                <FieldError id="f-outcome" error={f.errors.outcome} />
              </div>
              <Field
                name="note.en"
                label="Note in English (required for Other)"
                max={RECORD_LIMITS.note}
                {...f}
                values={{ 'note.en': record.outcome?.note.en ?? '', ...f.values }}
              />
              <Field
                name="note.ru"
                label="Note in Russian"
                max={RECORD_LIMITS.note}
                {...f}
                values={{ 'note.ru': record.outcome?.note.ru ?? '', ...f.values }}
              />
              <button type="submit" class={status === 'open' ? 'danger' : undefined}>
                {status === 'open' ? 'Close with this outcome' : 'Save the outcome'}
              </button>
            </fieldset>
          </form>
        </>
      )}

      <h3>Image</h3>
      {record.image ? (
        <figure class="record-image">
          <img src={record.image.url} alt={record.image.alt.en ?? record.image.alt.ru ?? ''} />
          <figcaption>
            {record.image.credit ? `Credit: ${record.image.credit}` : 'No credit line.'}{' '}
            <PostButton
              action={`${base}/image/delete`}
              csrf={csrf}
              label="Remove the image"
              kind="danger"
            />
          </figcaption>
        </figure>
      ) : (
        <p>No image: shared links show the generic standwith card.</p>
      )}
      <form method="post" action={`${base}/image`} enctype="multipart/form-data" class="edit-form">
        <CsrfField csrf={csrf} />
        <fieldset>
          <legend>{record.image ? 'Replace the image' : 'Add an image'}</legend>
          <div class="field">
            <label for="f-image">Image file</label>
            <p class="hint" id="f-image-hint">
              PNG, JPEG or WebP, at most 2 MiB; about 1200×630 pixels suits shared links.
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
            label="Alt text in English"
            hint="What the image shows, for people who cannot see it."
            max={RECORD_LIMITS.alt}
            {...f}
            values={{ 'alt.en': record.image?.alt.en ?? '', ...f.values }}
          />
          <Field
            name="alt.ru"
            label="Alt text in Russian"
            max={RECORD_LIMITS.alt}
            {...f}
            values={{ 'alt.ru': record.image?.alt.ru ?? '', ...f.values }}
          />
          <Field
            name="credit"
            label="Credit line"
            hint="Who took the photo or holds its rights; shown under it as “Photo: …”."
            max={RECORD_LIMITS.credit}
            {...f}
            values={{ credit: record.image?.credit ?? '', ...f.values }}
          />
          <button type="submit">Upload</button>
        </fieldset>
      </form>
    </section>
  )
}
