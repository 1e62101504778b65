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
import { adminLang, adminText } from './text.ts'

const T = () => adminText().import
const C = () => adminText().campaigns

const country = (code: string) =>
  code === 'ZZ' ? T().countryNotFound : countryName(adminLang(), code)

function FormSummary(props: { errors: FormErrors }) {
  const count = Object.keys(props.errors).length
  if (!count) return null
  return (
    <div class="form-summary" role="alert">
      <p>{T().notSaved}</p>
      {props.errors[FORM_ERROR] ? <p>{props.errors[FORM_ERROR]}</p> : null}
    </div>
  )
}

export function ImportFormPage(props: AdminPageProps & { text?: string; error?: string }) {
  return (
    <AdminLayout title={T().title} current="/admin/import" csrf={props.csrf}>
      <h1>{T().title}</h1>
      <p>{T().intro}</p>
      <form method="post" action="/admin/import" class="edit-form">
        <CsrfField csrf={props.csrf} />
        <div class="field">
          <label for="f-release">{T().releaseText}</label>
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
        <button type="submit">{T().propose}</button>
      </form>
    </AdminLayout>
  )
}

/** What the importer could not find, said plainly. */
function problems(result: ImportResult): string[] {
  const out: string[] = []
  if (!result.defenders.length) out.push(T().noDefenders)
  if (!result.callsToAction.length) out.push(T().noCalls)
  if (!result.campaigns.length) out.push(T().nothing)
  if (!result.release.publisher) out.push(T().noPublisher)
  if (!result.release.date) out.push(T().noDate)
  for (const d of result.defenders) {
    if (d.country === 'ZZ') out.push(T().noCountry(d.name))
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
    <AdminLayout title={T().reviewTitle} current="/admin/import" csrf={csrf}>
      <h1>{T().reviewTitle}</h1>
      <FormSummary errors={errors} />
      {issues.length ? (
        <div class="import-problems" role="status">
          <h2>{T().problems}</h2>
          <ul>
            {issues.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="import-grid">
        <section aria-labelledby="release-heading" class="import-release">
          <h2 id="release-heading">{T().release}</h2>
          <p class="hint">{T().highlighted}</p>
          <pre class="release-text">
            {segments.map((s) => (s.source ? <mark>{s.text}</mark> : s.text))}
          </pre>
        </section>
        <section aria-labelledby="proposal-heading" class="import-proposal">
          <h2 id="proposal-heading">{T().proposal}</h2>
          <dl class="figures">
            <div>
              <dt>{T().releaseTitle}</dt>
              <dd>{release.title}</dd>
            </div>
            <div>
              <dt>{T().publisher}</dt>
              <dd>{release.publisher ?? '—'}</dd>
            </div>
            <div>
              <dt>{T().date}</dt>
              <dd>{release.date ?? '—'}</dd>
            </div>
          </dl>
          <h3>{T().defendersFound}</h3>
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
            <p>{T().none}</p>
          )}
          <h3>{T().calls}</h3>
          {result.callsToAction.length ? (
            <ul class="import-calls">
              {result.callsToAction.map((call) => (
                <li>
                  {call.text}
                  <br />
                  <span class="hint">{T().addressedTo(call.target ?? null)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>{T().none}</p>
          )}
          <h3>{T().drafts}</h3>
          <form method="post" action="/admin/import/save" class="edit-form">
            <CsrfField csrf={csrf} />
            <input type="hidden" name="release" value={text} />
            {result.campaigns.map((c, i) => {
              const p = `campaigns.${i}`
              const f = { values, errors }
              const defender = c.defender ? defenders.get(c.defender) : undefined
              return (
                <fieldset>
                  <legend>{T().campaign(i + 1, values[`${p}.title`] || c.slug)}</legend>
                  <div class="field check">
                    <input
                      type="checkbox"
                      id={`f-${p}-include`}
                      name={`${p}.include`}
                      value="on"
                      checked={Boolean(values[`${p}.include`])}
                    />
                    <label for={`f-${p}-include`}>{T().include}</label>
                  </div>
                  <p>
                    {T().defender(
                      defender ? `${defender.name} (${country(defender.country)})` : null,
                    )}
                  </p>
                  <Field name={`${p}.slug`} label={T().slug} {...f} />
                  <div class="field">
                    <label for={`f-${p}-kind`}>{T().kind}</label>
                    <select id={`f-${p}-kind`} name={`${p}.kind`}>
                      {['defender', 'general'].map((k) => (
                        <option value={k} selected={values[`${p}.kind`] === k}>
                          {T().kinds[k] ?? k}
                        </option>
                      ))}
                    </select>
                    <FieldError id={`f-${p}-kind`} error={errors[`${p}.kind`]} />
                  </div>
                  <Field name={`${p}.title`} label={C().fields.title} {...f} />
                  <Field name={`${p}.summary`} label={C().fields.summary} multiline={3} {...f} />
                  <Field name={`${p}.story`} label={C().fields.story} multiline={6} {...f} />
                  <Field name={`${p}.target`} label={C().fields.target} {...f} />
                  <Field
                    name={`${p}.asks`}
                    label={C().fields.asks}
                    hint={C().asksHint}
                    multiline={4}
                    {...f}
                  />
                  {c.askSources?.length ? (
                    <details>
                      <summary>{T().askSources}</summary>
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
                  <Field name={`${p}.goal`} label={T().goal} type="number" {...f} />
                </fieldset>
              )
            })}
            {result.campaigns.length ? <button type="submit">{T().save}</button> : null}
          </form>
        </section>
      </div>
    </AdminLayout>
  )
}
