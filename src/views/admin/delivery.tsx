/**
 * The printable delivery pack of a campaign or a defender: the petition, the target, the
 * period, the confirmed total, signatures per country ("<5" below five), the signers who agreed
 * to be named, and the digest and signature with how to check them. English or Russian (the
 * common language of the Central Asian authorities it is handed to), from `?lang=`.
 */
import type { Child } from 'hono/jsx'
import type { Delivery } from '../../db/deliveries.ts'
import type { PublicCount } from '../../domain/tally.ts'
import { byCountDesc } from '../../domain/tally-report.ts'
import type { Lang } from '../../env.ts'
import { countryName } from '../../lib/countries.ts'
import { formatDate, formatNumber } from '../../lib/i18n.ts'
import type { Proof } from '../../lib/proof.ts'

const TEXT = {
  en: {
    pack: 'Delivery of signatures',
    defenderPack: 'Delivery of signatures in solidarity with',
    addressedTo: 'Addressed to',
    petition: 'The petition',
    weAsk: 'We ask',
    confirmed: 'Confirmed signatures',
    period: 'Signed between',
    campaigns: 'Campaigns',
    byCountry: 'Signatures by country of the signer',
    country: 'Country',
    signatures: 'Signatures',
    small:
      'Countries with fewer than 5 signatures are shown as “<5” to protect the signers; where the total would still give one away, another country is shown as “≥5”, or the small ones are left out.',
    named: 'Signers who agreed to be named in this delivery',
    name: 'Name',
    namedNone: 'No signer asked to be named.',
    namedMore:
      'The list continues in the delivery list (signatures.csv), which has its own signature.',
    verify: 'How to check that these figures were not altered',
    verifyText:
      'This pack was produced by standwith from its signature records. Its content is in the accompanying JSON file; its SHA-256 digest is below, signed with Ed25519 by the key published at:',
    digest: 'SHA-256 digest',
    signature: 'Ed25519 signature (base64)',
    keyId: 'Key id',
    verifyCommand: 'To check the file:',
    orOpenssl: 'Or with any Ed25519 tool: the signed message is the digest as 64 ASCII characters.',
    noSignatures: 'No confirmed signatures yet.',
  },
  ru: {
    pack: 'Передача подписей',
    defenderPack: 'Передача подписей в поддержку:',
    addressedTo: 'Адресат',
    petition: 'Обращение',
    weAsk: 'Мы просим',
    confirmed: 'Подтверждённых подписей',
    period: 'Подписи собраны',
    campaigns: 'Кампании',
    byCountry: 'Подписи по стране подписавшего',
    country: 'Страна',
    signatures: 'Подписей',
    small:
      'Страны, где подписей меньше 5, показаны как «<5», чтобы защитить подписавших; если по общему числу их всё же можно вычислить, ещё одна страна показана как «≥5» или малые страны не показаны.',
    named: 'Подписавшие, согласившиеся указать имя',
    name: 'Имя',
    namedNone: 'Никто из подписавших не просил указать имя.',
    namedMore:
      'Список продолжается в файле передачи (signatures.csv) с собственной электронной подписью.',
    verify: 'Как проверить, что цифры не изменены',
    verifyText:
      'Этот документ подготовлен standwith по записям о подписях. Его содержание — в прилагаемом файле JSON; ниже его хеш SHA-256, подписанный Ed25519 ключом, опубликованным по адресу:',
    digest: 'Хеш SHA-256',
    signature: 'Подпись Ed25519 (base64)',
    keyId: 'Идентификатор ключа',
    verifyCommand: 'Проверка файла:',
    orOpenssl:
      'Или любым инструментом Ed25519: подписанное сообщение — хеш в виде 64 символов ASCII.',
    noSignatures: 'Подтверждённых подписей пока нет.',
  },
} as const

type Text = (typeof TEXT)[Lang]

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

export interface PackDoc {
  format: string
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
  keyUrl: string
  jsonUrl: string
  /** Links for the organiser (not printed): the delivery lists of the campaigns. */
  csvLinks: { title: string; href: string }[]
  record?: RecordForm
}

/** Tables longer than this start on a new printed page. */
const LONG_TABLE = 15

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

function RecordDelivery(props: { record: RecordForm; confirmed: number; digest: string }) {
  const { record, confirmed, digest } = props
  const value = (k: string, fallback = '') => record.values[k] ?? fallback
  const field = (name: string, label: string, input: Child) => (
    <div class="field">
      <label for={`delivery-${name}`}>{label}</label>
      {input}
      {record.errors[name] ? (
        <p class="field-error" id={`delivery-${name}-error`}>
          {record.errors[name]}
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
      <h2 id="record-title">Record this delivery</h2>
      {record.recorded ? <p role="status">The delivery was recorded.</p> : null}
      <form method="post" action={record.action}>
        {record.csrf ? <input type="hidden" name="_csrf" value={record.csrf} /> : null}
        {field(
          'deliveredOn',
          'Delivered on',
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
          'Delivered to (authority, office)',
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
          'Signatures handed over',
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
          'SHA-256 digest of the pack',
          <input
            id="delivery-digest"
            name="digest"
            value={value('digest', digest)}
            {...invalid('digest')}
          />,
        )}
        <button type="submit">Record the delivery</button>
      </form>
      {record.deliveries.length ? (
        <>
          <h3>Recorded deliveries</h3>
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
  const text = TEXT[lang]
  const countries = byCountDesc(doc.byCountry)
  const single = campaigns.length === 1 && !props.defenderName ? campaigns[0] : undefined
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${text.pack}: ${props.title}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="stylesheet" href="/static/print.css" />
      </head>
      <body>
        <div class="pack">
          <nav class="pack-nav" aria-label="Pack">
            <a href="/admin">Admin</a>
            <a href={props.jsonUrl}>Signed JSON of this pack</a>
            {props.csvLinks.map((l) => (
              <a href={l.href}>Delivery list (CSV): {l.title}</a>
            ))}
            <a href="?lang=en" hreflang="en" lang="en">
              English
            </a>
            <a href="?lang=ru" hreflang="ru" lang="ru">
              Русский
            </a>
          </nav>
          <main id="main">
            <header>
              <p class="muted">{props.defenderName ? text.defenderPack : text.pack}</p>
              <h1>{props.title}</h1>
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
            <section class="proof" aria-labelledby="verify">
              <h2 id="verify">{text.verify}</h2>
              <p>
                {text.verifyText} <code>{props.keyUrl}</code>
              </p>
              <dl>
                <dt>{text.digest}</dt>
                <dd>
                  <code>{doc.proof.digest}</code>
                </dd>
                <dt>{text.signature}</dt>
                <dd>
                  <code>{doc.proof.signature}</code>
                </dd>
                <dt>{text.keyId}</dt>
                <dd>
                  <code>{doc.proof.keyId}</code>
                </dd>
              </dl>
              <p>{text.verifyCommand}</p>
              <code>{`npm run verify -- PACK.json --key ${props.keyUrl}`}</code>
              <p class="muted">{text.orOpenssl}</p>
            </section>
            {props.record ? (
              <RecordDelivery
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
