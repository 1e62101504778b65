/**
 * A supporter's whole path in a real browser, as in the README: sign on the campaign page, find
 * the mail in the outbox, confirm, see the count rise; sign again with a Gmail variant of the
 * address and see it not rise; remove and see it fall; then flood from one client and get 429.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { type Platform, startPlatform } from '../../scripts/lib/harness.ts'
import { launchBrowser } from './browser.ts'

const SLUG = 'azimzhan-askarov'
let platform: Platform
let browser: Browser
let page: Page

before(async () => {
  ;[platform, browser] = await Promise.all([startPlatform(), launchBrowser()])
  page = await (await browser.newContext()).newPage()
})

after(async () => {
  await browser?.close()
  await platform?.dispose()
})

async function shownCount(): Promise<number> {
  await page.goto(`${platform.url}/campaigns/${SLUG}`)
  return Number(await page.locator('.progress-count').first().getAttribute('data-count'))
}

async function signOnPage(name: string, email: string) {
  await page.goto(`${platform.url}/campaigns/${SLUG}`)
  const form = page.getByRole('form', { name: 'Sign this campaign' })
  await form.getByLabel('Your name').fill(name)
  await form.getByLabel('Email', { exact: true }).fill(email)
  await form.getByLabel('Country').selectOption('KG')
  await form.getByLabel(/I agree that .* stores my signature/).check()
  await form.getByRole('button', { name: 'Sign', exact: true }).click()
}

/** The outbox for one address; mail leaves through the queue about a second after the answer. */
async function outbox(to: string): Promise<{ subject: string; links: string[] }[]> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${platform.url}/dev/outbox?to=${encodeURIComponent(to)}`)
    const { mails } = (await res.json()) as { mails: { subject: string; links: string[] }[] }
    if (mails.length) return mails
    await new Promise((r) => setTimeout(r, 100))
  }
  return []
}

test('sign, confirm, count rises; a Gmail variant does not count; removal uncounts', async () => {
  const before = await shownCount()
  const local = `stand.with${Math.random().toString(36).slice(2, 8)}`
  const email = `${local}@gmail.com`

  await signOnPage('Азимжан Тест', email)
  assert.match(page.url(), /\/campaigns\/azimzhan-askarov\/thanks$/)
  assert.match((await page.locator('h1').textContent()) ?? '', /one more step/)
  assert.equal(await shownCount(), before, 'an unconfirmed signature does not count')

  const [mail] = await outbox(email)
  assert.ok(mail, 'the confirmation mail is in the outbox')
  const [confirmLink, removeLink] = mail.links as [string, string]
  await page.goto(confirmLink)
  assert.equal(await shownCount(), before, 'opening the link alone confirms nothing')
  await page.goto(confirmLink)
  await page.getByRole('button', { name: 'Confirm my signature' }).click()
  assert.match((await page.locator('h1').textContent()) ?? '', /confirmed/)
  assert.equal(await shownCount(), before + 1)

  const variant = `${local.replace(/\./g, '')}+again@googlemail.com`
  await signOnPage('Азимжан Тест', variant)
  assert.match(page.url(), /\/thanks$/, 'a duplicate gets the same thank-you page')
  assert.deepEqual(await outbox(variant), [])
  assert.equal(await shownCount(), before + 1)

  await page.goto(removeLink)
  await page.getByRole('button', { name: 'Remove my signature' }).click()
  assert.match((await page.locator('h1').textContent()) ?? '', /removed/)
  assert.equal(await shownCount(), before)
})

test('a flood from one client gets 429 with Retry-After', async () => {
  // The browser sends no CF-Connecting-IP here, so every submission is one client. The limit
  // counts per minute window: a flood that straddles a window's end needs up to twice as many.
  let limited: Awaited<ReturnType<Page['waitForResponse']>> | undefined
  for (let i = 0; i < 25 && !limited; i++) {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign') && r.request().method() === 'POST'),
      signOnPage('Flood', `flood${i}@example.org`),
    ])
    if (res.status() === 429) limited = res
  }
  assert.ok(limited, 'no 429 within 25 submissions from one client')
  assert.ok(Number((await limited.allHeaders())['retry-after']) > 0)
  assert.match((await page.locator('h1').textContent()) ?? '', /Too many submissions/)
})
