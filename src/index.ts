/**
 * The Worker: HTTP requests go to the Hono app; the Cron Triggers to the mail sweep (every
 * minute) and the retention jobs (daily); the mail queue and its dead-letter queue to their
 * consumers.
 */
import { newApp } from './app.ts'
import type { Env } from './env.ts'
import { deliverMail, giveUpMail, MAIL_SWEEP_CRON, sweepMail } from './jobs/mail-delivery.ts'
import { runRetention } from './jobs/retention.ts'
import type { MailMessage } from './lib/mail/queue.ts'
import { suggestCountry } from './middleware/country-hint/index.ts'
import { memoryHit } from './middleware/page-cache/index.ts'

const app = newApp()

export default {
  // A fresh cached page or count for an anonymous visitor needs no routing (see memoryHit).
  fetch: (request, env, ctx) =>
    memoryHit(request, env, suggestCountry) ?? app.fetch(request, env, ctx),
  scheduled: (controller, env, ctx) =>
    ctx.waitUntil(
      controller.cron === MAIL_SWEEP_CRON
        ? sweepMail(env, controller.scheduledTime)
        : runRetention(env, controller.scheduledTime),
    ),
  queue: (batch, env) =>
    batch.queue.endsWith('-dlq') ? giveUpMail(batch, env) : deliverMail(batch, env),
} satisfies ExportedHandler<Env, MailMessage>
