/** The Worker: HTTP requests go to the Hono app, the Cron Trigger to the retention jobs. */
import { newApp } from './app.ts'
import type { Env } from './env.ts'

const app = newApp()

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>
