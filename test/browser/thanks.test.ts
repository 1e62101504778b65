/**
 * After signing, as a signer meets it (issue 16, item 5), on a phone (375×740, touch) and a
 * desktop, in English and Russian: the thank-you page shares first, names the address masked,
 * mentions the spam folder and offers to send the mail again once the wait is over (with and
 * without JavaScript); the widget does the same with no cookie; another browser gets the generic
 * page; mail links opened in a browser asking for the other language speak the signer's, and
 * opened again say "already confirmed" and "removed".
 * The platform runs with a 3-second resend wait so the journey does not take minutes.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { type Platform, startPlatform } from '../../scripts/lib/harness.ts'
import { maskEmail } from '../../src/domain/email-mask.ts'
import { assertNoSeriousViolations, DEVICES, launchBrowser, PHONE, withNewPage } from './browser.ts'

const SLUG = 'azimzhan-askarov'
const WAIT_SECONDS = 3
const LANGS = ['en', 'ru'] as const
type Lang = (typeof LANGS)[number]

const TEXT = {
  en: {
    sentTo: 'We have sent an email to',
    spam: 'spam',
    resend: 'Send the email again',
    resent: 'Done: we are sending the email again',
    generic: 'We have sent you an email.',
    confirmButton: 'Confirm my signature',
    already: 'This signature was already confirmed',
    removeButton: 'Remove my signature',
    removedAgain: 'This signature has been removed',
  },
  ru: {
    sentTo: 'Мы отправили письмо на адрес',
    spam: '«Спам»',
    resend: 'Отправить письмо ещё раз',
    resent: 'Готово: мы ещё раз отправляем письмо',
    generic: 'Мы отправили вам письмо.',
    confirmButton: 'Подтвердить подпись',
    already: 'Эта подпись уже подтверждена',
    removeButton: 'Отозвать подпись',
    removedAgain: 'Подпись уже отозвана',
  },
} as const

let platform: Platform
let browser: Browser
let ipCounter = 1

before(async () => {
  ;[platform, browser] = await Promise.all([
    startPlatform({ vars: { RESEND_AFTER_SECONDS: String(WAIT_SECONDS) } }),
    launchBrowser(),
  ])
})

after(async () => {
  await browser?.close()
  await platform?.dispose()
})

/** A page in a fresh context (its own client IP), whose browser asks for English. */
function withPage<T>(options: BrowserContextOptions, fn: (page: Page) => Promise<T>) {
  return withNewPage(
    browser,
    {
      locale: 'en-US',
      bypassCSP: true, // axe is injected as an inline script
      ...options,
      extraHTTPHeaders: { 'CF-Connecting-IP': `203.0.113.${ipCounter++}` },
    },
    fn,
  )
}

async function outbox(to: string, atLeast = 1): Promise<{ links: string[] }[]> {
  for (let i = 0; i < 150; i++) {
    const res = await fetch(`${platform.url}/dev/outbox?to=${encodeURIComponent(to)}`)
    const { mails } = (await res.json()) as { mails: { links: string[] }[] }
    if (mails.length >= atLeast) return mails
    await new Promise((r) => setTimeout(r, 100))
  }
  return []
}

async function signOnPage(page: Page, lang: Lang, email: string) {
  await page.goto(`${platform.url}/campaigns/${SLUG}?lang=${lang}`)
  const form = page.locator('form.sign-form')
  await form.locator('[name="name"]').fill('Азимжан Тест')
  await form.locator('[name="email"]').fill(email)
  await form.locator('[name="country"]').selectOption('KG')
  await form.locator('[name="consent"]').check()
  await Promise.all([page.waitForURL(/\/thanks$/), form.locator('button[type="submit"]').click()])
}

const lead = (page: Page) => page.locator('.notice .lead').textContent()

/** Whether the element's top lies in the first screen. */
async function inFirstScreen(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox()
  return Boolean(box && box.y >= 0 && box.y < (page.viewportSize()?.height ?? 0))
}

describe('the thank-you page: sharing first, the address masked, resend after the wait', () => {
  for (const [device, options] of Object.entries(DEVICES)) {
    for (const lang of LANGS) {
      test(`${device}, ${lang}`, async () => {
        const email = `thanks.${device}.${lang}.${Date.now()}@example.org`
        await withPage(options, async (page) => {
          await signOnPage(page, lang, email)
          const t = TEXT[lang]
          assert.ok(!page.url().includes('example'), 'the address is not in the URL')
          assert.ok(((await lead(page)) ?? '').includes(`${t.sentTo} ${maskEmail(email)}`))
          assert.ok(!(await page.content()).includes(email), 'the whole address is not shown')
          // Sharing comes first, in the first screen, before the mail's details.
          assert.ok(await inFirstScreen(page, '.share a[href^="https://t.me/"]'), 'share in view')
          const shareY = (await page.locator('#share-title').boundingBox())?.y ?? Infinity
          const mailY = (await page.locator('#thanks-mail-title').boundingBox())?.y ?? -1
          assert.ok(shareY < mailY, 'sharing before the mail section')
          assert.ok(((await page.locator('.thanks-mail').textContent()) ?? '').includes(t.spam))
          // The receipt is an HttpOnly cookie of the thanks path only.
          const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'sw_thanks')
          assert.ok(cookie, 'the receipt cookie is set')
          assert.equal(cookie.httpOnly, true)
          assert.equal(cookie.sameSite, 'Lax')
          assert.equal(cookie.path, `/campaigns/${SLUG}/thanks`)
          assert.equal(await page.evaluate('document.cookie.includes("sw_thanks")'), false)

          // The button waits, and says why; then becomes available without a reload.
          const button = page.getByRole('button', { name: t.resend })
          assert.equal(await button.isDisabled(), true)
          assert.ok(await page.locator('#resend-wait').isVisible())
          await assertNoSeriousViolations(page, `thanks, ${device}, ${lang}`)
          await outbox(email)
          await button.waitFor({ state: 'visible' })
          await page.waitForFunction(
            'document.querySelector("form.resend button").disabled === false',
            undefined,
            { timeout: (WAIT_SECONDS + 5) * 1000 },
          )
          await Promise.all([page.waitForURL(/\/thanks$/), button.click()])
          assert.ok(((await page.locator('.resent').textContent()) ?? '').includes(t.resent))
          assert.equal((await outbox(email, 2)).length, 2, 'the mail was sent again, once')
          await assertNoSeriousViolations(page, `thanks after resend, ${device}, ${lang}`)
        })

        // The mail opened elsewhere (no cookie, a browser asking for the other language): the
        // link pages speak the signature's language; opened again they say what happened.
        const mails = await outbox(email, 2)
        const elsewhere = lang === 'en' ? 'ru-RU' : 'en-US'
        await withPage({ ...options, locale: elsewhere }, async (page) => {
          const t = TEXT[lang]
          const confirm = mails[0]!.links.find((l) => l.includes('/confirm/'))!
          await page.goto(confirm)
          assert.equal(await page.getAttribute('html', 'lang'), lang, "the signer's language")
          await page.getByRole('button', { name: t.confirmButton }).click()
          await page.waitForLoadState('load')
          await page.goto(confirm)
          assert.equal(await page.getAttribute('html', 'lang'), lang)
          assert.ok(((await lead(page)) ?? '').includes(t.already))
          assert.equal(await page.getByRole('button', { name: t.confirmButton }).count(), 0)
          await assertNoSeriousViolations(page, `confirm link again, ${device}, ${lang}`)

          // Remove, then open the remove link again: it says the signature was removed.
          const remove = mails[0]!.links.find((l) => l.includes('/remove/'))!
          await page.goto(remove)
          await page.getByRole('button', { name: t.removeButton }).click()
          await page.waitForLoadState('load')
          await page.goto(remove)
          assert.equal(await page.getAttribute('html', 'lang'), lang)
          assert.equal(((await page.locator('h1').textContent()) ?? '').trim(), t.removedAgain)
          await assertNoSeriousViolations(page, `remove link again, ${device}, ${lang}`)
        })

        // Another browser (a shared link) gets the generic page: no address, no resend.
        await withPage(options, async (page) => {
          await page.goto(`${platform.url}/campaigns/${SLUG}/thanks?lang=${lang}`)
          assert.ok(((await lead(page)) ?? '').includes(TEXT[lang].generic))
          assert.ok(!(await page.content()).includes('•••'))
          assert.equal(await page.getByRole('button', { name: TEXT[lang].resend }).count(), 0)
        })
      })
    }
  }
})

describe("the widget's thank-you state: the same, with no cookie", () => {
  for (const [device, options] of Object.entries(DEVICES)) {
    for (const lang of LANGS) {
      test(`${device}, ${lang}`, async () => {
        const email = `widget.${device}.${lang}.${Date.now()}@example.org`
        const t = TEXT[lang]
        await withPage(options, async (page) => {
          await page.goto(`${platform.url}/embed/${SLUG}?lang=${lang}`)
          const form = page.locator('form.sign-form')
          await form.locator('[name="name"]').fill('Sähra Baýramowa')
          await form.locator('[name="email"]').fill(email)
          await form.locator('[name="country"]').selectOption('TM')
          await form.locator('[name="consent"]').check()
          await Promise.all([page.waitForLoadState('load'), form.locator('button').click()])
          await page.locator('.w-thanks .lead').waitFor()
          const text = (await page.locator('.w-thanks .lead').textContent()) ?? ''
          assert.ok(text.includes(`${t.sentTo} ${maskEmail(email)}`), text)
          assert.deepEqual(await page.context().cookies(), [], 'the widget sets no cookie')
          assert.ok(!page.url().includes('example'))
          assert.ok(await page.locator('.w-thanks .share a[href^="https://t.me/"]').isVisible())
          await assertNoSeriousViolations(page, `widget thanks, ${device}, ${lang}`)
          await outbox(email)
          const button = page.getByRole('button', { name: t.resend })
          assert.equal(await button.isDisabled(), true)
          await page.waitForFunction(
            'document.querySelector("form.resend button").disabled === false',
            undefined,
            { timeout: (WAIT_SECONDS + 5) * 1000 },
          )
          await Promise.all([page.waitForURL(/\/embed\/[^/]+\/thanks\?/), button.click()])
          assert.ok(((await page.locator('.resent').textContent()) ?? '').includes(t.resent))
          assert.equal((await outbox(email, 2)).length, 2, 'the mail was sent again, once')
        })
      })
    }
  }
})

describe('without JavaScript', () => {
  test('the page waits, a reload after the wait offers the button, and it works', async () => {
    const email = `thanks.nojs.${Date.now()}@example.org`
    await withPage({ ...PHONE, javaScriptEnabled: false }, async (page) => {
      await signOnPage(page, 'ru', email)
      const button = page.getByRole('button', { name: TEXT.ru.resend })
      assert.equal(await button.isDisabled(), true)
      await outbox(email)
      await new Promise((r) => setTimeout(r, (WAIT_SECONDS + 0.5) * 1000))
      assert.equal(await button.isDisabled(), true, 'nothing changes without a reload')
      await page.reload()
      assert.equal(await button.isDisabled(), false)
      await Promise.all([page.waitForURL(/\/thanks$/), button.click()])
      assert.ok(((await page.locator('.resent').textContent()) ?? '').includes(TEXT.ru.resent))
      assert.equal((await outbox(email, 2)).length, 2)
    })
  })
})
