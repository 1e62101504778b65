/** The review page: signatures held over the soft limit, and messages waiting for a moderator. */
import type { AdminCampaign } from '../../db/admin/campaigns.ts'
import type { AdminMessage, HeldSignature } from '../../db/admin/moderation.ts'
import { AdminLayout, type AdminPageProps, PostButton, utcTime } from './layout.tsx'
import { adminText } from './text.ts'

const T = () => adminText().review

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
        label={T().approve}
        fields={props.back}
      />
      <PostButton
        action={`${props.base}/reject`}
        csrf={props.csrf}
        label={T().reject}
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
    <AdminLayout title={T().title} current="/admin/review" csrf={csrf} notice={props.notice}>
      <h1>{T().title}</h1>
      <form method="get" action="/admin/review" class="inline-form">
        <label for="review-campaign">{T().campaign}</label>{' '}
        <select id="review-campaign" name="campaign">
          <option value="">{T().allCampaigns}</option>
          {props.campaigns.map((c) => (
            <option value={c.slug} selected={c.slug === campaign}>
              {c.title}
            </option>
          ))}
        </select>{' '}
        <button type="submit">{T().show}</button>
      </form>

      <section aria-labelledby="held-h">
        <h2 id="held-h">{T().held(held.length)}</h2>
        <p class="muted">{T().heldIntro}</p>
        {held.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{T().signed}</th>
                <th scope="col">{T().campaign}</th>
                <th scope="col">{T().namePlace}</th>
                <th scope="col">{T().emailDomain}</th>
                <th scope="col">{T().ipHash}</th>
                <th scope="col">{T().emailConfirmed}</th>
                <th scope="col">{T().decision}</th>
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
                  <td>{s.confirmedAt ? utcTime(s.confirmedAt) : T().notYet}</td>
                  <td class="actions">
                    <Decision base={`/admin/signatures/${s.id}`} csrf={csrf} back={back} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{T().nothingHeld}</p>
        )}
      </section>

      <section aria-labelledby="messages-h">
        <h2 id="messages-h">{T().messages(messages.length)}</h2>
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
          <p>{T().noMessages}</p>
        )}
      </section>
    </AdminLayout>
  )
}
