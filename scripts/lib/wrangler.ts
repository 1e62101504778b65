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

/**
 * Link tokens in a path (`/confirm/…`, `/remove/…`, `/consent/…`, `/admin/login/…`) as wrangler
 * dev prints them in its request lines: the terminal of `npm start` is a log too.
 */
const TOKEN_IN_PATH = /(\/(?:confirm|remove|consent|admin\/login)\/)[A-Za-z0-9_-]{20,}/g

/** A line of wrangler's output with every link token replaced. */
export function redactTokens(line: string): string {
  return line.replace(TOKEN_IN_PATH, '$1[token]')
}

/** Copies a stream to `out` line by line, tokens redacted. */
function redacted(from: NodeJS.ReadableStream, out: NodeJS.WritableStream) {
  let rest = ''
  from.setEncoding('utf8')
  from.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) out.write(`${redactTokens(line)}\n`)
  })
  from.on('end', () => {
    if (rest) out.write(redactTokens(rest))
  })
}

/** `wrangler ARGS` with its output shown, link tokens redacted from it. */
export function wranglerSpawn(args: string[]) {
  const child = spawn(bin, args, { stdio: ['inherit', 'pipe', 'pipe'], env: offlineEnv })
  redacted(child.stdout, process.stdout)
  redacted(child.stderr, process.stderr)
  return child
}
