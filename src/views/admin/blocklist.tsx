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
    <AdminLayout title="Block list" current="/admin/blocklist" csrf={csrf} notice={props.notice}>
      <h1>Block list</h1>
      <p class="muted">
        Submissions from these email domains and networks get the usual answer and are dropped.
        Networks are stored only as a keyed hash: to remove one, type it again or use its row.
      </p>
      <form method="post" action="/admin/blocklist" class="edit-form">
        <CsrfField csrf={csrf} />
        <fieldset>
          <legend>Add or remove an entry</legend>
          <div class="field">
            <label for="block-kind">Kind</label>
            <select id="block-kind" name="kind">
              <option value="domain" selected={kind === 'domain'}>
                Email domain
              </option>
              <option value="ip" selected={kind === 'ip'}>
                IP network
              </option>
            </select>
          </div>
          <div class="field">
            <label for="block-value">Domain or network</label>
            <p class="hint" id="block-value-hint">
              A domain like spam.example, or an IP address, an IPv4 /24, or an IPv6 /64 or /48.
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
            Block
          </button>{' '}
          <button type="submit" name="op" value="remove" class="danger">
            Unblock
          </button>
        </fieldset>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Value</th>
            <th scope="col">Since</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td>{e.kind === 'ip' ? 'IP network' : 'Email domain'}</td>
              <td>
                <code>{e.kind === 'ip' ? `hash ${e.value.slice(0, 12)}…` : e.value}</code>
              </td>
              <td>{utcTime(e.createdAt)}</td>
              <td>
                <PostButton
                  action="/admin/blocklist"
                  csrf={csrf}
                  label="Unblock"
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
