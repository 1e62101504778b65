/**
 * Launches Debian's Chromium for the browser tests and checks pages with axe-core; the devices,
 * contexts and admin sign-in the journeys share.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core'
import type { Platform } from '../../scripts/lib/harness.ts'

/** The only browser the tests use: Debian's package, never a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium'

export function hasChromium(): boolean {
  return existsSync(CHROMIUM)
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  })
}

/** A phone (375×740, touch) and a desktop (1280×800), the two devices the journeys run on. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 740 },
  hasTouch: true,
  isMobile: true,
}
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } }
export const DEVICES = { phone: PHONE, desktop: DESKTOP } as const

/** Runs `fn` on a page of a fresh context with `options`, and closes the context after. */
export async function withNewPage<T>(
  browser: Browser,
  options: BrowserContextOptions,
  fn: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext(options)
  try {
    return await fn(await context.newPage())
  } finally {
    await context.close()
  }
}

/** Signs in on the login form with ADMIN_TOKEN (the first owner) and waits for the dashboard. */
export async function signInWithAdminToken(page: Page, platform: Platform): Promise<void> {
  await page.goto(`${platform.url}/admin/login`)
  await page.locator('#admin-token').fill(platform.env.ADMIN_TOKEN!)
  await Promise.all([
    page.waitForURL(/\/admin$/),
    page.locator('form:has(#admin-token) button[type="submit"]').click(),
  ])
}

let axeSource: string | undefined

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  helpUrl: string
  nodes: { target: unknown[]; html: string; failureSummary?: string }[]
}

/**
 * Runs axe-core on the page and returns the serious and critical violations. The script is
 * injected inline from node_modules, so the check itself makes no network request.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
      .axe
    return (await axe.run()).violations
  })
  return (violations as AxeViolation[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  )
}

/** Fails with each violation listed when axe finds a serious or critical one on the page. */
export async function assertNoSeriousViolations(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page)
  assert.deepEqual(violations, [], `${where}\n${describeViolations(violations)}`)
}

/** One line per violation and offending element, for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')} ${n.html}`),
    )
    .join('\n')
}
