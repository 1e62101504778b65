/**
 * Organisations as the public sees them: the host named on campaign pages and in the widget,
 * the listed partners, and `/organisations/:slug/privacy`. The seeded demo organisations say
 * they are examples wherever they are named.
 */
import { type OrganisationRef, type PrivacyNotice, privacyPath } from '../db/organisations.ts'
import { formatDate } from '../lib/i18n.ts'
import { Layout, type PageContext } from './layout.tsx'

/** An organisation's name, linked to its website, with the demo note when it is an example. */
export function OrganisationName(props: {
  ctx: PageContext
  org: OrganisationRef
  /** Open links in a new tab (inside the widget's frame). */
  newTab?: boolean
}) {
  const { ctx, org, newTab } = props
  const target = newTab ? { target: '_blank', rel: 'noopener' } : {}
  return (
    <span class="org">
      {org.url ? (
        <a href={org.url} {...target}>
          {org.name}
        </a>
      ) : (
        org.name
      )}
      {org.demo ? <span class="demo-note"> ({ctx.t('demoOrganisation')})</span> : null}
    </span>
  )
}

/** "Hosted by HOST · privacy notice", on the campaign page and in the widget. */
export function HostLine(props: { ctx: PageContext; host: OrganisationRef; newTab?: boolean }) {
  const { ctx, host, newTab } = props
  return (
    <p class="host">
      {ctx.t('hostedBy')}: <OrganisationName ctx={ctx} org={host} newTab={newTab} /> ·{' '}
      <a href={privacyPath(host.slug)} {...(newTab ? { target: '_blank', rel: 'noopener' } : {})}>
        {ctx.t('privacyNoticeLink')}
      </a>
    </p>
  )
}

/** The campaign's listed active partners. */
export function PartnerList(props: { ctx: PageContext; partners: OrganisationRef[] }) {
  const { ctx, partners } = props
  if (partners.length === 0) return null
  return (
    <section aria-labelledby="partners-title" class="partners">
      <h2 id="partners-title">{ctx.t('partnersTitle')}</h2>
      <ul>
        {partners.map((p) => (
          <li>
            <OrganisationName ctx={ctx} org={p} />
          </li>
        ))}
      </ul>
    </section>
  )
}

/** `GET /organisations/:slug/privacy`: the newest notice in the page language, with its version. */
export function PrivacyPage(props: {
  ctx: PageContext
  org: OrganisationRef
  notice: PrivacyNotice | null
}) {
  const { ctx, org, notice } = props
  const { t, lang } = ctx
  const title = t('privacyTitle', { name: org.name })
  return (
    <Layout ctx={ctx} title={title}>
      <article class="privacy-notice" aria-labelledby="privacy-title">
        <h1 id="privacy-title">{title}</h1>
        {org.demo ? <p class="demo-note">{t('demoOrganisation')}</p> : null}
        {org.url ? (
          <p>
            <a href={org.url}>{org.url}</a>
          </p>
        ) : null}
        {notice ? (
          <>
            <p class="muted" data-version={notice.version}>
              {t('privacyVersion', {
                version: notice.version,
                date: formatDate(lang, new Date(notice.createdAt).toISOString().slice(0, 10)),
              })}
            </p>
            {notice.lang !== lang ? <p class="muted">{t('privacyOtherLang')}</p> : null}
            <div lang={notice.lang === lang ? undefined : notice.lang}>
              {notice.body.split(/\n+/).map((para) => (
                <p>{para}</p>
              ))}
            </div>
          </>
        ) : (
          <p>{t('privacyMissing')}</p>
        )}
      </article>
    </Layout>
  )
}
