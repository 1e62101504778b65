/** `npm run screenshot`: a full-page picture of a campaign page for the docs, 1280 px wide. */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { launchBrowser } from '../test/browser/browser.ts'
import { startPlatform } from './lib/harness.ts'

const path = '/campaigns/azimzhan-askarov'
const out = 'docs/screenshot-campaign.png'

const platform = await startPlatform()
const browser = await launchBrowser()
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    colorScheme: 'light',
  })
  const page = await context.newPage()
  const res = await page.goto(`${platform.url}${path}`, { waitUntil: 'networkidle' })
  if (res?.status() !== 200) throw new Error(`${path} answered ${res?.status()}`)
  mkdirSync(dirname(out), { recursive: true })
  await page.screenshot({ path: out, fullPage: true })
  console.log(`Wrote ${out}`)
} finally {
  await browser.close()
  await platform.dispose()
}
