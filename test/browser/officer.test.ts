/**
 * An officer's journeys on a phone (375×740, touch) and a desktop (1280×800): an admin that
 * fits the screen and lines up, a favicon, a delivery pack to hand to an ambassador (no
 * developer text, a QR code that scans to the verification page), and `/verify`, where anyone
 * checks the pack or the delivery list and its proof in the browser, in English and Russian.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { decodeQR } from 'qr/decode.js'
import { type Platform, startPlatform } from '../../scripts/lib/harness.ts'
import {
  assertNoSeriousViolations,
  DESKTOP,
  DEVICES,
  launchBrowser,
  PHONE,
  signInWithAdminToken,
  withNewPage,
} from './browser.ts'

const SLUG = 'azimzhan-askarov'
const LANGS = ['en', 'ru'] as const
const NAMED = 'Ғалымжан Әбілқайыров'

let platform: Platform
let browser: Browser
const dir = mkdtempSync(join(tmpdir(), 'standwith-officer-'))

/** Signs and confirms through the public form, each signer from their own address. */
async function confirmedSignature(i: number, country: string, named = false) {
  const email = `officer${i}.${Math.random().toString(36).slice(2, 8)}@example.org`
  const body = new URLSearchParams({ name: named ? NAMED : `Signer ${i}`, email, country })
  body.set('consent', 'yes')
  if (named) body.set('nameInDelivery', 'yes')
  const res = await fetch(`${platform.url}/campaigns/${SLUG}/sign`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { 'CF-Connecting-IP': `203.0.113.${10 + i}` },
  })
  assert.equal(res.status, 303)
  for (let tries = 0; tries < 60; tries++) {
    const out = await fetch(`${platform.url}/dev/outbox?to=${encodeURIComponent(email)}`)
    const { mails } = (await out.json()) as { mails: { links: string[] }[] }
    const link = mails[0]?.links[0]
    if (link) {
      assert.equal((await fetch(link, { method: 'POST' })).status, 200)
      return
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  assert.fail('no confirmation mail')
}

before(async () => {
  ;[platform, browser] = await Promise.all([startPlatform(), launchBrowser()])
  // Six in Kazakhstan, two in Kyrgyzstan (a small cell), one named signer among them.
  const countries = ['KZ', 'KZ', 'KZ', 'KZ', 'KZ', 'KZ', 'KG', 'KG']
  for (const [i, country] of countries.entries()) await confirmedSignature(i, country, i === 0)
})

after(async () => {
  await browser?.close()
  await platform?.dispose()
})

/** A page of a logged-in organiser's context (the session cookie from the login form). */
function withAdmin<T>(options: BrowserContextOptions, fn: (page: Page) => Promise<T>) {
  return withNewPage(browser, { locale: 'en-GB', bypassCSP: true, ...options }, async (page) => {
    await signInWithAdminToken(page, platform)
    return fn(page)
  })
}

async function assertNoHorizontalScroll(page: Page, where: string) {
  const [scroll, client] = (await page.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as [number, number]
  assert.ok(scroll <= client, `${where}: ${scroll} px wide in a ${client} px window`)
}

describe('the admin looks finished', () => {
  for (const [device, options] of Object.entries(DEVICES)) {
    test(`dashboard, ${device}`, async () => {
      await withAdmin(options, async (page) => {
        await page.goto(`${platform.url}/admin`)
        await assertNoHorizontalScroll(page, 'dashboard')
        const total = page.locator('[data-figure="total-confirmed"]')
        assert.equal((await total.textContent())?.trim(), '8', 'a total across campaigns')
        // The header's content starts where the page's does.
        const brand = await page.locator('.site-header .brand').boundingBox()
        const h1 = await page.locator('main h1').boundingBox()
        assert.ok(brand && h1 && Math.abs(brand.x - h1.x) <= 1, `${brand?.x} vs ${h1?.x}`)
        // The cards use the width: a group's card spans its section.
        const card = await page.locator('.stat-card').first().boundingBox()
        const section = await page.locator('.defender-group').first().boundingBox()
        assert.ok(card && section && card.width >= section.width - 1, 'the card fills its row')
        await assertNoSeriousViolations(page, `dashboard, ${device}`)
      })
    })
  }

  test('no admin page scrolls sideways on a phone', async () => {
    await withAdmin(PHONE, async (page) => {
      for (const path of [
        '/admin/campaigns',
        `/admin/campaigns/${SLUG}`,
        '/admin/import',
        '/admin/review',
        '/admin/blocklist',
        '/admin/audit',
        '/admin/people',
        '/admin/tokens',
        '/admin/organisations',
        '/admin/organisations/demo-partner',
        `/admin/campaigns/${SLUG}/partners`,
      ]) {
        await page.goto(`${platform.url}${path}`)
        await assertNoHorizontalScroll(page, path)
        await assertNoSeriousViolations(page, path)
      }
    })
  })

  test('every layout links a favicon that is served', async () => {
    await withAdmin(DESKTOP, async (page) => {
      for (const path of [
        '/',
        `/campaigns/${SLUG}`,
        '/admin',
        `/admin/campaigns/${SLUG}/delivery`,
      ]) {
        await page.goto(`${platform.url}${path}`)
        const hrefs = await page.locator('link[rel="icon"]').evaluateAll(
          // An expression over the elements: the project's types have no DOM.
          (links) => links.map((l) => (l as unknown as { href: string }).href),
        )
        assert.ok(hrefs.length >= 1, `${path} links an icon`)
        for (const href of hrefs) {
          const res = await page.request.get(href)
          assert.equal(res.status(), 200, href)
          assert.match(res.headers()['content-type'] ?? '', /^image\//)
        }
      }
      const ico = await page.request.get(`${platform.url}/favicon.ico`)
      assert.equal(ico.status(), 200)
    })
  })
})

describe('a delivery pack to hand to an ambassador', () => {
  for (const [device, options] of Object.entries(DEVICES)) {
    for (const lang of LANGS) {
      test(`${device}, ${lang}, on screen and as printed`, async () => {
        await withAdmin(options, async (page) => {
          await page.goto(`${platform.url}/admin/campaigns/${SLUG}/delivery?lang=${lang}`)
          const text = (await page.locator('main').textContent()) ?? ''
          assert.doesNotMatch(text, /npm run|--key|\.well-known/, 'no developer text')
          assert.match(
            text,
            lang === 'en' ? /Produced on (\d{1,2} \w+|\w+ \d{1,2},) \d{4}/ : /Подготовлено \d/,
          )
          assert.match(text, new RegExp(`${new URL(platform.url).host}/verify`), 'short URL')
          assert.ok(text.includes(NAMED), 'the named signer')
          // The country table, largest first, the small cell as "<5"; the total would give the
          // small cell away, so the other country is shown as "≥5" (complementary suppression).
          const rows = await page
            .locator('section[aria-labelledby="by-country"] tbody tr')
            .allTextContents()
          assert.equal(rows.length, 2)
          assert.match(rows[0]!, /(Kazakhstan|Казахстан)≥5$/)
          assert.match(rows[1]!, /(Kyrgyzstan|Киргизия|Кыргызстан)<5$/)
          await assertNoHorizontalScroll(page, 'pack')
          await assertNoSeriousViolations(page, `pack, ${device}, ${lang}`)

          await page.emulateMedia({ media: 'print' })
          assert.equal(await page.locator('.pack-nav').isVisible(), false, 'no navigation')
          assert.ok(await page.locator('svg.qr').isVisible(), 'the QR code prints')
          await assertNoSeriousViolations(page, `pack as printed, ${device}, ${lang}`)
          await page.emulateMedia({ media: 'screen' })
        })
      })
    }
  }

  test('the QR code scans to the verification page', async () => {
    await withAdmin(DESKTOP, async (page) => {
      await page.goto(`${platform.url}/admin/campaigns/${SLUG}/delivery`)
      // Draw the SVG as the printer would (on white, 4 px a module) and read the pixels back.
      const image = (await page.evaluate(`(async () => {
        const svg = document.querySelector('svg.qr')
        const size = svg.viewBox.baseVal.width * 4
        const clone = svg.cloneNode(true)
        clone.setAttribute('width', size)
        clone.setAttribute('height', size)
        const img = new Image()
        img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(clone.outerHTML)
        await img.decode()
        const canvas = document.createElement('canvas')
        canvas.width = canvas.height = size
        const ctx = canvas.getContext('2d')
        ctx.fillStyle = '#fff'
        ctx.fillRect(0, 0, size, size)
        ctx.drawImage(img, 0, 0, size, size)
        return { width: size, height: size, data: Array.from(ctx.getImageData(0, 0, size, size).data) }
      })()`)) as { width: number; height: number; data: number[] }
      const decoded = decodeQR({ ...image, data: new Uint8Array(image.data) })
      assert.equal(decoded, `${platform.url}/verify`)
    })
  })
})

describe('/verify checks a pack or a list in the browser, in words anyone understands', () => {
  let packFile = ''
  let tamperedFile = ''
  /** Files that read differently from what was signed, though their digest still matches. */
  const rereadFiles: Record<string, string> = {}
  let csvFile = ''
  let sigFile = ''

  before(async () => {
    await withAdmin(DESKTOP, async (page) => {
      const pack = await page.request.get(
        `${platform.url}/api/v1/admin/campaigns/${SLUG}/delivery.json`,
      )
      assert.equal(pack.status(), 200)
      const text = await pack.text()
      packFile = join(dir, 'pack.json')
      writeFileSync(packFile, text)
      tamperedFile = join(dir, 'tampered.json')
      writeFileSync(tamperedFile, text.replace('"confirmed":8', '"confirmed":80'))
      assert.notEqual(text, text.replace('"confirmed":8', '"confirmed":80'))
      // A reader (or a viewer keeping the first of two keys) sees 999999; JSON.parse keeps the
      // last, so a lenient check recomputes the signed digest and calls it genuine.
      const rereads = {
        'a duplicated key': text.replace('"confirmed":8', '"confirmed":999999,"confirmed":8'),
        'a pretty-printed file': JSON.stringify(JSON.parse(text), null, 2),
        'a reordered file': JSON.stringify(
          Object.fromEntries(Object.entries(JSON.parse(text) as object).reverse()),
        ),
        'an added field': text.replace(/^\{/, '{"addedBy":"someone else",'),
        // Outside the digest, in canonical order: only a strict reading of the proof sees it.
        'a field added to the proof': text.replace(
          '"proof":{"algorithm"',
          '"proof":{"addedBy":"someone else","algorithm"',
        ),
      }
      for (const [what, reread] of Object.entries(rereads)) {
        assert.notEqual(reread, text, what)
        rereadFiles[what] = join(dir, `${what.replaceAll(' ', '-')}.json`)
        writeFileSync(rereadFiles[what], reread)
      }

      const csv = await page.request.get(
        `${platform.url}/api/v1/admin/campaigns/${SLUG}/signatures.csv`,
      )
      const csvText = await csv.text()
      assert.match(csvText, /^\uFEFF?signed_on,confirmed_on,name,city,country,country_name,/)
      assert.match(csvText, /,KZ,Kazakhstan,/)
      csvFile = join(dir, 'signatures.csv')
      writeFileSync(csvFile, Buffer.from(await csv.body()))

      // The proof is a link on the pack page, not only a response header.
      await page.goto(`${platform.url}/admin/campaigns/${SLUG}/delivery`)
      const link = page.locator('.pack-nav a[href*="signatures.csv.sig"]')
      assert.equal(await link.count(), 1, 'the pack links the proof of the list')
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
      sigFile = join(dir, 'signatures.csv.sig')
      await download.saveAs(sigFile)
    })
  })

  const verdicts = {
    en: { ok: 'Genuine and unchanged', bad: 'Do not rely on this file' },
    ru: { ok: 'Подлинный и не изменён', bad: 'На этот файл нельзя полагаться' },
  }

  for (const [device, options] of Object.entries(DEVICES)) {
    for (const lang of LANGS) {
      test(`${device}, ${lang}`, async () => {
        const context = await browser.newContext({ bypassCSP: true, ...options })
        const page = await context.newPage()
        const uploads: string[] = []
        page.on('request', (r) => {
          if (r.method() !== 'GET') uploads.push(`${r.method()} ${r.url()}`)
        })
        try {
          await page.goto(`${platform.url}/verify?lang=${lang}`)
          await assertNoSeriousViolations(page, `/verify, ${device}, ${lang}`)
          await assertNoHorizontalScroll(page, '/verify')
          const check = async (file: string, proof?: string) => {
            await page.locator('#verify-file').setInputFiles(file)
            await page.locator('#verify-proof').setInputFiles(proof ? [proof] : [])
            await page.locator('#verify-form button[type="submit"]').click()
            await page.waitForSelector('#verify-result:not([hidden])')
            const result = (await page.locator('#verify-result h2').textContent()) ?? ''
            await page.evaluate("document.getElementById('verify-result').hidden = true")
            return result
          }
          assert.equal(await check(packFile), verdicts[lang].ok, 'the pack as produced')
          assert.equal(await check(tamperedFile), verdicts[lang].bad, 'one number changed')
          for (const [what, file] of Object.entries(rereadFiles)) {
            assert.equal(await check(file), verdicts[lang].bad, what)
          }
          assert.equal(await check(csvFile, sigFile), verdicts[lang].ok, 'the list and proof')
          assert.equal(await check(packFile, sigFile), verdicts[lang].bad, 'the wrong proof')
          await page.locator('#verify-file').setInputFiles(packFile)
          await page.locator('#verify-proof').setInputFiles([])
          await page.locator('#verify-form button[type="submit"]').click()
          await page.waitForSelector('#verify-result:not([hidden])')
          await assertNoSeriousViolations(page, `/verify with a result, ${device}, ${lang}`)
          assert.deepEqual(uploads, [], 'nothing is sent')
        } finally {
          await context.close()
        }
      })
    }
  }
})
