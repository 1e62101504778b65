/**
 * The widget on a partner's page, in a real browser: the host page is served from another
 * site (`localhost`, the platform is `127.0.0.1`), embeds the campaign with the public snippet,
 * and a person signs inside the iframe. Also: a campaign's partner allow-list is enforced.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core'
import { type Platform, startPlatform } from '../../scripts/lib/harness.ts'
import { type PartnerServer, servePartnerPage } from '../../scripts/lib/partner-page.ts'
import { type AxeViolation, describeViolations, launchBrowser } from './browser.ts'

const SLUG = 'azimzhan-askarov'
/** The loader's height before the widget reports its own. */
const INITIAL_HEIGHT = 640

let platform: Platform
let browser: Browser
const partners: PartnerServer[] = []

before(async () => {
  ;[platform, browser] = await Promise.all([startPlatform(), launchBrowser()])
})

after(async () => {
  await Promise.all(partners.map((p) => p.close()))
  await browser?.close()
  await platform?.dispose()
})

/** A partner page for `slug` on `http://localhost:<free port>`: another site than the platform. */
async function partnerFor(slug: string): Promise<PartnerServer> {
  const partner = await servePartnerPage({
    platform: platform.url,
    slug,
    host: '127.0.0.1',
    publicHost: 'localhost',
  })
  partners.push(partner)
  return partner
}

async function withContext<T>(fn: (context: BrowserContext, page: Page) => Promise<T>) {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1024, height: 800 },
  })
  try {
    return await fn(context, await context.newPage())
  } finally {
    await context.close()
  }
}

let axeSource: string | undefined

/**
 * axe-core in one frame. The widget's CSP forbids inline scripts, so the source is evaluated
 * through the DevTools protocol (not subject to the page's CSP) rather than added as a tag:
 * the widget is checked with its real headers, with nothing bypassed.
 */
async function frameViolations(frame: Frame): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await frame.evaluate(axeSource)
  const violations = (await frame.evaluate(
    'axe.run(document).then((r) => r.violations)',
  )) as AxeViolation[]
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** The iframe's rendered height on the host page. */
function frameHeight(page: Page): Promise<number> {
  return page.evaluate(
    "Math.round(document.querySelector('iframe').getBoundingClientRect().height)",
  ) as Promise<number>
}

/** The widget document's own height, measured inside the frame. */
function contentHeight(frame: Frame): Promise<number> {
  return frame.evaluate(
    'Math.ceil(document.documentElement.getBoundingClientRect().height)',
  ) as Promise<number>
}

/** Waits until the iframe is as tall as its content (within a pixel), and returns the height. */
async function settledHeight(page: Page, frame: Frame): Promise<number> {
  let last = { frame: 0, content: 0 }
  for (let i = 0; i < 100; i++) {
    last = { frame: await frameHeight(page), content: await contentHeight(frame) }
    if (last.frame !== INITIAL_HEIGHT && Math.abs(last.frame - last.content) <= 1) return last.frame
    await new Promise((r) => setTimeout(r, 50))
  }
  assert.fail(`the iframe never took its content's height: ${JSON.stringify(last)}`)
}

/** The outbox for one address; mail leaves through the queue about a second after the answer. */
async function outboxFor(email: string) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${platform.url}/dev/outbox?to=${encodeURIComponent(email)}`)
    const { mails } = (await res.json()) as { mails: { subject: string; links: string[] }[] }
    if (mails.length) return mails
    await new Promise((r) => setTimeout(r, 100))
  }
  return []
}

test('a person signs in the widget on a partner page of another site', async () => {
  const partner = await partnerFor(SLUG)
  const hostOrigin = new URL(partner.url).origin
  const platformOrigin = new URL(platform.url).origin
  assert.notEqual(new URL(hostOrigin).hostname, new URL(platformOrigin).hostname)

  await withContext(async (context, page) => {
    const requests: string[] = []
    const errors: string[] = []
    // On the context: requests of the host page and of every frame in it.
    context.on('request', (r) => {
      requests.push(r.url())
    })
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => {
      errors.push(String(e))
    })

    const res = await page.goto(partner.url)
    assert.equal(res?.status(), 200)
    const iframe = page.locator(`iframe[src^="${platformOrigin}/embed/${SLUG}"]`)
    await iframe.waitFor()
    assert.equal(await iframe.getAttribute('loading'), 'lazy')
    assert.ok((await iframe.getAttribute('title'))?.includes('Sign the campaign'))
    // Inserted right after the snippet's script tag.
    assert.equal(
      await page.evaluate(
        "document.querySelector('script[data-campaign]').nextElementSibling.tagName",
      ),
      'IFRAME',
    )
    const frame = await (await iframe.elementHandle())?.contentFrame()
    assert.ok(frame, 'the iframe has a frame')
    await frame.locator('#w-campaign').waitFor()
    assert.equal(
      (await frame.locator('#w-campaign').textContent())?.trim(),
      'Justice for Azimzhan Askarov',
    )

    // The loader started at 640px; the widget's height message resized the frame to its content.
    const formHeight = await settledHeight(page, frame)
    assert.ok(formHeight > 100, `form height ${formHeight}`)

    const violations = await frameViolations(frame)
    assert.deepEqual(violations, [], describeViolations(violations))

    const email = `widget.${Date.now()}@example.org`
    await frame.getByLabel('Your name', { exact: true }).fill('Sähra Baýramowa')
    await frame.getByLabel('Email', { exact: true }).fill(email)
    await frame.getByLabel('Country', { exact: true }).selectOption('TM')
    await frame.getByLabel(/I agree that .* stores my signature/).check()
    await frame.getByRole('button', { name: 'Sign', exact: true }).click()
    // The thank-you state answers the form's POST (the widget sets no cookie): it names the
    // address masked, shares, and offers to send the mail again once the wait is over.
    await frame.getByRole('heading', { name: 'Thank you — one more step' }).waitFor()
    assert.match(frame.url(), /\/embed\/azimzhan-askarov\/sign\?lang=en$/)
    const masked = `w•••${email.split('@')[0]!.at(-1)}@e•••e.org`
    assert.match((await frame.locator('.lead').textContent()) ?? '', new RegExp(masked))
    assert.equal(await frame.locator('form.sign-form').count(), 0)
    assert.equal(await frame.locator('form.resend button[disabled]').count(), 1)
    assert.ok(await frame.locator('.share a[href^="https://t.me/"]').isVisible())

    // The thank-you state is shorter than the form: the frame follows it.
    const thanksHeight = await settledHeight(page, frame)
    assert.ok(thanksHeight < formHeight, `thanks ${thanksHeight} < form ${formHeight}`)
    // The host page was never navigated.
    assert.equal(page.url(), `${partner.url}/`)

    const mails = await outboxFor(email)
    assert.equal(mails.length, 1, 'one confirmation mail in the outbox')
    assert.ok(mails[0]?.links.some((l) => new URL(l).pathname.startsWith('/confirm/')))

    const network = requests.filter((u) => !/^(data|blob|about):/.test(u))
    const origins = new Set(network.map((u) => new URL(u).origin))
    assert.deepEqual([...origins].sort(), [hostOrigin, platformOrigin].sort())
    assert.deepEqual(errors, [])
  })
})

test("a campaign with a partner allow-list is not framed on any other site's page", async () => {
  const refused = 'farid-tukhbatullin'
  const allowedHere = 'surat-ikramov'
  const partnerRefused = await partnerFor(refused)
  const partnerAllowed = await partnerFor(allowedHere)
  const setOrigins = (slug: string, origins: string[]) =>
    platform.db
      .prepare('update campaigns set allowed_origins = ? where slug = ?')
      .bind(JSON.stringify(origins), slug)
      .run()
  await setOrigins(refused, ['https://partner.example'])
  await setOrigins(allowedHere, ['https://partner.example', new URL(partnerAllowed.url).origin])
  try {
    await withContext(async (_context, page) => {
      const console: string[] = []
      page.on('console', (m) => {
        console.push(m.text())
      })
      const widgetResponse = page.waitForResponse((r) => r.url().includes(`/embed/${refused}`))
      const refusal = page.waitForEvent('console', {
        predicate: (m) => m.text().includes('frame-ancestors'),
        timeout: 10_000,
      })
      await page.goto(partnerRefused.url)
      const res = await widgetResponse
      const csp = (await res.allHeaders())['content-security-policy'] ?? ''
      assert.match(csp, /frame-ancestors https:\/\/partner\.example(;|$)/)
      await refusal
      assert.ok(
        console.some((m) => m.includes('frame-ancestors https://partner.example')),
        console.join('\n'),
      )
      // The iframe is there, but the browser did not render the widget in it.
      await page.locator('iframe').waitFor()
      for (const frame of page.frames()) {
        assert.equal(await frame.locator('#w-campaign').count(), 0, frame.url())
      }
    })

    // The same allow-list with this partner's origin in it: the widget renders.
    await withContext(async (_context, page) => {
      await page.goto(partnerAllowed.url)
      const frame = page.frameLocator('iframe')
      await frame.locator('#w-campaign').waitFor()
    })
  } finally {
    await setOrigins(refused, [])
    await setOrigins(allowedHere, [])
  }
})
