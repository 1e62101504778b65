/** The review page: signatures held over the soft limit, and messages waiting for a moderator. */
import type { AdminCampaign } from '../../db/admin/campaigns.ts'
import type { AdminMessage, HeldSignature } from '../../db/admin/moderation.ts'
import { AdminLayout, type AdminPageProps, PostButton, utcTime } from './layout.tsx'

/** The first characters of an IP hash: enough to see which rows share a network. */
export const shortHash = (hash: string | null) => (hash ? `${hash.slice(0, 10)}…` : '—')

/** The approve and reject buttons of one held item (`base` + `/approve` or `/reject`). */
function Decision(props: {
  base: string
  csrf: Parameters<typeof PostButton>[0]['csrf']
  back: Parameters<typeof PostButton>[0]['fields']
}) {
  return (
    <>
      <PostButton
        action={`${props.base}/approve`}
        csrf={props.csrf}
        label="Approve"
        fields={props.back}
      />
      <PostButton
        action={`${props.base}/reject`}
        csrf={props.csrf}
        label="Reject"
        kind="danger"
        fields={props.back}
      />
    </>
  )
}

export function ReviewPage(
  props: AdminPageProps & {
    campaigns: AdminCampaign[]
    campaign: string | null
    held: HeldSignature[]
    messages: AdminMessage[]
  },
) {
  const { csrf, held, messages, campaign } = props
  const back = campaign ? { back: campaign } : undefined
  return (
    <AdminLayout title="Review" current="/admin/review" csrf={csrf} notice={props.notice}>
      <h1>Review</h1>
      <form method="get" action="/admin/review" class="inline-form">
        <label for="review-campaign">Campaign</label>{' '}
        <select id="review-campaign" name="campaign">
          <option value="">All campaigns</option>
          {props.campaigns.map((c) => (
            <option value={c.slug} selected={c.slug === campaign}>
              {c.title}
            </option>
          ))}
        </select>{' '}
        <button type="submit">Show</button>
      </form>

      <section aria-labelledby="held-h">
        <h2 id="held-h">Held signatures ({held.length})</h2>
        <p class="muted">
          Held because one network signed this campaign more often than the soft limit allows.
          Approving counts a signature whose email is confirmed, and lets an unconfirmed one count
          once it is confirmed. Rejecting invalidates it.
        </p>
        {held.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Signed</th>
                <th scope="col">Campaign</th>
                <th scope="col">Name, place</th>
                <th scope="col">Email domain (keyed)</th>
                <th scope="col">IP hash</th>
                <th scope="col">Email confirmed</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {held.map((s) => (
                <tr>
                  <td>{utcTime(s.createdAt)}</td>
                  <td>
                    <code>{s.campaignSlug}</code>
                  </td>
                  <td>
                    {s.name ?? '—'}, {s.city ? `${s.city}, ` : ''}
                    {s.country}
                    {s.comment ? <p class="comment">{s.comment}</p> : null}
                  </td>
                  <td>
                    <code title={s.emailDomainKey ?? ''}>{shortHash(s.emailDomainKey)}</code>
                  </td>
                  <td>
                    <code title={s.ipHash ?? ''}>{shortHash(s.ipHash)}</code>
                  </td>
                  <td>{s.confirmedAt ? utcTime(s.confirmedAt) : 'not yet'}</td>
                  <td class="actions">
                    <Decision base={`/admin/signatures/${s.id}`} csrf={csrf} back={back} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Nothing is held.</p>
        )}
      </section>

      <section aria-labelledby="messages-h">
        <h2 id="messages-h">Messages of solidarity waiting ({messages.length})</h2>
        {messages.length ? (
          <ul class="message-queue">
            {messages.map((m) => (
              <li>
                <blockquote lang={m.lang}>{m.body}</blockquote>
                <p class="muted">
                  {m.name}
                  {m.country ? `, ${m.country}` : ''} · <code>{m.campaignSlug}</code> ·{' '}
                  {utcTime(m.createdAt)}
                </p>
                <Decision base={`/admin/messages/${m.id}`} csrf={csrf} back={back} />
              </li>
            ))}
          </ul>
        ) : (
          <p>No message is waiting.</p>
        )}
      </section>
    </AdminLayout>
  )
}
