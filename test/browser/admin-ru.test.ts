/**
 * The admin in Russian on a phone (375×740): a browser asking for Russian gets every admin page
 * in Russian (`<html lang="ru">`), wider words and all, with no horizontal scroll and no serious
 * or critical axe violation; the header's language switch goes back to English and stays there.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assertNoSeriousViolations, PHONE, signInWithAdminToken, withNewPage } from './browser.ts'
import { platformAndBrowser } from './platform.ts'

const SLUG = 'azimzhan-askarov'
const run = platformAndBrowser()

const PAGES: [path: string, heading: string][] = [
  ['/admin', 'Обзор'],
  ['/admin/campaigns', 'Кампании'],
  // The editor's heading is the campaign's English title: content, not the admin's text.
  [`/admin/campaigns/${SLUG}`, 'Askarov'],
  [`/admin/campaigns/${SLUG}/partners`, 'Партнёры кампании'],
  [`/admin/campaigns/${SLUG}/invalidations`, 'Аннулирование'],
  [`/admin/campaigns/${SLUG}/delivery`, 'Справедливость для Азимжана Аскарова'],
  ['/admin/import', 'Импорт релиза'],
  ['/admin/review', 'Проверка'],
  ['/admin/blocklist', 'Список блокировки'],
  ['/admin/people', 'Люди организации'],
  ['/admin/tokens', 'Токены API'],
  ['/admin/organisations', 'Организации'],
  ['/admin/audit', 'Журнал действий'],
]

test('every admin page in Russian fits a 375 px phone and passes axe', async () => {
  await withNewPage(run.browser, { ...PHONE, locale: 'ru-RU', bypassCSP: true }, async (page) => {
    await signInWithAdminToken(page, run.platform)
    for (const [path, heading] of PAGES) {
      const res = await page.goto(`${run.platform.url}${path}`)
      assert.equal(res?.status(), 200, path)
      assert.equal(await page.getAttribute('html', 'lang'), 'ru', path)
      assert.match((await page.textContent('h1')) ?? '', new RegExp(heading), path)
      const [scroll, client] = (await page.evaluate(
        '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
      )) as [number, number]
      assert.ok(scroll <= client, `${path}: ${scroll} px wide in a ${client} px window`)
      await assertNoSeriousViolations(page, `${path} in Russian on a phone`)
    }
  })
})

test('the language switch in the admin header turns a Russian admin English, and it stays so', async () => {
  await withNewPage(run.browser, { ...PHONE, locale: 'ru-RU', bypassCSP: true }, async (page) => {
    await signInWithAdminToken(page, run.platform)
    await page.goto(`${run.platform.url}/admin/campaigns`)
    assert.equal(await page.textContent('h1'), 'Кампании')
    await Promise.all([
      page.waitForURL(/\/admin\/campaigns\?lang=en$/),
      page.click('header .lang-switch a[lang="en"]'),
    ])
    assert.equal(await page.getAttribute('html', 'lang'), 'en')
    assert.equal(await page.textContent('h1'), 'Campaigns')
    // The choice is remembered over the browser's Russian.
    await page.goto(`${run.platform.url}/admin/people`)
    assert.equal(await page.getAttribute('html', 'lang'), 'en')
    assert.ok(await page.isVisible('button:has-text("Invite")'))
  })
})
