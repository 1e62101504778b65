/**
 * Runs the browser tests (`test/browser/*.test.ts`) in Debian's Chromium. Without Chromium they
 * are skipped, unless `CI` is set or `BROWSER_TESTS=required`, where a missing browser fails.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { CHROMIUM, hasChromium } from '../test/browser/browser.ts'

const dir = 'test/browser'
const ci = process.env.CI ?? ''
const required = !['', '0', 'false'].includes(ci) || process.env.BROWSER_TESTS === 'required'

if (!hasChromium()) {
  if (required) {
    console.error(
      `browser tests required but Chromium was not found at ${CHROMIUM}: ` +
        'install it with `apt-get install -y chromium` (never a downloaded browser).',
    )
    process.exit(1)
  }
  console.log(
    `browser tests skipped: Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`,
  )
  process.exit(0)
}

// Node 22 takes files or globs after --test, not a directory, so list the files.
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => join(dir, f))
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
})
if (result.error) throw result.error
process.exit(result.status ?? 1)
