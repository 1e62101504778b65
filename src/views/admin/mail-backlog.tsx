/** The mail backlog on the dashboard: counts and ages only, never an address. */
import type { BacklogBucket, MailBacklog } from '../../db/mail.ts'
import { adminText } from './text.ts'

const T = () => adminText().mailBacklog

function age(at: number | null, now: number): string {
  if (at === null) return '—'
  const s = Math.max(0, Math.round((now - at) / 1000))
  if (s < 120) return `${s} s`
  if (s < 7200) return `${Math.round(s / 60)} min`
  return `${Math.round(s / 3600)} h`
}

function Row(props: { label: string; bucket: BacklogBucket; ageLabel: string; now: number }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.bucket.count}</td>
      <td>
        {props.bucket.count > 0 ? `${props.ageLabel} ${age(props.bucket.at, props.now)}` : '—'}
      </td>
    </tr>
  )
}

export function MailBacklogBlock(props: { backlog: MailBacklog; now: number }) {
  const { backlog, now } = props
  return (
    <section aria-labelledby="mail-backlog">
      <h2 id="mail-backlog">{T().title}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{T().mail}</th>
            <th scope="col">{T().count}</th>
            <th scope="col">{T().age}</th>
          </tr>
        </thead>
        <tbody>
          <Row label={T().waiting} bucket={backlog.waiting} ageLabel={T().oldest} now={now} />
          <Row label={T().retrying} bucket={backlog.retrying} ageLabel={T().oldest} now={now} />
          <Row label={T().givenUp} bucket={backlog.givenUp} ageLabel={T().latest} now={now} />
        </tbody>
      </table>
    </section>
  )
}
