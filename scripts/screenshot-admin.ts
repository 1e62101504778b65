/**
 * `npm run screenshot:admin`: pictures of the admin people and partner pages for the README,
 * 1280 px wide, on a fresh local platform: the first owner (ADMIN_TOKEN) invites two people,
 * creates a partner organisation and adds it and the demo partner to a campaign.
 */
import { mkdirSync } from 'node:fs'
import { launchBrowser } from '../test/browser/browser.ts'
import { startPlatform } from './lib/harness.ts'

const SLUG = 'azimzhan-askarov'
const shots = [
  ['/admin/people', 'docs/screenshot-admin-people.png'],
  [`/admin/campaigns/${SLUG}/partners`, 'docs/screenshot-admin-partners.png'],
] as const

const platform = await startPlatform()
const token = platform.env.ADMIN_TOKEN!
async function admin(path: string, body: unknown) {
  const res = await fetch(`${platform.url}/api/v1/admin${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${await res.text()}`)
}

const browser = await launchBrowser()
try {
  await admin('/people', { name: 'Dilnoza K.', email: 'editor@iphr.example', role: 'editor' })
  await admin('/people', { name: 'Marat S.', email: 'officer@iphr.example', role: 'officer' })
  await admin('/organisations', {
    slug: 'vienna-solidarity',
    name: 'Vienna Solidarity Network',
    url: 'https://vienna-solidarity.example',
    privacyNotice: {
      en: 'Vienna Solidarity Network keeps your name and address to send you news.',
    },
  })
  await admin(`/campaigns/${SLUG}/partners`, { organisation: 'demo-partner' })
  await admin(`/campaigns/${SLUG}/partners`, { organisation: 'vienna-solidarity', listed: false })
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    colorScheme: 'light',
  })
  const page = await context.newPage()
  await page.goto(`${platform.url}/admin/login`)
  await page.fill('#admin-token', token)
  await Promise.all([page.waitForURL(/\/admin$/), page.click('form:has(#admin-token) button')])
  mkdirSync('docs', { recursive: true })
  for (const [path, out] of shots) {
    const res = await page.goto(`${platform.url}${path}`, { waitUntil: 'networkidle' })
    if (res?.status() !== 200) throw new Error(`${path} answered ${res?.status()}`)
    await page.screenshot({ path: out, fullPage: true })
    console.log(`Wrote ${out}`)
  }
} finally {
  await browser.close()
  await platform.dispose()
}
