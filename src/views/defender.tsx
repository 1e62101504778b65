/** `/defenders/:slug`: who the defender is and their campaigns. */
import type { Defender } from '../db/campaigns.ts'
import { countryName } from '../lib/countries.ts'
import { defenderStatus } from './campaign.tsx'
import { Layout, type PageContext, Progress } from './layout.tsx'
import { shareCard, shareUrl } from './social-meta.tsx'

export function DefenderPage(props: {
  ctx: PageContext
  defender: Defender
  /** PUBLIC_ORIGIN, for the share tags' absolute URLs. */
  origin: string
}) {
  const { ctx, defender: d, origin } = props
  const { t, lang } = ctx
  const social = {
    title: d.name,
    description: d.situation,
    url: shareUrl(origin, `/defenders/${d.slug}`, lang),
    type: 'article' as const,
    image: shareCard(origin, 'defender', lang, t('shareCardAlt')),
  }
  return (
    <Layout ctx={ctx} title={d.name} description={d.situation} social={social}>
      <h1>{d.name}</h1>
      <dl class="facts">
        <dt>{t('country')}</dt>
        <dd>{countryName(lang, d.country)}</dd>
        <dt>{t('status')}</dt>
        <dd>{defenderStatus(ctx, d.status)}</dd>
      </dl>
      <p class="lead">{d.situation}</p>
      <h2>{t('campaignsFor', { name: d.name })}</h2>
      <ul class="campaign-list">
        {d.campaigns.map((c) => (
          <li class="campaign-card">
            <h3>
              <a href={`/campaigns/${c.slug}`}>{c.title}</a>
            </h3>
            <p>{c.summary}</p>
            <Progress ctx={ctx} confirmed={c.confirmed} goal={c.goal} />
          </li>
        ))}
      </ul>
    </Layout>
  )
}
