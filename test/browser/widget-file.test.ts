/**
 * "Copy the snippet into any HTML file": a page opened straight from disk (file:) embeds the
 * widget, and a person can sign in it.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { type Platform, startPlatform } from '../../scripts/lib/harness.ts'
import { launchBrowser } from './browser.ts'

let platform: Platform
let browser: Browser
const dir = mkdtempSync(join(tmpdir(), 'standwith-partner-'))

before(async () => {
  ;[platform, browser] = await Promise.all([startPlatform(), launchBrowser()])
})

after(async () => {
  await browser?.close()
  await platform?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

test('the snippet works in an HTML file opened from disk', async () => {
  // The snippet exactly as the campaign page offers it.
  const page0 = await browser.newPage()
  await page0.goto(`${platform.url}/campaigns/farid-tukhbatullin`)
  const snippet = (await page0.locator('.embed pre code, .embed pre').first().textContent()) ?? ''
  await page0.close()
  assert.match(
    snippet,
    /<script src="[^"]+\/embed\.js" data-campaign="farid-tukhbatullin" async><\/script>/,
  )
  const file = join(dir, 'partner.html')
  writeFileSync(
    file,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><h1>Our partner page</h1>${snippet}</body></html>`,
  )

  const page = await browser.newPage()
  await page.goto(`file://${file}`)
  const frame = page.frameLocator('iframe')
  await frame.locator('#w-campaign').waitFor({ timeout: 10_000 })
  const email = `file-${Date.now()}@example.org`
  await frame.getByLabel('Your name').fill('From a file')
  await frame.getByLabel('Email', { exact: true }).fill(email)
  await frame.getByLabel('Country').selectOption('AT')
  await frame.getByLabel(/I agree that .* stores my signature/).check()
  await frame.getByRole('button', { name: 'Sign', exact: true }).click()
  await frame.getByRole('heading', { name: 'Thank you — one more step' }).waitFor()
  // The mail leaves through the queue about a second after the answer.
  let mails: unknown[] = []
  for (let i = 0; i < 100 && mails.length === 0; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 100))
    const res = await fetch(`${platform.url}/dev/outbox?to=${encodeURIComponent(email)}`)
    mails = ((await res.json()) as { mails: unknown[] }).mails
  }
  assert.equal(mails.length, 1)
})
