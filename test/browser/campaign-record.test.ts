/**
 * Issue 16, items 4 and 7 in a real browser: an editor adds an update, marks the facts
 * reviewed, uploads an image with alt text and credit, and closes a campaign with an outcome;
 * supporters then see all of it, on a phone and on a desktop, in English and Russian, with the
 * share tags the networks read. axe finds no serious or critical violation on any page touched.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { ROOT } from '../../scripts/lib/harness.ts'
import {
  assertNoSeriousViolations as assertAccessible,
  DESKTOP,
  PHONE,
  signInWithAdminToken,
  withNewPage,
} from './browser.ts'
import { platformAndBrowser } from './platform.ts'

const OPEN = 'azimzhan-askarov'
const CLOSING = 'surat-ikramov'
const PHOTO = join(ROOT, 'public/static/cards/defender-en.png')

const run = platformAndBrowser()

function withPage<T>(options: BrowserContextOptions, fn: (page: Page) => Promise<T>): Promise<T> {
  // axe is injected as an inline script, which the pages' CSP forbids.
  return withNewPage(run.browser, { locale: 'en-GB', bypassCSP: true, ...options }, fn)
}

async function noHorizontalScroll(page: Page, what: string) {
  const width = await page.evaluate('document.documentElement.scrollWidth')
  const viewport = page.viewportSize()?.width ?? 0
  assert.ok(Number(width) <= viewport, `${what}: ${width}px wide in a ${viewport}px viewport`)
}

const metaContent = (page: Page, key: string) =>
  page.locator(`meta[property="${key}"], meta[name="${key}"]`).getAttribute('content')

describe('an editor keeps campaigns true, supporters see it', () => {
  test('the editor adds an update, reviews, uploads an image and closes with an outcome', async () => {
    await withPage(DESKTOP, async (page) => {
      await signInWithAdminToken(page, run.platform)

      await page.goto(`${run.platform.url}/admin/campaigns/${OPEN}`)
      await assertAccessible(page, 'admin edit page')
      // A refused update keeps the editor on the page with the error beside the field.
      await page.fill('#f-postedOn', '2010-12-10')
      await page.click('text=Add the update')
      assert.equal(
        (await page.locator('#f-text-en-error').textContent())?.trim(),
        'Write it in at least one language.',
      )

      await page.fill('#f-postedOn', '2010-12-10')
      await page.fill('#f-text-en', 'The Supreme Court agreed to hear the appeal.')
      await page.fill('#f-text-ru', 'Верховный суд согласился рассмотреть жалобу.')
      await page.fill('#f-sourceUrl', 'https://www.iphronline.org/')
      await page.click('text=Add the update')
      await page.waitForURL(/done=update-added/)

      await page.fill('#f-reviewedOn', '2010-12-10')
      await page.click('text=Mark as reviewed')
      await page.waitForURL(/done=reviewed/)

      await page.setInputFiles('#f-image', PHOTO)
      await page.fill('#f-alt-en', 'A portrait of Azimzhan Askarov')
      await page.fill('#f-alt-ru', 'Портрет Азимжана Аскарова')
      await page.fill('#f-credit', 'IPHR')
      await page.click('text=Upload')
      await page.waitForURL(/done=image-saved/)
      assert.ok(await page.locator('.record-image img').isVisible())

      await page.goto(`${run.platform.url}/admin/campaigns/${CLOSING}`)
      await page.selectOption('#f-outcome', 'charges-dropped')
      await page.fill('#f-note-en', 'The conviction was quashed on appeal')
      await page.fill('#f-note-ru', 'Приговор отменён при обжаловании')
      await page.click('text=Close with this outcome')
      await page.waitForURL(/done=outcome/)
      assert.ok(await page.locator('text=Recorded: Charges dropped.').isVisible())
    })
  })

  for (const [device, options] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    for (const lang of ['en', 'ru'] as const) {
      test(`a supporter on a ${device} in ${lang} sees the image, the review date and the updates`, async () => {
        await withPage(options, async (page) => {
          const res = await page.goto(`${run.platform.url}/campaigns/${OPEN}?lang=${lang}`)
          assert.equal(res?.status(), 200)
          const image = page.locator('figure.campaign-image img')
          assert.ok(await image.isVisible(), 'the image is shown')
          assert.ok(
            (await image.evaluate(
              (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
            )) > 0,
            'the image loaded',
          )
          assert.equal(
            await image.getAttribute('alt'),
            lang === 'en' ? 'A portrait of Azimzhan Askarov' : 'Портрет Азимжана Аскарова',
          )
          assert.equal(
            (await page.locator('figure.campaign-image figcaption').textContent())?.trim(),
            lang === 'en' ? 'Photo: IPHR' : 'Фото: IPHR',
          )
          assert.equal(
            (await page.locator('p.reviewed').textContent())?.trim(),
            lang === 'en'
              ? 'Last reviewed on 10 December 2010.'
              : 'Сведения проверены 10 декабря 2010 г.',
          )
          const update = page.locator('section.updates li').first()
          assert.ok(await update.isVisible())
          assert.match(
            (await update.textContent()) ?? '',
            lang === 'en'
              ? /10 December 2010.*The Supreme Court agreed/s
              : /10 декабря 2010 г\..*Верховный суд согласился/s,
          )
          assert.equal(
            await update.locator('a').getAttribute('href'),
            'https://www.iphronline.org/',
          )

          // What a network reads: absolute URLs, and an image it can fetch.
          const ogImage = await metaContent(page, 'og:image')
          assert.match(ogImage ?? '', new RegExp(`^${run.platform.url}/media/campaigns/${OPEN}/`))
          const fetched = await fetch(ogImage!)
          assert.equal(fetched.status, 200)
          assert.equal(fetched.headers.get('content-type'), 'image/png')
          assert.match(fetched.headers.get('cache-control') ?? '', /max-age=31536000/)
          assert.equal(
            await metaContent(page, 'og:url'),
            `${run.platform.url}/campaigns/${OPEN}${lang === 'ru' ? '?lang=ru' : ''}`,
          )
          assert.ok((await metaContent(page, 'og:title'))?.length)
          assert.ok((await metaContent(page, 'og:description'))?.length)
          assert.equal(await metaContent(page, 'twitter:card'), 'summary_large_image')

          await noHorizontalScroll(page, `campaign page on a ${device}`)
          await assertAccessible(page, `campaign page, ${device}, ${lang}`)
        })
      })

      test(`a supporter on a ${device} in ${lang} sees how a closed campaign ended, also in the widget`, async () => {
        await withPage(options, async (page) => {
          const res = await page.goto(`${run.platform.url}/campaigns/${CLOSING}?lang=${lang}`)
          assert.equal(res?.status(), 200)
          const outcome = page.locator('section.outcome')
          assert.ok(await outcome.isVisible(), 'the outcome is shown')
          assert.match(
            (await outcome.textContent()) ?? '',
            lang === 'en'
              ? /Outcome: charges dropped\s*The conviction was quashed on appeal\./
              : /Итог: обвинения сняты\s*Приговор отменён при обжаловании\./,
          )
          assert.equal(await page.locator('form.sign-form').count(), 0, 'no sign form')
          // A campaign without its own image shares the card of its kind, as a PNG.
          const ogImage = await metaContent(page, 'og:image')
          assert.equal(ogImage, `${run.platform.url}/static/cards/defender-${lang}.png`)
          const card = await fetch(ogImage!)
          assert.equal(card.status, 200)
          assert.equal(card.headers.get('content-type'), 'image/png')
          await noHorizontalScroll(page, `closed campaign on a ${device}`)
          await assertAccessible(page, `closed campaign, ${device}, ${lang}`)

          await page.goto(`${run.platform.url}/embed/${CLOSING}?lang=${lang}`)
          assert.match(
            (await page.locator('.outcome').textContent()) ?? '',
            lang === 'en' ? /Outcome: charges dropped/ : /Итог: обвинения сняты/,
          )
          await assertAccessible(page, `widget of a closed campaign, ${device}, ${lang}`)
        })
      })
    }
  }

  test('a closed campaign refuses new signatures with 410', async () => {
    const res = await fetch(`${run.platform.url}/api/v1/campaigns/${CLOSING}/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'A', email: 'a@example.org', country: 'GB', consent: true }),
    })
    assert.equal(res.status, 410)
  })

  test('the home and defender pages carry share tags too', async () => {
    await withPage(PHONE, async (page) => {
      await page.goto(`${run.platform.url}/?lang=ru`)
      assert.equal(
        await metaContent(page, 'og:image'),
        `${run.platform.url}/static/cards/general-ru.png`,
      )
      assert.equal(await metaContent(page, 'twitter:card'), 'summary_large_image')
      await page.goto(`${run.platform.url}/defenders/${OPEN}?lang=en`)
      assert.equal(await metaContent(page, 'og:url'), `${run.platform.url}/defenders/${OPEN}`)
      assert.equal(
        await metaContent(page, 'og:image'),
        `${run.platform.url}/static/cards/defender-en.png`,
      )
    })
  })
})

// The photo the editor uploads is a real PNG (the share card itself).
assert.equal(readFileSync(PHOTO).subarray(1, 4).toString(), 'PNG')
