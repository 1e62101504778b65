/**
 * A signer's journeys on a phone (375×740, touch) and a desktop (1280×800), in English and
 * Russian: an error is announced and reachable (title, focused summary, links to the fields),
 * no URL reached by clicking or reloading is a 404, the form is one tap away, the country is
 * suggested, and a young campaign's progress bar is visible.
 */
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { assertNoSeriousViolations, DESKTOP, DEVICES, PHONE, withNewPage } from './browser.ts'
import { platformAndBrowser } from './platform.ts'

const SLUG = 'azimzhan-askarov'
const LANGS = ['en', 'ru'] as const
const ERROR_PREFIX = { en: 'Error:', ru: 'Ошибка:' }

const run = platformAndBrowser()
let ipCounter = 1

/**
 * A page in a fresh context. Each context is its own client (its own CF-Connecting-IP), so the
 * per-client limit of 10 submissions a minute is never what a test meets. `cf` is the
 * `request.cf` the Worker sees (Miniflare reads it from a header); by default no country.
 */
async function withPage<T>(
  options: BrowserContextOptions & { cf?: Record<string, string> },
  fn: (page: Page) => Promise<T>,
): Promise<T> {
  const { cf = {}, ...contextOptions } = options
  const context = {
    locale: 'en-US',
    bypassCSP: true, // axe is injected as an inline script
    ...contextOptions,
    extraHTTPHeaders: {
      'CF-Connecting-IP': `198.51.100.${ipCounter++}`,
      'MF-CF-Blob': JSON.stringify(cf),
      ...contextOptions.extraHTTPHeaders,
    },
  }
  return withNewPage(run.browser, context, fn)
}

/** Whether the element's box lies inside the viewport (at least its top part). */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox()
  const height = page.viewportSize()?.height ?? 0
  // A heading scrolled to the top may sit a fraction of a pixel above it (subpixel layout).
  return Boolean(box && box.y > -1 && box.y < height - 20)
}

const activeId = (page: Page) =>
  page.evaluate('document.activeElement && document.activeElement.id')

async function submitBadEmail(page: Page, lang: string, country = 'KG') {
  await page.goto(`${run.platform.url}/campaigns/${SLUG}?lang=${lang}`)
  const form = page.locator('form.sign-form')
  await form.locator('[name="name"]').fill('Азимжан Тест')
  await form.locator('[name="email"]').fill('not-an-email')
  await form.locator('[name="country"]').selectOption(country)
  await form.locator('[name="consent"]').check()
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/sign') && r.request().method() === 'POST'),
    form.locator('button[type="submit"]').click(),
  ])
  await page.waitForLoadState('load')
  return res
}

describe('an error on the sign form is announced, in view and linked to its field', () => {
  for (const [device, options] of Object.entries(DEVICES)) {
    for (const lang of LANGS) {
      test(`${device}, ${lang}`, async () => {
        await withPage(options, async (page) => {
          const res = await submitBadEmail(page, lang)
          assert.equal(res.status(), 422)
          assert.ok((await page.title()).startsWith(ERROR_PREFIX[lang]), await page.title())
          assert.equal(await activeId(page), 'sign-errors', 'focus is on the error summary')
          assert.ok(await inViewport(page, '#sign-errors'), 'the summary is on screen')
          const link = page.locator('#sign-errors a[href="#sign-email"]')
          assert.equal(await link.count(), 1, 'the summary links to the email field')
          await assertNoSeriousViolations(page, `422 page, ${device}, ${lang}`)
          await link.click()
          assert.equal(await activeId(page), 'sign-email', 'the link focuses the field')
          assert.ok(await inViewport(page, '#sign-email'), 'the field is on screen')
        })
      })
    }
  }

  test('without JavaScript, on a phone, the summary still takes focus', async () => {
    await withPage({ ...PHONE, javaScriptEnabled: false }, async (page) => {
      const res = await submitBadEmail(page, 'ru')
      assert.equal(res.status(), 422)
      assert.ok((await page.title()).startsWith('Ошибка:'))
      assert.equal(await activeId(page), 'sign-errors')
      assert.ok(await inViewport(page, '#sign-errors'))
    })
  })
})

describe('an error on the message form is announced, in view and linked', () => {
  for (const [device, options] of Object.entries(DEVICES)) {
    for (const lang of LANGS) {
      test(`${device}, ${lang}`, async () => {
        await withPage(options, async (page) => {
          await page.goto(`${run.platform.url}/campaigns/${SLUG}?lang=${lang}`)
          const form = page.locator('section.message-form form')
          await form.locator('[name="name"]').fill('Ana')
          const [res] = await Promise.all([
            page.waitForResponse((r) => r.url().endsWith('/messages')),
            form.locator('button[type="submit"]').click(),
          ])
          await page.waitForLoadState('load')
          assert.equal(res.status(), 422)
          assert.ok((await page.title()).startsWith(ERROR_PREFIX[lang]))
          assert.equal(await activeId(page), 'msg-errors')
          assert.ok(await inViewport(page, '#msg-errors'), 'the summary is on screen')
          await assertNoSeriousViolations(page, `message 422, ${device}, ${lang}`)
          await page.locator('#msg-errors a[href="#msg-body"]').click()
          assert.equal(await activeId(page), 'msg-body')
        })
      })
    }
  }
})

describe('no URL a person reaches by clicking or reloading is a 404', () => {
  for (const lang of LANGS) {
    test(`the language switch and a reload of an error page (${lang})`, async () => {
      await withPage(PHONE, async (page) => {
        await submitBadEmail(page, lang)
        const other = lang === 'en' ? 'ru' : 'en'
        const [switched] = await Promise.all([
          page.waitForNavigation(),
          page.locator(`nav.lang-switch a[hreflang="${other}"]`).click(),
        ])
        assert.equal(switched?.status(), 200)
        assert.equal(await page.getAttribute('html', 'lang'), other)
        assert.equal(await page.locator('form.sign-form').count(), 1)

        // A reload from the address bar is a GET of the form's POST URL.
        for (const [path, anchor] of [
          [`/campaigns/${SLUG}/sign?lang=${lang}`, 'sign-title'],
          [`/campaigns/${SLUG}/messages?lang=${lang}`, 'message-title'],
        ] as const) {
          const res = await page.goto(`${run.platform.url}${path}`)
          assert.equal(res?.status(), 200, path)
          assert.equal(new URL(page.url()).pathname, `/campaigns/${SLUG}`)
          assert.equal(new URL(page.url()).hash, `#${anchor}`)
          assert.equal(await page.getAttribute('html', 'lang'), lang)
        }
        const widget = await page.goto(`${run.platform.url}/embed/${SLUG}/sign?lang=${lang}`)
        assert.equal(widget?.status(), 200)
        assert.equal(new URL(page.url()).pathname, `/embed/${SLUG}`)
        assert.equal(await page.getAttribute('html', 'lang'), lang)
      })
    })
  }
})

describe('the sign form is one tap away on a phone, and in view on a desktop', () => {
  for (const lang of LANGS) {
    test(`phone, ${lang}`, async () => {
      await withPage(PHONE, async (page) => {
        await page.goto(`${run.platform.url}/campaigns/${SLUG}?lang=${lang}`)
        assert.equal(await inViewport(page, '#sign-name'), false, 'the form starts below')
        const jump = page.locator('.jump-sign a')
        assert.ok(await jump.isVisible(), 'a Sign link is visible')
        assert.ok(await inViewport(page, '.jump-sign a'), 'in the first screen')
        await jump.tap()
        await page.waitForFunction('location.hash === "#sign-title"')
        assert.ok(await inViewport(page, '#sign-title'), 'the form is on screen')
        await assertNoSeriousViolations(page, `campaign page, phone, ${lang}`)
      })
    })
    test(`desktop, ${lang}`, async () => {
      await withPage(DESKTOP, async (page) => {
        await page.goto(`${run.platform.url}/campaigns/${SLUG}?lang=${lang}`)
        assert.ok(await inViewport(page, '#sign-title'), 'the form is in the first screen')
        await assertNoSeriousViolations(page, `campaign page, desktop, ${lang}`)
      })
    })
  }
})

describe('the country is suggested on a fresh form and never overrides the signer', () => {
  const selected = (page: Page) => page.locator('#sign-country').inputValue()

  test('from the region of the language (ru-KZ → Kazakhstan)', async () => {
    await withPage({ ...PHONE, locale: 'ru-KZ' }, async (page) => {
      await page.goto(`${run.platform.url}/campaigns/${SLUG}`)
      assert.equal(await selected(page), 'KZ')
    })
  })

  test('from where Cloudflare sees the request (request.cf.country)', async () => {
    await withPage({ ...DESKTOP, locale: 'en-GB', cf: { country: 'KG' } }, async (page) => {
      await page.goto(`${run.platform.url}/campaigns/${SLUG}?lang=en`)
      assert.equal(await selected(page), 'KG')
    })
  })

  test('the country the signer chose stays chosen after an error', async () => {
    await withPage({ ...PHONE, locale: 'ru-KZ', cf: { country: 'KG' } }, async (page) => {
      const res = await submitBadEmail(page, 'ru', 'DE')
      assert.equal(res.status(), 422)
      assert.equal(await selected(page), 'DE')
    })
  })
})

describe('a young campaign has a visible bar and a next milestone', () => {
  before(async () => {
    // One confirmed signature, through the real path: the form, the mail, the confirm button.
    const email = `young${Math.random().toString(36).slice(2, 8)}@example.org`
    const body = new URLSearchParams({
      name: 'Ana',
      email,
      country: 'KZ',
      consent: 'yes',
      lang: 'en',
    })
    const res = await fetch(`${run.platform.url}/campaigns/${SLUG}/sign`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { 'CF-Connecting-IP': '203.0.113.9' },
    })
    assert.equal(res.status, 303)
    let links: string[] = []
    for (let i = 0; i < 40 && !links.length; i++) {
      const out = await fetch(`${run.platform.url}/dev/outbox?to=${encodeURIComponent(email)}`)
      const { mails } = (await out.json()) as { mails: { links: string[] }[] }
      links = mails[0]?.links ?? []
      if (!links.length) await new Promise((r) => setTimeout(r, 50))
    }
    const confirmed = await fetch(links[0]!, { method: 'POST' })
    assert.equal(confirmed.status, 200)
  })

  for (const lang of LANGS) {
    test(`phone, ${lang}`, async () => {
      await withPage(PHONE, async (page) => {
        await page.goto(`${run.platform.url}/campaigns/${SLUG}?lang=${lang}`)
        const count = page.locator('.campaign .progress-count')
        assert.equal(await count.getAttribute('data-count'), '1')
        const text = (await count.textContent()) ?? ''
        assert.match(text, lang === 'en' ? /next milestone: 10\b/ : /следующей отметки: 10\b/)
        const fill = await page.locator('.campaign .progress-bar .fill').boundingBox()
        assert.ok(fill && fill.width >= 8, `the bar shows (${fill?.width} px wide)`)
        const bar = page.locator('.campaign [role="progressbar"]')
        assert.equal(await bar.getAttribute('aria-valuenow'), '1')
      })
    })
  }
})
