/** The Worker: HTTP requests go to the Hono app, the Cron Trigger to the retention jobs. */
import { newApp } from './app.ts'
import type { Env } from './env.ts'
import { runRetention } from './jobs/retention.ts'
import { suggestCountry } from './middleware/country-hint/index.ts'
import { memoryHit } from './middleware/page-cache/index.ts'

const app = newApp()

export default {
  // A fresh cached page or count for an anonymous visitor needs no routing (see memoryHit).
  fetch: (request, env, ctx) =>
    memoryHit(request, env, suggestCountry) ?? app.fetch(request, env, ctx),
  scheduled: (controller, env, ctx) => ctx.waitUntil(runRetention(env, controller.scheduledTime)),
} satisfies ExportedHandler<Env>
