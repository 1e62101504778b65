/** `/`: the open campaigns. */
import type { CampaignSummary } from '../db/campaigns.ts'
import { countryName } from '../lib/countries.ts'
import { Layout, type PageContext, Progress } from './layout.tsx'
import { shareCard, shareUrl } from './social-meta.tsx'

export function HomePage(props: {
  ctx: PageContext
  campaigns: CampaignSummary[]
  /** PUBLIC_ORIGIN, for the share tags' absolute URLs. */
  origin: string
}) {
  const { ctx, campaigns, origin } = props
  const { t, lang } = ctx
  const social = {
    title: t('siteName'),
    description: t('tagline'),
    url: shareUrl(origin, '/', lang),
    image: shareCard(origin, 'general', lang, t('shareCardAlt')),
  }
  return (
    <Layout ctx={ctx} title={t('siteName')} description={t('tagline')} social={social}>
      <section class="intro">
        <h1>{t('openCampaigns')}</h1>
        <p>{t('tagline')}</p>
      </section>
      {campaigns.length === 0 ? (
        <p>{t('noCampaigns')}</p>
      ) : (
        <ul class="campaign-list">
          {campaigns.map((c) => (
            <li class="campaign-card">
              <article aria-labelledby={`c-${c.slug}`} lang={c.lang === lang ? undefined : c.lang}>
                <h2 id={`c-${c.slug}`}>
                  <a href={`/campaigns/${c.slug}`}>{c.title}</a>
                </h2>
                <dl class="facts">
                  <dt>{t('defender')}</dt>
                  <dd>
                    {c.defender ? (
                      <a href={`/defenders/${c.defender.slug}`}>{c.defender.name}</a>
                    ) : (
                      t('generalCall')
                    )}
                  </dd>
                  {c.defender ? (
                    <>
                      <dt>{t('country')}</dt>
                      <dd>{countryName(lang, c.defender.country)}</dd>
                    </>
                  ) : null}
                  <dt>{t('target')}</dt>
                  <dd>{c.target}</dd>
                </dl>
                <p>{c.summary}</p>
                <Progress ctx={ctx} confirmed={c.confirmed} goal={c.goal} />
                <a class="button" href={`/campaigns/${c.slug}`} aria-describedby={`c-${c.slug}`}>
                  {t('readAndSign')}
                </a>
              </article>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
