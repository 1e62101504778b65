/**
 * `npm run mail:standin [-- --port 8025]`: a local stand-in for the mail provider (Resend's API
 * shape) on http://127.0.0.1:8025/emails, printing each mail it delivers. Point `npm start` at
 * it with `MAIL_API_URL` and `MAIL_API_KEY` in `.dev.vars`; stop it (Ctrl-C) to play an outage.
 * Its memory of idempotency keys lasts as long as it runs.
 */
import { startMailSink } from './lib/mail-standin.ts'

const i = process.argv.indexOf('--port')
const port = i >= 0 ? Number(process.argv[i + 1]) : 8025
const sink = await startMailSink({
  port,
  onMail: (mail) => {
    const n = [...(mail.to ?? [])].map((to) => `${to} (${sink.deliveries().get(to) ?? 0}×)`)
    console.log(`delivered to ${n.join(', ')}: ${mail.subject ?? ''}`)
  },
  onRepeat: (key) => console.log(`repeat of ${key.slice(0, 20)}…: already delivered, not again`),
})
console.log(`mail stand-in listening on ${sink.url} (any bearer key). Ctrl-C stops it.`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void sink.close().finally(() => process.exit(0))
  })
}
