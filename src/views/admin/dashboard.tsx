/** The dashboard: per defender and campaign, confirmed signatures, the last day, days, countries. */
import type { Child } from 'hono/jsx'
import type { CampaignStats, DefenderGroup } from '../../db/admin/dashboard.ts'
import { countryName } from '../../lib/countries.ts'
import { CountsTable, DayChart } from './chart.tsx'
import { AdminLayout, type AdminPageProps, formatCount } from './layout.tsx'
import { adminLang, adminText } from './text.ts'

const T = () => adminText().dashboard

function CampaignCard(props: { stats: CampaignStats }) {
  const { campaign, confirmed, last24h, days, countries, partners } = props.stats
  const id = `c-${campaign.slug}`
  return (
    <article class="stat-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        <a href={`/admin/campaigns/${campaign.slug}`}>{campaign.title}</a>{' '}
        <span class={`status status-${campaign.status}`}>
          {adminText().statuses[campaign.status]}
        </span>
      </h3>
      <dl class="figures">
        <div>
          <dt>{T().confirmed}</dt>
          <dd data-figure="confirmed">
            {formatCount(confirmed)} <span class="muted">{T().of(formatCount(campaign.goal))}</span>
          </dd>
        </div>
        <div>
          <dt>{T().last24h}</dt>
          <dd data-figure="last24h">
            ≈ {formatCount(last24h.estimate)}{' '}
            <span class="muted">
              {T().todayYesterday(formatCount(last24h.today), formatCount(last24h.yesterday))}
            </span>
          </dd>
        </div>
        <div>
          <dt>{T().waiting}</dt>
          <dd>
            {T().unconfirmed(formatCount(campaign.counts.pending))},{' '}
            <a href={`/admin/review?campaign=${campaign.slug}`}>
              {T().held(formatCount(campaign.counts.held))}
            </a>
          </dd>
        </div>
      </dl>
      <DayChart id={`${id}-days`} label={T().lastDays(campaign.title, days.length)} days={days} />
      <CountsTable
        summary={T().byCountry(countries.length)}
        heading={T().country}
        rows={countries.map((c) => ({ label: countryName(adminLang(), c.country), n: c.n }))}
      />
      <CountsTable
        summary={T().byPartner(partners.length)}
        heading={T().credited}
        name="by-partner"
        rows={partners.map((p) => ({ label: p.name, n: p.n, attrs: { 'data-partner': p.slug } }))}
      />
      <p class="card-links">
        <a href={`/admin/campaigns/${campaign.slug}/delivery`}>{T().deliveryPack}</a> ·{' '}
        <a href={`/admin/campaigns/${campaign.slug}/invalidations`}>{T().invalidations}</a> ·{' '}
        <a href={`/campaigns/${campaign.slug}`}>{T().publicPage}</a>
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
        {T().allCampaigns}
      </h2>
      <dl class="figures figures-large">
        <div>
          <dt>{T().totalConfirmed}</dt>
          <dd data-figure="total-confirmed">{formatCount(sum((s) => s.confirmed))}</dd>
        </div>
        <div>
          <dt>{T().last24h}</dt>
          <dd data-figure="total-last24h">≈ {formatCount(sum((s) => s.last24h.estimate))}</dd>
        </div>
        <div>
          <dt>{T().totalUnconfirmed}</dt>
          <dd>{formatCount(sum((s) => s.campaign.counts.pending))}</dd>
        </div>
        <div>
          <dt>{T().heldForReview}</dt>
          <dd>
            <a href="/admin/review">{formatCount(sum((s) => s.campaign.counts.held))}</a>
          </dd>
        </div>
        <div>
          <dt>{T().campaigns}</dt>
          <dd>
            {formatCount(all.length)} <span class="muted">{T().open(formatCount(open))}</span>
          </dd>
        </div>
      </dl>
    </section>
  )
}

export function DashboardPage(
  props: AdminPageProps & { groups: DefenderGroup[]; children?: Child },
) {
  return (
    <AdminLayout title={T().title} current="/admin" csrf={props.csrf} notice={props.notice}>
      <h1>{T().title}</h1>
      <Totals groups={props.groups} />
      <p class="muted">{T().explain}</p>
      {props.groups.map((g) => (
        <section class="defender-group" aria-labelledby={`g-${g.defender?.slug ?? 'general'}`}>
          <h2 id={`g-${g.defender?.slug ?? 'general'}`}>
            {g.defender ? g.defender.name : T().generalCalls}{' '}
            <span class="muted">{T().groupConfirmed(formatCount(g.confirmed))}</span>
          </h2>
          {g.defender ? (
            <p class="card-links">
              <a href={`/admin/defenders/${g.defender.slug}/delivery`}>{T().defenderPack}</a>
            </p>
          ) : null}
          <div class="stat-grid">
            {g.campaigns.map((stats) => (
              <CampaignCard stats={stats} />
            ))}
          </div>
        </section>
      ))}
      {props.children}
    </AdminLayout>
  )
}
