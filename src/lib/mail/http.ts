/**
 * Production transport: an HTTP mail API in the shape Resend uses (`POST /emails` with a
 * bearer key and an `Idempotency-Key` header, so a retried request is delivered once).
 * Postmark, Mailgun and others differ only in the body; adapt here.
 */
import type { Mail, MailTransport } from './index.ts'

export function httpTransport(config: {
  url: string
  apiKey: string
  from: string
}): MailTransport {
  return {
    async send(mail: Mail) {
      const res = await fetch(config.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${config.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': mail.idempotencyKey,
        },
        body: JSON.stringify({
          from: config.from,
          to: [mail.to],
          subject: mail.subject,
          text: mail.text,
        }),
      })
      // 409: the provider already has this idempotency key, i.e. it was sent.
      if (res.ok || res.status === 409) return
      throw new Error(`mail API answered ${res.status}`)
    },
  }
}
