/**
 * Russian that reads as written by a person (issue 16, item 6): one full stop after a date,
 * the countries' own names, names in the nominative, and English dates in British style.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { catalogue } from '../src/i18n/index.ts'
import { recipientName } from '../src/i18n/recipient.ts'
import { officeInRussian } from '../src/i18n/ru-offices.ts'
import { countryName } from '../src/lib/countries.ts'
import { formatDate, translator } from '../src/lib/i18n.ts'
import { forgetCampaign } from '../src/middleware/page-cache/index.ts'
import { fetchWorker, ORIGIN } from './helpers.ts'

const SLUG = 'azimzhan-askarov'

async function page(path: string): Promise<string> {
  const res = await fetchWorker(path)
  expect(res.status, path).toBe(200)
  return res.text()
}

/** The page's text, tags dropped, whitespace collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

describe('dates end a sentence once', () => {
  it('the source line of a Russian campaign page: "10 декабря 2010 г.", not "г.."', async () => {
    const html = await page(`/campaigns/${SLUG}?lang=ru`)
    const source = /<section[^>]*class="provenance"[^>]*>(.*?)<\/section>/s.exec(html)?.[1] ?? ''
    expect(textOf(source)).toContain('10 декабря 2010 г.')
    expect(html).not.toMatch(/г\.\./)
  })

  it('any text with a date before its full stop', () => {
    const t = translator('ru')
    expect(t('privacyVersion', { version: 2, date: formatDate('ru', '2026-03-01') })).toBe(
      'Версия 2, опубликована 1 марта 2026 г.',
    )
    expect(t('privacyVersion', { version: 2, date: 'вчера' })).toBe('Версия 2, опубликована вчера.')
  })

  it('English dates stay British: "10 December 2010"', async () => {
    const html = await page(`/campaigns/${SLUG}?lang=en`)
    expect(html).toContain('10 December 2010.')
    expect(html).not.toContain('December 10, 2010')
  })
})

describe('countries by their own names', () => {
  it('Russian pages say Кыргызстан, Беларусь, Молдова, in the facts and in the country list', async () => {
    const html = await page(`/campaigns/${SLUG}?lang=ru`)
    expect(html).not.toContain('Киргизия')
    expect(html).toMatch(/<dd>Кыргызстан<\/dd>/)
    const select = /<select[^>]*name="country"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? ''
    expect(select).toContain('<option value=KG>Кыргызстан<')
    expect(select).toContain('<option value=BY>Беларусь<')
    expect(select).toContain('<option value=MD>Молдова<')
    // Sorted where a reader looks for it: after Кувейт, before Лаос.
    const order = [...select.matchAll(/<option value=([A-Z]{2})>/g)].map((m) => m[1])
    expect(order.indexOf('KG')).toBeGreaterThan(order.indexOf('KW'))
    expect(order.indexOf('KG')).toBeLessThan(order.indexOf('LA'))
  })

  it('the region as its states name themselves in Russian', () => {
    expect(
      ['KG', 'KZ', 'TJ', 'TM', 'UZ', 'BY', 'MD'].map((code) => countryName('ru', code)),
    ).toEqual([
      'Кыргызстан',
      'Казахстан',
      'Таджикистан',
      'Туркменистан',
      'Узбекистан',
      'Беларусь',
      'Молдова',
    ])
    expect(countryName('en', 'KG')).toBe('Kyrgyzstan')
  })
})

describe('counts take the plural form their number asks for', () => {
  it('"из" takes the genitive: из 1 подписи, из 21 подписи, из 10 000 подписей', () => {
    const of = (count: number, goal: number) =>
      catalogue('ru').signaturesOf({ count: String(count), goal, goalText: String(goal) })
    expect(of(0, 1)).toBe('0 из 1 подписи')
    expect(of(3, 21)).toBe('3 из 21 подписи')
    expect(of(3, 22)).toBe('3 из 22 подписей')
    expect(of(3, 10000)).toBe('3 из 10000 подписей')
    expect(catalogue('en').signaturesOf({ count: '0', goal: 1, goalText: '1' })).toBe(
      '0 of 1 signature',
    )
  })
})

describe('names stay in the nominative', () => {
  it('the defender page does not put a name where Russian wants the genitive', async () => {
    const html = await page(`/defenders/${SLUG}?lang=ru`)
    const heading = /<h2>([^<]*)<\/h2>/.exec(html)?.[1] ?? ''
    expect(heading).toBe('Кампании солидарности: Азимжан Аскаров')
    expect(html).not.toContain('в поддержку: ')
  })
})

describe('a delivery recipient on the Russian page', () => {
  const UZ = 'surat-ikramov'

  async function deliver(recipient: string, count: number) {
    await env.DB.prepare(
      `insert into deliveries (campaign_id, delivered_on, recipient, count, digest)
       select id, '2026-11-20', ?, ?, ? from campaigns where slug = ?`,
    )
      .bind(recipient, count, 'ab'.repeat(32), UZ)
      .run()
    await forgetCampaign(ORIGIN, UZ)
  }

  function delivered(html: string): string[] {
    return [...html.matchAll(/<p class="delivered">(.*?)<\/p>/gs)].map((m) => textOf(m[1] ?? ''))
  }

  it('is named in Russian: the stored name of the addressee, else the office rendered', async () => {
    await deliver('The authorities of Uzbekistan', 1)
    await deliver('Embassy of the Republic of Uzbekistan, Brussels', 22)
    await deliver('Permanent Mission of Uzbekistan to the UN in Geneva', 5)
    const ru = delivered(await page(`/campaigns/${UZ}?lang=ru`))
    expect(ru).toEqual(
      expect.arrayContaining([
        'Передано 20 ноября 2026 г.: Власти Узбекистана (1 подпись)',
        'Передано 20 ноября 2026 г.: Посольство Республики Узбекистан, Брюссель (22 подписи)',
        'Передано 20 ноября 2026 г.: Постоянное представительство Узбекистана при ООН в Женеве (5 подписей)',
      ]),
    )
    const en = delivered(await page(`/campaigns/${UZ}?lang=en`))
    expect(en).toContain(
      'Delivered to Embassy of the Republic of Uzbekistan, Brussels on 20 November 2026 (22)',
    )
  })

  it('an office it cannot render is shown as typed, marked as English for screen readers', async () => {
    await deliver('Office of Mr Smith', 3)
    const html = await page(`/campaigns/${UZ}?lang=ru`)
    expect(html).toContain('<span lang="en">Office of Mr Smith</span>')
  })

  it('renders only names made wholly of known parts', () => {
    expect(officeInRussian('Kyrgyz authorities')).toBe('Власти Кыргызстана')
    expect(officeInRussian('OSCE ODIHR, Warsaw')).toBe('БДИПЧ ОБСЕ, Варшава')
    expect(officeInRussian('Embassy of Kyrgyzstan in Brussels')).toBe(
      'Посольство Кыргызстана в Брюсселе',
    )
    expect(officeInRussian("Prosecutor General's Office of Tajikistan")).toBe(
      'Генеральная прокуратура Таджикистана',
    )
    expect(officeInRussian('Embassy of Kyrgyzstan, Ghent')).toBeUndefined()
    expect(officeInRussian('Embassy of Narnia')).toBeUndefined()
    expect(recipientName('en', 'Власти Кыргызстана', [])).toEqual({
      name: 'Власти Кыргызстана',
      lang: 'ru',
    })
  })
})
