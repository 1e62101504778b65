/** The public pages in a real browser: accessibility, languages, no-JS use, focus, no third parties. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { readContentFile, reviewedContentFiles } from '../../scripts/lib/content.ts'
import { describeViolations, seriousViolations, withNewPage } from './browser.ts'
import { platformAndBrowser } from './platform.ts'

const SLUG = 'azimzhan-askarov'
const campaign = reviewedContentFiles()
  .flatMap((f) => readContentFile(f).campaigns)
  .find((c) => c.slug === SLUG)
if (!campaign) throw new Error(`campaigns/*.json has no campaign ${SLUG}`)
const content = campaign

const run = platformAndBrowser()

function withPage<T>(options: BrowserContextOptions, fn: (page: Page) => Promise<T>): Promise<T> {
  return withNewPage(run.browser, { locale: 'en-US', ...options }, fn)
}

describe('axe-core finds no serious or critical violations', () => {
  for (const path of ['/', `/campaigns/${SLUG}`]) {
    for (const lang of ['en', 'ru']) {
      test(`${path} in ${lang}`, async () => {
        // The pages' CSP forbids inline scripts, and axe is injected as one.
        await withPage({ bypassCSP: true }, async (page) => {
          const res = await page.goto(`${run.platform.url}${path}?lang=${lang}`)
          assert.equal(res?.status(), 200)
          assert.equal(await page.getAttribute('html', 'lang'), lang)
          const violations = await seriousViolations(page)
          assert.deepEqual(violations, [], describeViolations(violations))
        })
      })
    }
  }
})

test('the language switch changes <html lang> and the heading', async () => {
  await withPage({}, async (page) => {
    await page.goto(`${run.platform.url}/campaigns/${SLUG}`)
    assert.equal(await page.getAttribute('html', 'lang'), 'en')
    assert.equal((await page.locator('h1').textContent())?.trim(), content.translations.en?.title)

    await page.locator('nav.lang-switch a[hreflang="ru"]').click()
    await page.waitForURL(/[?&]lang=ru/)
    assert.equal(await page.getAttribute('html', 'lang'), 'ru')
    assert.equal((await page.locator('h1').textContent())?.trim(), content.translations.ru?.title)

    // The choice is remembered: a plain link back to the page stays in Russian.
    await page.goto(`${run.platform.url}/campaigns/${SLUG}`)
    assert.equal(await page.getAttribute('html', 'lang'), 'ru')

    await page.locator('nav.lang-switch a[hreflang="en"]').click()
    await page.waitForURL(/[?&]lang=en/)
    assert.equal(await page.getAttribute('html', 'lang'), 'en')
  })
})

test('without JavaScript the campaign page shows the story, the asks and a labelled form', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    const res = await page.goto(`${run.platform.url}/campaigns/${SLUG}`)
    assert.equal(res?.status(), 200)
    const en = content.translations.en!

    const story = page.locator('section[aria-labelledby="story-title"]')
    assert.ok(await story.isVisible(), 'story section visible')
    assert.ok((await story.textContent())?.includes(en.story.slice(0, 60)), 'story text shown')

    const asks = page.locator('ol.asks > li')
    assert.equal(await asks.count(), en.asks.length)
    for (let i = 0; i < en.asks.length; i++) assert.ok(await asks.nth(i).isVisible())

    const form = page.locator('form.sign-form')
    assert.equal(await form.getAttribute('method'), 'post')
    assert.equal(await form.getAttribute('action'), `/campaigns/${SLUG}/sign`)
    for (const name of ['name', 'email', 'country', 'city', 'comment', 'consent']) {
      const control = form.locator(`[name="${name}"]`)
      assert.equal(await control.count(), 1, `one ${name} control`)
      assert.ok(await control.isVisible(), `${name} visible`)
      const id = await control.getAttribute('id')
      assert.ok(id, `${name} has an id`)
      const label = form.locator(`label[for="${id}"]`)
      assert.ok(await label.isVisible(), `${name} has a visible label`)
      assert.notEqual((await label.textContent())?.trim() ?? '', '', `${name} label has text`)
    }
    assert.ok(await form.locator('button[type="submit"]').isVisible(), 'submit button visible')
  })
})

test('the first Tab focuses a visible skip link that moves focus to the content', async () => {
  await withPage({ viewport: { width: 1280, height: 800 } }, async (page) => {
    await page.goto(`${run.platform.url}/campaigns/${SLUG}`)
    await page.keyboard.press('Tab')
    const focused = page.locator(':focus')
    assert.equal(await focused.count(), 1, 'something has focus')
    assert.equal(await focused.getAttribute('class'), 'skip')
    assert.equal(await focused.getAttribute('href'), '#main')
    assert.ok(await focused.isVisible(), 'skip link visible')
    const box = await focused.boundingBox()
    assert.ok(box && box.width > 0 && box.height > 0, 'skip link has a size')
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280, 'skip link is on screen')
    // An expression string, not a function: the project's types have no DOM.
    const opacity = await page.evaluate('getComputedStyle(document.activeElement).opacity')
    assert.equal(typeof opacity, 'string')
    assert.notEqual(opacity, '0')

    await page.keyboard.press('Enter')
    assert.equal(await page.locator(':focus').getAttribute('id'), 'main')
  })
})

test('pages make no request to any other host and log no errors', async () => {
  const host = new URL(run.platform.url).host
  await withPage({}, async (page) => {
    const requests: string[] = []
    const errors: string[] = []
    page.on('request', (r) => {
      requests.push(r.url())
    })
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => {
      errors.push(String(e))
    })
    for (const path of ['/', `/campaigns/${SLUG}`, `/campaigns/${SLUG}?lang=ru`]) {
      const res = await page.goto(`${run.platform.url}${path}`, { waitUntil: 'networkidle' })
      assert.equal(res?.status(), 200, path)
    }
    const network = requests.filter((u) => !/^(data|blob|about):/.test(u))
    assert.ok(network.length >= 3, 'the pages were requested')
    const foreign = network.filter((u) => new URL(u).host !== host)
    assert.deepEqual(foreign, [])
    assert.deepEqual(errors, [])
  })
})
