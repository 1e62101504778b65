/**
 * `npm run screenshot`: the pictures in the README, from a fresh local platform — a campaign
 * page on a desktop (full page, 1280 px wide) and on a phone (its first screen, 375×740), the
 * thank-you page a signer meets on a phone after signing there, and a delivery pack as printed
 * (A4 width, print styles), after a few signatures.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Browser, BrowserContextOptions } from 'playwright-core'
import { launchBrowser } from '../test/browser/browser.ts'
import { type Platform, startPlatform } from './lib/harness.ts'

const SLUG = 'azimzhan-askarov'

/** Signs and confirms through the public form, as a person would (each from their own IP). */
async function confirmedSignature(platform: Platform, i: number, country: string, name?: string) {
  const email = `screenshot${i}@example.org`
  const body = new URLSearchParams({ name: name ?? `Signer ${i}`, email, country, consent: 'yes' })
  if (name) body.set('nameInDelivery', 'yes')
  await fetch(`${platform.url}/campaigns/${SLUG}/sign`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { 'CF-Connecting-IP': `203.0.113.${10 + i}` },
  })
  for (let tries = 0; tries < 60; tries++) {
    const out = await fetch(`${platform.url}/dev/outbox?to=${encodeURIComponent(email)}`)
    const { mails } = (await out.json()) as { mails: { links: string[] }[] }
    const link = mails[0]?.links[0]
    if (link) {
      const { pathname } = new URL(link)
      await fetch(`${platform.url}${pathname}`, { method: 'POST' })
      return
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('no confirmation mail')
}

interface Shot {
  out: string
  path: string
  context: BrowserContextOptions
  fullPage: boolean
  admin?: boolean
  print?: boolean
  /** Sign on `path` with this address through the form first; the shot is the page it leads to. */
  signAs?: string
}

const SHOTS: Shot[] = [
  {
    out: 'docs/screenshot-campaign.png',
    path: `/campaigns/${SLUG}`,
    context: { viewport: { width: 1280, height: 800 } },
    fullPage: true,
  },
  {
    out: 'docs/screenshot-campaign-phone.png',
    path: `/campaigns/${SLUG}`,
    context: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
    fullPage: false,
  },
  {
    out: 'docs/screenshot-thanks-phone.png',
    path: `/campaigns/${SLUG}`,
    context: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
    fullPage: true,
    signAs: 'aigerim.nurlanova@example.org',
  },
  {
    out: 'docs/screenshot-delivery-pack.png',
    path: `/admin/campaigns/${SLUG}/delivery`,
    // A4 at 96 dpi, as the print styles lay it out.
    context: { viewport: { width: 794, height: 1123 } },
    fullPage: true,
    admin: true,
    print: true,
  },
]

async function take(platform: Platform, browser: Browser, shot: Shot) {
  const context = await browser.newContext({
    locale: 'en-GB',
    colorScheme: 'light',
    extraHTTPHeaders: { 'MF-CF-Blob': JSON.stringify({ country: 'KZ' }) },
    ...shot.context,
  })
  try {
    const page = await context.newPage()
    if (shot.admin) {
      await page.goto(`${platform.url}/admin/login`)
      await page.locator('#admin-token').fill(platform.env.ADMIN_TOKEN ?? '')
      await Promise.all([
        page.waitForURL(/\/admin$/),
        page.locator('form:has(#admin-token) button[type="submit"]').click(),
      ])
    }
    const res = await page.goto(`${platform.url}${shot.path}`, { waitUntil: 'networkidle' })
    if (res?.status() !== 200) throw new Error(`${shot.path} answered ${res?.status()}`)
    if (shot.signAs) {
      const form = page.locator('form.sign-form')
      await form.locator('[name="name"]').fill('Aigerim Nurlanova')
      await form.locator('[name="email"]').fill(shot.signAs)
      await form.locator('[name="country"]').selectOption('KZ')
      await form.locator('[name="consent"]').check()
      await Promise.all([
        page.waitForURL(/\/thanks$/, { waitUntil: 'networkidle' }),
        form.locator('button[type="submit"]').click(),
      ])
    }
    if (shot.print) await page.emulateMedia({ media: 'print' })
    mkdirSync(dirname(shot.out), { recursive: true })
    await page.screenshot({ path: shot.out, fullPage: shot.fullPage })
    console.log(`Wrote ${shot.out}`)
  } finally {
    await context.close()
  }
}

// Addresses in the pictures read as a real deployment's, not a loopback port.
const platform = await startPlatform({ vars: { PUBLIC_ORIGIN: 'https://standwith.example.org' } })
const browser = await launchBrowser()
try {
  const signers = ['KZ', 'KZ', 'KZ', 'KZ', 'KZ', 'KZ', 'KG', 'KG', 'DE']
  for (const [i, country] of signers.entries()) {
    await confirmedSignature(platform, i, country, i === 0 ? 'Ғалымжан Әбілқайыров' : undefined)
  }
  for (const shot of SHOTS) await take(platform, browser, shot)
} finally {
  await browser.close()
  await platform.dispose()
}
