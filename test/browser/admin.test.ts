/**
 * The organisers' side in a real browser: the first owner signs in with ADMIN_TOKEN, adds an
 * organisation and makes it a partner of a campaign (its own snippet shown), invites a person,
 * and that person signs in from the link the dev outbox caught, with their role.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { signInWithAdminToken } from './browser.ts'
import { platformAndBrowser } from './platform.ts'

const SLUG = 'farid-tukhbatullin'
const run = platformAndBrowser()

async function outboxLink(to: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${run.platform.url}/dev/outbox?to=${encodeURIComponent(to)}`)
    const { mails } = (await res.json()) as { mails: { links: string[] }[] }
    const link = mails[0]?.links.find((l) => l.includes('/admin/login/'))
    if (link) return link
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('no sign-in link in the outbox')
}

test('an owner adds a partner and invites a person, who signs in from the emailed link', async () => {
  const owner = await run.browser.newContext({ locale: 'en-US' })
  const page = await owner.newPage()
  await signInWithAdminToken(page, run.platform)

  await page.goto(`${run.platform.url}/admin/organisations`)
  await page.fill('#f-slug', 'bishkek-watch')
  await page.fill('#f-name', 'Bishkek Trial Watch')
  await page.fill('#f-url', 'https://bishkek-watch.example')
  await page.fill('#f-privacyNotice-en', 'Bishkek Trial Watch keeps your address to send news.')
  await Promise.all([page.waitForURL(/done=created/), page.click('text=Add organisation')])
  assert.ok(await page.isVisible('text=Bishkek Trial Watch'))

  await page.goto(`${run.platform.url}/admin/campaigns/${SLUG}/partners`)
  await page.selectOption('#partner-org', 'bishkek-watch')
  await Promise.all([page.waitForURL(/done=added/), page.click('text=Add partner')])
  const snippet = await page.textContent('[data-snippet="bishkek-watch"]')
  assert.match(snippet ?? '', /data-campaign="farid-tukhbatullin" data-partner="bishkek-watch"/)

  const email = `moderator.${Date.now()}@example.org`
  await page.goto(`${run.platform.url}/admin/people`)
  await page.fill('#f-name', 'Aisulu M.')
  await page.fill('#f-email', email)
  await page.selectOption('#invite-role', 'moderator')
  await Promise.all([page.waitForURL(/done=invited/), page.click('button:has-text("Invite")')])
  assert.ok(await page.isVisible('text=Aisulu M.'))
  assert.equal(await page.locator(`text=${email}`).count(), 0)
  await owner.close()

  const link = await outboxLink(email)
  const invited = await run.browser.newContext({ locale: 'en-US' })
  const theirs = await invited.newPage()
  await theirs.goto(link)
  await Promise.all([theirs.waitForURL(/\/admin$/), theirs.click('button:has-text("Sign in")')])
  const review = await theirs.goto(`${run.platform.url}/admin/review`)
  assert.equal(review?.status(), 200)
  const people = await theirs.goto(`${run.platform.url}/admin/people`)
  assert.equal(people?.status(), 403)
  // The link was single use.
  const again = await theirs.goto(link)
  assert.equal(again?.status(), 200)
  await theirs.click('button:has-text("Sign in")')
  assert.ok(await theirs.isVisible('text=expired or was already used'))
  await invited.close()
})
