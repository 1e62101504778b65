/**
 * `npm start`: secrets, local migrations, seed, then `wrangler dev` on http://localhost:8787,
 * with the mail queue running locally. wrangler dev fires no Cron Triggers, so this script
 * triggers the mail sweep itself every 30 s: mail a killed server still owed goes out within a
 * minute or so of starting again. Works offline.
 */
import { ensureDevVars } from './lib/secrets.ts'
import { wranglerSpawn, wranglerSync } from './lib/wrangler.ts'
import { seedLocal } from './seed.ts'

if (ensureDevVars()) {
  console.log(
    'Created .dev.vars with fresh random secrets. Your admin token is ADMIN_TOKEN in .dev.vars.',
  )
} else {
  console.log('Using the secrets in .dev.vars (the admin token is ADMIN_TOKEN there).')
}
wranglerSync(['d1', 'migrations', 'apply', 'DB', '--local'])
const n = await seedLocal()
console.log(`Seeded ${n} campaigns from campaigns/*.json.`)
const dev = wranglerSpawn([
  'dev',
  '--port',
  '8787',
  '--ip',
  '127.0.0.1',
  '--show-interactive-dev-session=false',
  '--test-scheduled',
])
// The sweep's cron (src/jobs/mail-delivery.ts MAIL_SWEEP_CRON), through wrangler's test route.
const SWEEP_URL = 'http://127.0.0.1:8787/__scheduled?cron=*+*+*+*+*'
const sweep = setInterval(() => {
  fetch(SWEEP_URL).then(
    (res) => res.body?.cancel(),
    () => {}, // not listening yet, or restarting
  )
}, 30_000)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    clearInterval(sweep)
    dev.kill(signal)
  })
}
dev.on('exit', (code) => {
  clearInterval(sweep)
  process.exit(code ?? 0)
})
