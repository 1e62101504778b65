/** Runs the project's wrangler offline (no metrics, no cf fetch). */
import { spawn, spawnSync } from 'node:child_process'

export const offlineEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  // Local observability keeps every request's span, URL included, in .wrangler/state: the
  // link tokens of /confirm and /remove would be kept there too.
  X_LOCAL_OBSERVABILITY: 'false',
}

const bin = 'node_modules/.bin/wrangler'

export function wranglerSync(args: string[]): void {
  const result = spawnSync(bin, args, { stdio: 'inherit', env: { ...offlineEnv, CI: 'true' } })
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed (${result.status})`)
}

export function wranglerSpawn(args: string[]) {
  return spawn(bin, args, { stdio: 'inherit', env: offlineEnv })
}
