/**
 * `npm start`: secrets, local migrations, seed, then `wrangler dev` on http://localhost:8787.
 * Works offline.
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
])
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal))
dev.on('exit', (code) => process.exit(code ?? 0))
