/**
 * A campaign's invalidations: the criteria form (always previewed before it is applied), the
 * networks busiest lately, and past invalidations with their revert button.
 */
import type { AdminCampaign } from '../../db/admin/campaigns.ts'
import type { Invalidation, IpHashActivity, StateCounts } from '../../db/admin/invalidations.ts'
import {
  AdminLayout,
  type AdminPageProps,
  CsrfField,
  formatCount,
  PostButton,
  utcTime,
} from './layout.tsx'
import { shortHash } from './review.tsx'

export type InvalidationForm = Record<'ipHash' | 'emailDomain' | 'from' | 'to' | 'reason', string>

function Criteria(props: { criteria: Invalidation['criteria'] }) {
  const c = props.criteria
  const parts = [
    c.ipHash?.length ? `${c.ipHash.length} IP hash${c.ipHash.length > 1 ? 'es' : ''}` : '',
    c.emailDomain ? `domain ${c.emailDomain}` : '',
    c.from ? `from ${utcTime(c.from)}` : '',
    c.to ? `until ${utcTime(c.to)}` : '',
  ].filter(Boolean)
  return (
    <>
      {parts.join(', ')}
      {c.reason ? <span class="muted"> — {c.reason}</span> : null}
    </>
  )
}

export function InvalidationsPage(
  props: AdminPageProps & {
    campaign: Pick<AdminCampaign, 'slug' | 'title'>
    values: InvalidationForm
    errors: Record<string, string>
    preview: { matched: StateCounts; total: number } | null
    hashes: IpHashActivity[]
    days: number
    history: Invalidation[]
  },
) {
  const { campaign, values, errors, preview, csrf } = props
  const action = `/admin/campaigns/${campaign.slug}/invalidations`
  const field = (name: keyof InvalidationForm, label: string, hint: string, rows?: number) => {
    const id = `inv-${name}`
    const error = errors[name]
    const aria = {
      id,
      name,
      'aria-describedby': `${id}-hint${error ? ` ${id}-error` : ''}`,
      'aria-invalid': error ? 'true' : undefined,
    }
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
        {rows ? (
          <textarea {...aria} rows={rows}>
            {values[name]}
          </textarea>
        ) : (
          <input {...aria} value={values[name]} />
        )}
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    )
  }
  return (
    <AdminLayout
      title={`Invalidations: ${campaign.title}`}
      current="/admin/campaigns"
      csrf={csrf}
      notice={props.notice}
    >
      <h1>Invalidations: {campaign.title}</h1>
      <p class="muted">
        Invalidated signatures stop counting. Nothing is deleted: an invalidation can be reverted,
        and every one is in the audit log.
      </p>
      {errors.body ? (
        <p class="form-summary" role="alert">
          {errors.body}
        </p>
      ) : null}
      <form method="post" action={action} class="edit-form">
        <CsrfField csrf={csrf} />
        {field('ipHash', 'IP hashes', 'One per line, from the table below.', 3)}
        {field('emailDomain', 'Email domain', 'Like spam.example.')}
        {field('from', 'Signed from (UTC)', 'Optional, like 2026-11-27T08:00.')}
        {field('to', 'Signed before (UTC)', 'Optional.')}
        {field('reason', 'Reason', 'For the audit log. No personal data.')}
        <button type="submit" name="op" value="preview">
          Preview
        </button>
        {preview ? (
          <section class="preview" aria-labelledby="preview-h" role="status">
            <h2 id="preview-h">Would invalidate {formatCount(preview.total)}</h2>
            <p>
              {formatCount(preview.matched.confirmed)} confirmed,{' '}
              {formatCount(preview.matched.pending)} unconfirmed,{' '}
              {formatCount(preview.matched.held)} held.
            </p>
            {preview.total ? (
              <button type="submit" name="op" value="apply" class="danger">
                Invalidate these {formatCount(preview.total)}
              </button>
            ) : null}
          </section>
        ) : null}
      </form>

      <section aria-labelledby="hashes-h">
        <h2 id="hashes-h">Networks with several signatures, last {props.days} days</h2>
        <p class="muted">IP hashes change every day: one network shows once per day it signed.</p>
        {props.hashes.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">IP hash</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">By state</th>
                <th scope="col">First – last</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {props.hashes.map((h) => (
                <tr>
                  <td>
                    <code title={h.ipHash}>{shortHash(h.ipHash)}</code>
                  </td>
                  <td class="num">{formatCount(h.total)}</td>
                  <td>
                    {Object.entries(h.byState)
                      .filter(([, n]) => n > 0)
                      .map(([s, n]) => `${s} ${formatCount(n)}`)
                      .join(', ')}
                  </td>
                  <td>
                    {utcTime(h.first)} – {utcTime(h.last)}
                  </td>
                  <td>
                    <PostButton
                      action={action}
                      csrf={csrf}
                      label="Preview"
                      fields={{ op: 'preview', ipHash: h.ipHash }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No network signed more than once lately.</p>
        )}
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">Past invalidations</h2>
        {props.history.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Applied</th>
                <th scope="col">Criteria</th>
                <th scope="col" class="num">
                  Signatures
                </th>
                <th scope="col">Reverted</th>
              </tr>
            </thead>
            <tbody>
              {props.history.map((inv) => (
                <tr>
                  <td>{utcTime(inv.appliedAt)}</td>
                  <td>
                    <Criteria criteria={inv.criteria} />
                  </td>
                  <td class="num">{formatCount(inv.count)}</td>
                  <td>
                    {inv.revertedAt ? (
                      utcTime(inv.revertedAt)
                    ) : (
                      <PostButton
                        action={`/admin/invalidations/${inv.id}/revert`}
                        csrf={csrf}
                        label="Revert"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>None yet.</p>
        )}
      </section>
    </AdminLayout>
  )
}
