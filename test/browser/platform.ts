/**
 * The platform (the built Worker in Miniflare, scripts/lib/harness.ts) and Chromium a browser
 * test file runs against: started side by side before its tests, stopped after them.
 */
import { after, before } from 'node:test'
import type { Browser } from 'playwright-core'
import { type Platform, startPlatform } from '../../scripts/lib/harness.ts'
import { launchBrowser } from './browser.ts'

export interface Run {
  platform: Platform
  browser: Browser
}

/** Registers the file's `before` and `after`; read `run.platform` and `run.browser` in tests. */
export function platformAndBrowser(): Run {
  const run = {} as Run
  before(async () => {
    ;[run.platform, run.browser] = await Promise.all([startPlatform(), launchBrowser()])
  })
  after(async () => {
    await run.browser?.close()
    await run.platform?.dispose()
  })
  return run
}
