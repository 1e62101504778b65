/** The Worker: HTTP requests go to the Hono app, the Cron Trigger to the retention jobs. */
import { newApp } from './app.ts'
import type { Env } from './env.ts'
import { runRetention } from './jobs/retention.ts'

const app = newApp()

export default {
  fetch: app.fetch,
  scheduled: (controller, env, ctx) => ctx.waitUntil(runRetention(env, controller.scheduledTime)),
} satisfies ExportedHandler<Env>
