/**
 * Production transport: an HTTP mail API in the shape Resend uses (`POST /emails` with a
 * bearer key and an `Idempotency-Key` header, so a retried request is delivered once; and
 * `POST /emails/batch` for up to 100 mails in one call). Postmark, Mailgun and others differ
 * only in the body; adapt here.
 */
import { type Mail, MailError, type MailTransport } from './index.ts'

export function httpTransport(config: {
  url: string
  apiKey: string
  from: string
}): MailTransport {
  const body = (mail: Mail) => ({
    from: withSenderName(config.from, mail.fromName),
    to: [mail.to],
    subject: mail.subject,
    text: mail.text,
  })
  const post = async (url: string, idempotencyKey: string, payload: unknown) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${config.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(payload),
    })
    // 409: the provider already has this idempotency key, i.e. it was sent.
    if (res.ok || res.status === 409) return
    const retryAfter = Number(res.headers.get('retry-after'))
    throw new MailError(
      res.status,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    )
  }
  return {
    send: (mail) => post(config.url, mail.idempotencyKey, body(mail)),
    sendBatch: (mails, idempotencyKey) =>
      post(`${config.url.replace(/\/+$/, '')}/batch`, idempotencyKey, mails.map(body)),
  }
}

/**
 * `MAIL_FROM` with its display name replaced by the organisation's sender name (the address
 * stays the platform's, which the provider has verified). Quotes, angle brackets and line
 * breaks are dropped from the name: it goes into a header.
 */
export function withSenderName(from: string, name: string | undefined): string {
  const clean = name?.replace(/["<>\\\r\n]/g, '').trim()
  if (!clean) return from
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim()
  return `"${clean}" <${address}>`
}
