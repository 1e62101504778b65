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
import { adminText, checkText } from './text.ts'

const T = () => adminText().invalidations

export type InvalidationForm = Record<'ipHash' | 'emailDomain' | 'from' | 'to' | 'reason', string>

function Criteria(props: { criteria: Invalidation['criteria'] }) {
  const c = props.criteria
  const parts = [
    c.ipHash?.length ? T().ipHashes(c.ipHash.length) : '',
    c.emailDomain ? T().domain(c.emailDomain) : '',
    c.from ? T().from(utcTime(c.from)) : '',
    c.to ? T().until(utcTime(c.to)) : '',
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
  const field = (name: keyof InvalidationForm, rows?: number) => {
    const [label, hint] = T().fields[name]
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
            {checkText(error)}
          </p>
        ) : null}
      </div>
    )
  }
  return (
    <AdminLayout
      title={T().title(campaign.title)}
      current="/admin/campaigns"
      csrf={csrf}
      notice={props.notice}
    >
      <h1>{T().title(campaign.title)}</h1>
      <p class="muted">{T().intro}</p>
      {errors.body ? (
        <p class="form-summary" role="alert">
          {errors.body}
        </p>
      ) : null}
      <form method="post" action={action} class="edit-form">
        <CsrfField csrf={csrf} />
        {field('ipHash', 3)}
        {field('emailDomain')}
        {field('from')}
        {field('to')}
        {field('reason')}
        <button type="submit" name="op" value="preview">
          {T().preview}
        </button>
        {preview ? (
          <section class="preview" aria-labelledby="preview-h" role="status">
            <h2 id="preview-h">{T().wouldInvalidate(formatCount(preview.total))}</h2>
            <p>
              {T().matched(
                formatCount(preview.matched.confirmed),
                formatCount(preview.matched.pending),
                formatCount(preview.matched.held),
              )}
            </p>
            {preview.total ? (
              <button type="submit" name="op" value="apply" class="danger">
                {T().invalidate(formatCount(preview.total))}
              </button>
            ) : null}
          </section>
        ) : null}
      </form>

      <section aria-labelledby="hashes-h">
        <h2 id="hashes-h">{T().networks(props.days)}</h2>
        <p class="muted">{T().networksHint}</p>
        {props.hashes.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{T().ipHash}</th>
                <th scope="col" class="num">
                  {T().total}
                </th>
                <th scope="col">{T().byState}</th>
                <th scope="col">{T().firstLast}</th>
                <th scope="col">{T().action}</th>
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
                      .map(([s, n]) => `${T().states[s] ?? s} ${formatCount(n)}`)
                      .join(', ')}
                  </td>
                  <td>
                    {utcTime(h.first)} – {utcTime(h.last)}
                  </td>
                  <td>
                    <PostButton
                      action={action}
                      csrf={csrf}
                      label={T().preview}
                      fields={{ op: 'preview', ipHash: h.ipHash }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{T().noNetworks}</p>
        )}
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">{T().past}</h2>
        {props.history.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{T().applied}</th>
                <th scope="col">{T().criteria}</th>
                <th scope="col" class="num">
                  {T().signatures}
                </th>
                <th scope="col">{T().reverted}</th>
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
                        label={T().revert}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{T().none}</p>
        )}
      </section>
    </AdminLayout>
  )
}
