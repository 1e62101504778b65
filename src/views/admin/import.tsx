/** The release importer's pages: paste a release, then review and edit the proposed drafts. */
import {
  FORM_ERROR,
  type FormErrors,
  type FormValues,
  type Segment,
} from '../../domain/admin/release-import.ts'
import type { ImportResult } from '../../domain/importer/index.ts'
import { countryName } from '../../lib/countries.ts'
import { AdminLayout, type AdminPageProps, CsrfField, Field, FieldError } from './layout.tsx'

const country = (code: string) => (code === 'ZZ' ? 'country not found' : countryName('en', code))

function FormSummary(props: { errors: FormErrors }) {
  const count = Object.keys(props.errors).length
  if (!count) return null
  return (
    <div class="form-summary" role="alert">
      <p>Nothing was saved. Please correct the problems below.</p>
      {props.errors[FORM_ERROR] ? <p>{props.errors[FORM_ERROR]}</p> : null}
    </div>
  )
}

export function ImportFormPage(props: AdminPageProps & { text?: string; error?: string }) {
  return (
    <AdminLayout title="Import a release" current="/admin/import" csrf={props.csrf}>
      <h1>Import a release</h1>
      <p>
        Paste the text of a press release. The importer proposes draft campaigns: one per defender
        it names, one per addressee of the release's calls. Nothing is saved until you review them.
      </p>
      <form method="post" action="/admin/import" class="edit-form">
        <CsrfField csrf={props.csrf} />
        <div class="field">
          <label for="f-release">Release text</label>
          <textarea
            id="f-release"
            name="release"
            rows={20}
            required
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'f-release-error' : undefined}
          >
            {props.text ?? ''}
          </textarea>
          <FieldError id="f-release" error={props.error} />
        </div>
        <button type="submit">Propose campaigns</button>
      </form>
    </AdminLayout>
  )
}

/** What the importer could not find, said plainly. */
function problems(result: ImportResult): string[] {
  const out: string[] = []
  if (!result.defenders.length) out.push('No defenders were found in this release.')
  if (!result.callsToAction.length) out.push('No calls to action by the publisher were found.')
  if (!result.campaigns.length) out.push('There is nothing to import: no campaign was proposed.')
  if (!result.release.publisher) out.push('The publisher was not found.')
  if (!result.release.date) out.push('The date of the release was not found.')
  for (const d of result.defenders) {
    if (d.country === 'ZZ') out.push(`No country was found for ${d.name}.`)
  }
  return out
}

export function ImportProposalPage(
  props: AdminPageProps & {
    text: string
    result: ImportResult
    segments: Segment[]
    values: FormValues
    errors: FormErrors
  },
) {
  const { text, result, segments, values, errors, csrf } = props
  const { release } = result
  const issues = problems(result)
  const defenders = new Map(result.defenders.map((d) => [d.slug, d]))
  return (
    <AdminLayout title="Review the import" current="/admin/import" csrf={csrf}>
      <h1>Review the import</h1>
      <FormSummary errors={errors} />
      {issues.length ? (
        <div class="import-problems" role="status">
          <h2>Problems</h2>
          <ul>
            {issues.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="import-grid">
        <section aria-labelledby="release-heading" class="import-release">
          <h2 id="release-heading">The release</h2>
          <p class="hint">Highlighted: the sentences the campaigns were drafted from.</p>
          <pre class="release-text">
            {segments.map((s) => (s.source ? <mark>{s.text}</mark> : s.text))}
          </pre>
        </section>
        <section aria-labelledby="proposal-heading" class="import-proposal">
          <h2 id="proposal-heading">The proposal</h2>
          <dl class="figures">
            <div>
              <dt>Title</dt>
              <dd>{release.title}</dd>
            </div>
            <div>
              <dt>Publisher</dt>
              <dd>{release.publisher ?? '—'}</dd>
            </div>
            <div>
              <dt>Date</dt>
              <dd>{release.date ?? '—'}</dd>
            </div>
          </dl>
          <h3>Defenders found</h3>
          {result.defenders.length ? (
            <ul class="import-defenders">
              {result.defenders.map((d) => (
                <li>
                  <strong>{d.name}</strong> — {country(d.country)}
                  {d.situation ? <span>: {d.situation}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>None.</p>
          )}
          <h3>Calls to action</h3>
          {result.callsToAction.length ? (
            <ul class="import-calls">
              {result.callsToAction.map((call) => (
                <li>
                  {call.text}
                  <br />
                  <span class="hint">Addressed to: {call.target ?? 'not found'}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>None.</p>
          )}
          <h3>Draft campaigns</h3>
          <form method="post" action="/admin/import/save" class="edit-form">
            <CsrfField csrf={csrf} />
            <input type="hidden" name="release" value={text} />
            {result.campaigns.map((c, i) => {
              const p = `campaigns.${i}`
              const f = { values, errors }
              const defender = c.defender ? defenders.get(c.defender) : undefined
              return (
                <fieldset>
                  <legend>
                    Campaign {i + 1}: {values[`${p}.title`] || c.slug}
                  </legend>
                  <div class="field check">
                    <input
                      type="checkbox"
                      id={`f-${p}-include`}
                      name={`${p}.include`}
                      value="on"
                      checked={Boolean(values[`${p}.include`])}
                    />
                    <label for={`f-${p}-include`}>Create this campaign (as a draft)</label>
                  </div>
                  <p>
                    Defender:{' '}
                    {defender
                      ? `${defender.name} (${country(defender.country)})`
                      : 'none (general)'}
                  </p>
                  <Field name={`${p}.slug`} label="Slug" {...f} />
                  <div class="field">
                    <label for={`f-${p}-kind`}>Kind</label>
                    <select id={`f-${p}-kind`} name={`${p}.kind`}>
                      {['defender', 'general'].map((k) => (
                        <option value={k} selected={values[`${p}.kind`] === k}>
                          {k}
                        </option>
                      ))}
                    </select>
                    <FieldError id={`f-${p}-kind`} error={errors[`${p}.kind`]} />
                  </div>
                  <Field name={`${p}.title`} label="Title" {...f} />
                  <Field name={`${p}.summary`} label="Summary" multiline={3} {...f} />
                  <Field name={`${p}.story`} label="What happened" multiline={6} {...f} />
                  <Field name={`${p}.target`} label="Addressed to" {...f} />
                  <Field
                    name={`${p}.asks`}
                    label="What we ask"
                    hint="One ask per line."
                    multiline={4}
                    {...f}
                  />
                  {c.askSources?.length ? (
                    <details>
                      <summary>Where each ask comes from in the release</summary>
                      <ol>
                        {c.askSources.map((source, k) => (
                          <li>
                            <strong>{c.translations.en?.asks[k]}</strong> — “{source}”
                          </li>
                        ))}
                      </ol>
                    </details>
                  ) : null}
                  {c.editorNotes?.map((note) => (
                    <p class="hint" role="note">
                      {note}
                    </p>
                  ))}
                  <Field name={`${p}.goal`} label="Goal (signatures)" type="number" {...f} />
                </fieldset>
              )
            })}
            {result.campaigns.length ? (
              <button type="submit">Save the included campaigns as drafts</button>
            ) : null}
          </form>
        </section>
      </div>
    </AdminLayout>
  )
}
