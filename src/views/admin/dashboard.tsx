/** The dashboard: per defender and campaign, confirmed signatures, the last day, days, countries. */
import type { CampaignStats, DefenderGroup } from '../../db/admin/dashboard.ts'
import { countryName } from '../../lib/countries.ts'
import { DayChart } from './chart.tsx'
import { AdminLayout, type AdminPageProps, formatCount } from './layout.tsx'

function CampaignCard(props: { stats: CampaignStats }) {
  const { campaign, confirmed, last24h, days, countries } = props.stats
  const id = `c-${campaign.slug}`
  return (
    <article class="stat-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        <a href={`/admin/campaigns/${campaign.slug}`}>{campaign.title}</a>{' '}
        <span class={`status status-${campaign.status}`}>{campaign.status}</span>
      </h3>
      <dl class="figures">
        <div>
          <dt>Confirmed</dt>
          <dd data-figure="confirmed">
            {formatCount(confirmed)} <span class="muted">of {formatCount(campaign.goal)}</span>
          </dd>
        </div>
        <div>
          <dt>Last 24 h</dt>
          <dd data-figure="last24h">
            ≈ {formatCount(last24h.estimate)}{' '}
            <span class="muted">
              (today {formatCount(last24h.today)}, yesterday {formatCount(last24h.yesterday)})
            </span>
          </dd>
        </div>
        <div>
          <dt>Waiting</dt>
          <dd>
            {formatCount(campaign.counts.pending)} unconfirmed,{' '}
            <a href={`/admin/review?campaign=${campaign.slug}`}>
              {formatCount(campaign.counts.held)} held
            </a>
          </dd>
        </div>
      </dl>
      <DayChart
        id={`${id}-days`}
        label={`${campaign.title}, last ${days.length} days`}
        days={days}
      />
      <details>
        <summary>By country ({countries.length})</summary>
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col" class="num">
                Confirmed
              </th>
            </tr>
          </thead>
          <tbody>
            {countries.map((c) => (
              <tr>
                <td>{countryName('en', c.country)}</td>
                <td class="num">{formatCount(c.n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p class="card-links">
        <a href={`/admin/campaigns/${campaign.slug}/delivery`}>Delivery pack</a> ·{' '}
        <a href={`/admin/campaigns/${campaign.slug}/invalidations`}>Invalidations</a> ·{' '}
        <a href={`/campaigns/${campaign.slug}`}>Public page</a>
      </p>
    </article>
  )
}

/** The figures across every campaign, above the groups. */
function Totals(props: { groups: DefenderGroup[] }) {
  const all = props.groups.flatMap((g) => g.campaigns)
  const sum = (f: (s: CampaignStats) => number) => all.reduce((n, s) => n + f(s), 0)
  const open = all.filter((s) => s.campaign.status === 'open').length
  return (
    <section class="totals" aria-labelledby="totals-h">
      <h2 id="totals-h" class="visually-hidden">
        All campaigns
      </h2>
      <dl class="figures figures-large">
        <div>
          <dt>Confirmed, all campaigns</dt>
          <dd data-figure="total-confirmed">{formatCount(sum((s) => s.confirmed))}</dd>
        </div>
        <div>
          <dt>Last 24 h</dt>
          <dd data-figure="total-last24h">≈ {formatCount(sum((s) => s.last24h.estimate))}</dd>
        </div>
        <div>
          <dt>Unconfirmed</dt>
          <dd>{formatCount(sum((s) => s.campaign.counts.pending))}</dd>
        </div>
        <div>
          <dt>Held for review</dt>
          <dd>
            <a href="/admin/review">{formatCount(sum((s) => s.campaign.counts.held))}</a>
          </dd>
        </div>
        <div>
          <dt>Campaigns</dt>
          <dd>
            {formatCount(all.length)} <span class="muted">({formatCount(open)} open)</span>
          </dd>
        </div>
      </dl>
    </section>
  )
}

export function DashboardPage(props: AdminPageProps & { groups: DefenderGroup[] }) {
  return (
    <AdminLayout title="Dashboard" current="/admin" csrf={props.csrf} notice={props.notice}>
      <h1>Dashboard</h1>
      <Totals groups={props.groups} />
      <p class="muted">
        Counts come from the tallies kept with every change. Days are UTC. “Last 24 h” is today so
        far plus the part of yesterday inside the last 24 hours, assuming yesterday’s signatures
        were spread evenly.
      </p>
      {props.groups.map((g) => (
        <section class="defender-group" aria-labelledby={`g-${g.defender?.slug ?? 'general'}`}>
          <h2 id={`g-${g.defender?.slug ?? 'general'}`}>
            {g.defender ? g.defender.name : 'General calls'}{' '}
            <span class="muted">— {formatCount(g.confirmed)} confirmed</span>
          </h2>
          {g.defender ? (
            <p class="card-links">
              <a href={`/admin/defenders/${g.defender.slug}/delivery`}>Defender delivery pack</a>
            </p>
          ) : null}
          <div class="stat-grid">
            {g.campaigns.map((stats) => (
              <CampaignCard stats={stats} />
            ))}
          </div>
        </section>
      ))}
    </AdminLayout>
  )
}
