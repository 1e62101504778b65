/** `/campaigns/:slug`: the defender's story, the ask, target, goal, provenance, sign form, sharing. */

import type { CampaignUpdate } from '../db/campaign-record.ts'
import type { Campaign } from '../db/campaigns.ts'
import { catalogue } from '../i18n/index.ts'
import { recipientName } from '../i18n/recipient.ts'
import { countryName } from '../lib/countries.ts'
import { formatDate, type MessageKey } from '../lib/i18n.ts'
import {
  CampaignImage,
  CampaignUpdates,
  Outcome,
  pickText,
  ReviewedOn,
} from './campaign-record.tsx'
import { EmbedSnippet } from './embed-snippet.tsx'
import { Layout, type PageContext, Progress } from './layout.tsx'
import { HostLine, PartnerList } from './organisation.tsx'
import { ShareLinks } from './share.tsx'
import { type FieldErrors, SignForm, type SignFormValues } from './sign-form.tsx'
import { type SocialMeta, shareCard, shareUrl } from './social-meta.tsx'

const STATUS_KEYS: Record<string, MessageKey> = {
  imprisoned: 'statusImprisoned',
  'at-risk': 'statusAtRisk',
  convicted: 'statusConvicted',
  detained: 'statusDetained',
  released: 'statusReleased',
}

export function defenderStatus(ctx: PageContext, status: string): string {
  const key = STATUS_KEYS[status]
  return key ? ctx.t(key) : status
}

/** A delivery: to whom (in the page's language where we know it), when, how many. */
function Delivered(props: {
  ctx: PageContext
  delivery: { deliveredOn: string; recipient: string; count: number }
  targets: { lang: string; target: string }[]
}) {
  const { ctx, delivery: d } = props
  const who = recipientName(ctx.lang, d.recipient, props.targets)
  const text = catalogue(ctx.lang).delivered({
    recipient: who.name,
    date: formatDate(ctx.lang, d.deliveredOn),
    count: d.count,
    countText: new Intl.NumberFormat(ctx.lang).format(d.count),
  })
  if (!who.lang) return <p class="delivered">{text}</p>
  // A name only known as typed, in another language: marked so it is read out in that one.
  const at = text.indexOf(who.name)
  return (
    <p class="delivered">
      {text.slice(0, at)}
      <span lang={who.lang}>{who.name}</span>
      {text.slice(at + who.name.length)}
    </p>
  )
}

export interface CampaignPageExtras {
  values?: SignFormValues
  errors?: FieldErrors
  turnstileSiteKey?: string
  /** Names of confirmed signers who chose to be shown. */
  recentSigners?: { name: string; country: string }[]
  messages?: { name: string; body: string; country: string | null }[]
  deliveries?: { deliveredOn: string; recipient: string; count: number }[]
  /** The campaign's addressee in each language: a delivery to it is named in the page's. */
  targets?: { lang: string; target: string }[]
  /** Dated updates, newest first. */
  updates?: CampaignUpdate[]
  /** Extra sections (embed snippet, messages form) rendered after the sign form. */
  after?: unknown
  /** A form on the page came back with errors: the title says so first. */
  error?: boolean
}

export function CampaignPage(props: {
  ctx: PageContext
  campaign: Campaign
  url: string
  extras?: CampaignPageExtras
}) {
  const { ctx, campaign: c, url, extras = {} } = props
  const { t, lang } = ctx
  const textLang = c.lang === lang ? undefined : c.lang
  const origin = new URL(url).origin
  const social: SocialMeta = {
    title: c.title,
    description: c.summary,
    url: shareUrl(origin, `/campaigns/${c.slug}`, lang),
    type: 'article',
    image: c.image
      ? { url: `${origin}${c.image.url}`, alt: pickText(c.image.alt, lang)?.text ?? c.title }
      : shareCard(origin, c.kind, lang, t('shareCardAlt')),
  }
  return (
    <Layout ctx={ctx} title={c.title} description={c.summary} error={extras.error} social={social}>
      <article class="campaign" aria-labelledby="campaign-title">
        <header lang={textLang}>
          <h1 id="campaign-title">{c.title}</h1>
          <p class="lead">{c.summary}</p>
          {c.host ? <HostLine ctx={ctx} host={c.host} /> : null}
          {c.status === 'open' ? (
            // On a phone the form is screens below: a way straight to it.
            <p class="jump-sign" lang={textLang ? lang : undefined}>
              <a class="button" href="#sign-title">
                {t('jumpToSign')}
              </a>
            </p>
          ) : null}
        </header>
        {c.image ? <CampaignImage ctx={ctx} image={c.image} /> : null}
        <div class="campaign-grid">
          <div class="campaign-main">
            <dl class="facts">
              {c.defender ? (
                <>
                  <dt>{t('defender')}</dt>
                  <dd>
                    <a href={`/defenders/${c.defender.slug}`}>{c.defender.name}</a>
                  </dd>
                  <dt>{t('country')}</dt>
                  <dd>{countryName(lang, c.defender.country)}</dd>
                  <dt>{t('status')}</dt>
                  <dd>{defenderStatus(ctx, c.defender.status)}</dd>
                </>
              ) : null}
              <dt>{t('target')}</dt>
              <dd lang={textLang}>{c.target}</dd>
              <dt>{t('goal')}</dt>
              <dd>{new Intl.NumberFormat(lang).format(c.goal)}</dd>
            </dl>
            {c.reviewedOn ? <ReviewedOn ctx={ctx} date={c.reviewedOn} /> : null}
            <Progress ctx={ctx} confirmed={c.confirmed} goal={c.goal} milestone />
            {c.status === 'closed' && c.outcome ? <Outcome ctx={ctx} outcome={c.outcome} /> : null}
            {(extras.deliveries ?? []).map((d) => (
              <Delivered ctx={ctx} delivery={d} targets={extras.targets ?? []} />
            ))}
            <CampaignUpdates ctx={ctx} updates={extras.updates ?? []} />
            <section aria-labelledby="story-title" lang={textLang}>
              <h2 id="story-title">{t('story')}</h2>
              <p>{c.story}</p>
            </section>
            <section aria-labelledby="ask-title" lang={textLang}>
              <h2 id="ask-title">{t('theAsk')}</h2>
              <ol class="asks">
                {c.asks.map((a) => (
                  <li>{a}</li>
                ))}
              </ol>
            </section>
            {c.release ? (
              <section aria-labelledby="source-title" class="provenance">
                <h2 id="source-title">{t('provenance')}</h2>
                <p>
                  {t('provenanceText', {
                    title: c.release.title,
                    publisher: c.release.publisher ?? '—',
                    date: c.release.date ? formatDate(lang, c.release.date) : '—',
                  })}
                </p>
                {c.sources.length ? (
                  <details>
                    <summary>{t('sourceSentences')}</summary>
                    <ul lang="en">
                      {c.sources.map((s) => (
                        <li>
                          <q>{s}</q>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </section>
            ) : null}
            <PartnerList ctx={ctx} partners={c.partners} />
            {extras.recentSigners?.length ? (
              <section aria-labelledby="signers-title">
                <h2 id="signers-title">{t('recentSigners')}</h2>
                <ul class="signers">
                  {extras.recentSigners.map((s) => (
                    <li>
                      {s.name} <span class="muted">({countryName(lang, s.country)})</span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {extras.messages?.length ? (
              <section aria-labelledby="messages-title">
                <h2 id="messages-title">{t('messagesOfSolidarity')}</h2>
                {extras.messages.map((m) => (
                  <blockquote class="message">
                    <p>{m.body}</p>
                    <footer>
                      — {m.name}
                      {m.country ? `, ${countryName(lang, m.country)}` : ''}
                    </footer>
                  </blockquote>
                ))}
              </section>
            ) : null}
          </div>
          <aside class="campaign-side" aria-label={t('signThisCampaign')}>
            {c.status === 'open' ? (
              <SignForm
                ctx={ctx}
                action={`/campaigns/${c.slug}/sign`}
                values={extras.values}
                errors={extras.errors}
                turnstileSiteKey={extras.turnstileSiteKey}
                host={c.host}
                partner={c.viaPartner}
              />
            ) : (
              <p class="closed">{t('closedCampaign')}</p>
            )}
            <ShareLinks ctx={ctx} url={url} title={c.title} />
            {c.status === 'open' ? (
              <EmbedSnippet
                ctx={ctx}
                origin={new URL(url).origin}
                slug={c.slug}
                partner={c.viaPartner?.slug}
              />
            ) : null}
            {extras.after as never}
          </aside>
        </div>
      </article>
    </Layout>
  )
}
