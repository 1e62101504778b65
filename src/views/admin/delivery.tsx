/**
 * The printable delivery pack of a campaign or a defender: the petition, the target, the
 * period, the confirmed total, signatures per country ("<5" below five), the signers who agreed
 * to be named, and how anyone can check it (the /verify page, by a short address and a QR
 * code). English or Russian (the common language of the Central Asian authorities it is handed
 * to), from `?lang=`. Printed, it carries no developer text and no links that need a login.
 */
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { Delivery } from '../../db/deliveries.ts'
import type { PublicCount } from '../../domain/tally.ts'
import { byCountDesc } from '../../domain/tally-report.ts'
import type { Lang } from '../../env.ts'
import { type Catalogue, catalogue, catalogues, LANGS } from '../../i18n/index.ts'
import { countryName } from '../../lib/countries.ts'
import { formatDate, formatNumber, translator } from '../../lib/i18n.ts'
import type { Proof } from '../../lib/proof.ts'
import { checkText } from './text.ts'

type Text = Catalogue['pack']

export interface DeliveredCampaign {
  slug: string
  title: string
  summary: string
  target: string
  asks: string[]
  url: string
  confirmed: number
  period: { from: string; to: string } | null
  defender?: { slug: string; name: string; country: string } | null
}

/** An organisation on the letterhead. */
export interface LetterheadOrganisation {
  name: string
  url: string | null
  demo: boolean
}

export interface PackDoc {
  format: string
  organisations: { hosts: LetterheadOrganisation[]; partners: LetterheadOrganisation[] }
  confirmed: number
  period: { from: string; to: string } | null
  byCountry: Record<string, PublicCount>
  proof: Proof
}

export interface RecordForm {
  action: string
  csrf?: string
  values: Record<string, string>
  errors: Record<string, string>
  recorded: boolean
  deliveries: Delivery[]
}

export interface PackProps {
  lang: Lang
  title: string
  /** A campaign's pack has one; a defender's pack lists its campaigns. */
  campaigns: DeliveredCampaign[]
  defenderName?: string
  doc: PackDoc
  names: { name: string; country: string }[]
  namesTruncated: boolean
  /** When the pack was produced (YYYY-MM-DD, UTC). */
  produced: string
  /** The public page where anyone checks the pack (printed, and as a QR code). */
  verifyUrl: string
  /** The QR code of `verifyUrl`, an SVG made on the server. */
  qr: string
  jsonUrl: string
  /**
   * Links for the organiser (not printed): the delivery lists of the campaigns and the proof
   * of the last one downloaded, if any.
   */
  csvLinks: { title: string; href: string; proofHref?: string }[]
  record?: RecordForm
}

/**
 * How to check the pack, in words for the person it is handed to: the short address of the
 * verification page, its QR code, and the pack's fingerprint to compare.
 */
function VerifyBlock(props: {
  lang: Lang
  verifyUrl: string
  qr: string
  digest: string
  keyId: string
}) {
  const t = translator(props.lang)
  const shortUrl = props.verifyUrl.replace(/^https?:\/\//, '')
  return (
    <section class="proof" aria-labelledby="verify">
      <h2 id="verify">{t('packVerifyTitle')}</h2>
      <div class="proof-grid">
        <div>
          <p>
            {t('packVerifyText', { site: t('siteName'), url: shortUrl })
              .split(shortUrl)
              .flatMap((part, i) =>
                i === 0 ? [part] : [<a href={props.verifyUrl}>{shortUrl}</a>, part],
              )}
          </p>
          <dl class="fingerprint">
            <dt>{t('packFingerprint')}</dt>
            <dd>
              <code>{props.digest}</code>
            </dd>
            <dt>{t('packKey')}</dt>
            <dd>
              <code>{props.keyId}</code>
            </dd>
          </dl>
        </div>
        {raw(props.qr)}
      </div>
    </section>
  )
}

/** Tables longer than this start on a new printed page. */
const LONG_TABLE = 15

/** The hosts as letterhead, and the coalition's listed active partners under them. */
function Letterhead(props: { text: Text; organisations: PackDoc['organisations'] }) {
  const { text, organisations } = props
  const name = (o: LetterheadOrganisation) => (
    <>
      <strong>{o.name}</strong>
      {o.url ? <span class="muted"> · {o.url}</span> : null}
      {o.demo ? <em> ({text.demo})</em> : null}
    </>
  )
  if (organisations.hosts.length === 0) return null
  return (
    <div class="letterhead">
      <p>
        {text.deliveredBy}:{' '}
        {organisations.hosts.map((o, i) => (
          <>
            {i ? '; ' : ''}
            {name(o)}
          </>
        ))}
      </p>
      {organisations.partners.length ? (
        <p>
          {text.withPartners}:{' '}
          {organisations.partners.map((o, i) => (
            <>
              {i ? '; ' : ''}
              {name(o)}
            </>
          ))}
        </p>
      ) : null}
    </div>
  )
}

function Period(props: { lang: Lang; period: { from: string; to: string } | null }) {
  const { lang, period } = props
  if (!period) return <>—</>
  return (
    <>
      {formatDate(lang, period.from)} – {formatDate(lang, period.to)}
    </>
  )
}

function Petition(props: { text: Text; lang: Lang; c: DeliveredCampaign; level: 2 | 3 }) {
  const { text, lang, c } = props
  const H = props.level === 2 ? 'h2' : 'h3'
  return (
    <section class="petition">
      <H>{props.level === 2 ? text.petition : c.title}</H>
      <dl class="facts">
        <dt>{text.addressedTo}</dt>
        <dd>{c.target}</dd>
        <dt>{text.confirmed}</dt>
        <dd>{formatNumber(lang, c.confirmed)}</dd>
        <dt>{text.period}</dt>
        <dd>
          <Period lang={lang} period={c.period} />
        </dd>
      </dl>
      <p>{c.summary}</p>
      {c.asks.length ? (
        <>
          <p>
            <strong>{text.weAsk}:</strong>
          </p>
          <ol class="asks">
            {c.asks.map((a) => (
              <li>{a}</li>
            ))}
          </ol>
        </>
      ) : null}
      <p class="muted">{c.url}</p>
    </section>
  )
}

function RecordDelivery(props: {
  text: Text
  record: RecordForm
  confirmed: number
  digest: string
}) {
  const { text, record, confirmed, digest } = props
  const value = (k: string, fallback = '') => record.values[k] ?? fallback
  const field = (name: string, label: string, input: Child) => (
    <div class="field">
      <label for={`delivery-${name}`}>{label}</label>
      {input}
      {record.errors[name] ? (
        <p class="field-error" id={`delivery-${name}-error`}>
          {checkText(record.errors[name])}
        </p>
      ) : null}
    </div>
  )
  const invalid = (name: string) =>
    record.errors[name]
      ? { 'aria-invalid': 'true', 'aria-describedby': `delivery-${name}-error` }
      : {}
  return (
    <section class="record no-print" aria-labelledby="record-title">
      <h2 id="record-title">{text.recordTitle}</h2>
      {record.recorded ? <p role="status">{text.recorded}</p> : null}
      <form method="post" action={record.action}>
        {record.csrf ? <input type="hidden" name="_csrf" value={record.csrf} /> : null}
        {field(
          'deliveredOn',
          text.recordDeliveredOn,
          <input
            id="delivery-deliveredOn"
            name="deliveredOn"
            type="date"
            required
            value={value('deliveredOn')}
            {...invalid('deliveredOn')}
          />,
        )}
        {field(
          'recipient',
          text.recordRecipient,
          <input
            id="delivery-recipient"
            name="recipient"
            required
            maxlength={200}
            value={value('recipient')}
            {...invalid('recipient')}
          />,
        )}
        {field(
          'count',
          text.recordCount,
          <input
            id="delivery-count"
            name="count"
            inputmode="numeric"
            value={value('count', String(confirmed))}
            {...invalid('count')}
          />,
        )}
        {field(
          'digest',
          text.recordDigest,
          <input
            id="delivery-digest"
            name="digest"
            value={value('digest', digest)}
            {...invalid('digest')}
          />,
        )}
        <button type="submit">{text.recordButton}</button>
      </form>
      {record.deliveries.length ? (
        <>
          <h3>{text.recordedTitle}</h3>
          <ul>
            {record.deliveries.map((d) => (
              <li>
                {d.deliveredOn}: {d.recipient} ({d.count}) <code>{d.digest.slice(0, 16)}…</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

export function DeliveryPack(props: PackProps) {
  const { lang, doc, campaigns, names } = props
  const text = catalogue(lang).pack
  const countries = byCountDesc(doc.byCountry)
  const single = campaigns.length === 1 && !props.defenderName ? campaigns[0] : undefined
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${text.pack}: ${props.title}`}</title>
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="stylesheet" href="/static/print.css" />
      </head>
      <body>
        <div class="pack">
          <nav class="pack-nav" aria-label={text.navLabel}>
            <a href="/admin">{text.navAdmin}</a>
            <a href={props.jsonUrl}>{text.navJson}</a>
            {props.csvLinks.map((l) => (
              <>
                <a href={l.href}>{text.navCsv(l.title)}</a>
                {l.proofHref ? (
                  <a href={l.proofHref} download>
                    {text.navProof}
                  </a>
                ) : null}
              </>
            ))}
            <a href="/verify">{text.navVerify}</a>
            {LANGS.map((l) => (
              <a href={`?lang=${l}`} hreflang={l} lang={l}>
                {catalogues[l].languageName}
              </a>
            ))}
          </nav>
          <main id="main">
            <header>
              <Letterhead text={text} organisations={doc.organisations} />
              <p class="muted">{props.defenderName ? text.defenderPack : text.pack}</p>
              <h1>{props.title}</h1>
              <p class="produced">
                {translator(lang)('packProduced', { date: formatDate(lang, props.produced) })}
              </p>
              <p class="lead">
                {text.confirmed}: <strong>{formatNumber(lang, doc.confirmed)}</strong> ·{' '}
                {text.period}: <Period lang={lang} period={doc.period} />
              </p>
            </header>
            {single ? (
              <Petition text={text} lang={lang} c={single} level={2} />
            ) : (
              <section>
                <h2>{text.campaigns}</h2>
                {campaigns.map((c) => (
                  <Petition text={text} lang={lang} c={c} level={3} />
                ))}
              </section>
            )}
            <section
              class={countries.length > LONG_TABLE ? 'page-break' : undefined}
              aria-labelledby="by-country"
            >
              <h2 id="by-country">{text.byCountry}</h2>
              {countries.length ? (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{text.country}</th>
                      <th scope="col" class="n">
                        {text.signatures}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {countries.map(([code, n]) => (
                      <tr>
                        <td>{countryName(lang, code)}</td>
                        <td class="n">{typeof n === 'number' ? formatNumber(lang, n) : n}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p>{text.noSignatures}</p>
              )}
              <p class="muted">{text.small}</p>
            </section>
            <section
              class={names.length > LONG_TABLE ? 'page-break' : undefined}
              aria-labelledby="named"
            >
              <h2 id="named">{text.named}</h2>
              {names.length ? (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{text.name}</th>
                      <th scope="col">{text.country}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {names.map((s) => (
                      <tr>
                        <td>{s.name}</td>
                        <td>{countryName(lang, s.country)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p>{text.namedNone}</p>
              )}
              {props.namesTruncated ? <p>{text.namedMore}</p> : null}
            </section>
            <VerifyBlock
              lang={lang}
              verifyUrl={props.verifyUrl}
              qr={props.qr}
              digest={doc.proof.digest}
              keyId={doc.proof.keyId}
            />
            {props.record ? (
              <RecordDelivery
                text={text}
                record={props.record}
                confirmed={doc.confirmed}
                digest={doc.proof.digest}
              />
            ) : null}
          </main>
        </div>
      </body>
    </html>
  )
}
