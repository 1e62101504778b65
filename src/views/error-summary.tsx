/**
 * The error summary of a form (the GOV.UK pattern): at the top of the form after a 422, it
 * takes focus as the page loads (`autofocus`, so it works without JavaScript; app.js does the
 * same where autofocus is not honoured) and links each error to its field.
 */
import type { PageContext } from './layout.tsx'

export function ErrorSummary(props: {
  ctx: PageContext
  /** The summary's id: the form's id prefix and `-errors`. */
  id: string
  errors: Record<string, string | undefined>
  /** The form's fields in the order they are shown: [field name, element id]. */
  fields: readonly (readonly [string, string])[]
  /** A sentence above the list (a form-level error). */
  intro?: string
}) {
  const { ctx, id, errors, fields, intro } = props
  const linked = fields.filter(([name]) => errors[name])
  const known = new Set(fields.map(([name]) => name))
  const other = Object.entries(errors).filter(
    ([name, e]) => e && name !== 'form' && !known.has(name),
  )
  if (!linked.length && !other.length && !intro) return null
  return (
    <div
      class="error-summary"
      id={id}
      tabindex={-1}
      autofocus
      role="alert"
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>{ctx.t('errorSummaryTitle')}</h3>
      {intro ? <p>{intro}</p> : null}
      {linked.length || other.length ? (
        <ul>
          {linked.map(([name, target]) => (
            <li>
              <a href={`#${target}`}>{errors[name]}</a>
            </li>
          ))}
          {other.map(([, e]) => (
            <li>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** Whether a form has anything to summarise. */
export function hasErrors(errors: Record<string, string | undefined> | undefined): boolean {
  return Object.values(errors ?? {}).some(Boolean)
}
