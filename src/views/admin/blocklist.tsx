/** The block list page: email domains and IP networks (shown only as their keyed hash). */
import type { BlockEntry } from '../../db/admin/blocklist.ts'
import {
  AdminLayout,
  type AdminPageProps,
  CsrfField,
  FieldError,
  PostButton,
  utcTime,
} from './layout.tsx'
import { adminText } from './text.ts'

const T = () => adminText().blocklist

export function BlocklistPage(
  props: AdminPageProps & {
    entries: BlockEntry[]
    values?: { kind?: string; value?: string }
    error?: string
  },
) {
  const { csrf, entries, values = {}, error } = props
  const kind = values.kind === 'ip' ? 'ip' : 'domain'
  return (
    <AdminLayout title={T().title} current="/admin/blocklist" csrf={csrf} notice={props.notice}>
      <h1>{T().title}</h1>
      <p class="muted">{T().intro}</p>
      <form method="post" action="/admin/blocklist" class="edit-form">
        <CsrfField csrf={csrf} />
        <fieldset>
          <legend>{T().legend}</legend>
          <div class="field">
            <label for="block-kind">{T().kind}</label>
            <select id="block-kind" name="kind">
              <option value="domain" selected={kind === 'domain'}>
                {T().domain}
              </option>
              <option value="ip" selected={kind === 'ip'}>
                {T().ip}
              </option>
            </select>
          </div>
          <div class="field">
            <label for="block-value">{T().value}</label>
            <p class="hint" id="block-value-hint">
              {T().hint}
            </p>
            <input
              id="block-value"
              name="value"
              value={values.value ?? ''}
              required
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={`block-value-hint${error ? ' block-value-error' : ''}`}
            />
            <FieldError id="block-value" error={error} />
          </div>
          <button type="submit" name="op" value="add">
            {T().block}
          </button>{' '}
          <button type="submit" name="op" value="remove" class="danger">
            {T().unblock}
          </button>
        </fieldset>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">{T().kind}</th>
            <th scope="col">{T().valueColumn}</th>
            <th scope="col">{T().since}</th>
            <th scope="col">{T().action}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td>{e.kind === 'ip' ? T().ip : T().domain}</td>
              <td>
                <code>{e.kind === 'ip' ? T().hash(e.value.slice(0, 12)) : e.value}</code>
              </td>
              <td>{utcTime(e.createdAt)}</td>
              <td>
                <PostButton
                  action="/admin/blocklist"
                  csrf={csrf}
                  label={T().unblock}
                  kind="danger"
                  fields={{ op: 'remove', kind: e.kind, value: e.value }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  )
}
