import { describe, expect, it } from 'vitest'
import { COUNTRY_CODES } from '../src/lib/countries.ts'
import { fetchWorker, SEEDED_SLUGS } from './helpers.ts'

describe('home page', () => {
  it('lists the five open campaigns with defender, country, target and count', async () => {
    const res = await fetchWorker('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = await res.text()
    for (const slug of SEEDED_SLUGS) expect(html).toContain(`href="/campaigns/${slug}"`)
    expect(html).toContain('Azimzhan Askarov')
    expect(html).toContain('Kyrgyzstan')
    expect(html).toContain('The authorities of Turkmenistan')
    expect(html).toMatch(/0 of 10,000 signatures/)
    expect(html).toContain('<html lang="en">')
    // Standards mode, not quirks.
    expect(html.startsWith('<!doctype html>')).toBe(true)
  })
})

describe('campaign page', () => {
  it('offers every country once in each form, names escaped, in the page language', async () => {
    for (const [lang, name] of [
      ['en', 'Kyrgyzstan'],
      ['ru', 'Кыргызстан'],
    ] as const) {
      const html = await (await fetchWorker(`/campaigns/azimzhan-askarov?lang=${lang}`)).text()
      const selects = [...html.matchAll(/<select[^>]*name="country"[^>]*>(.*?)<\/select>/gs)]
      expect(selects).toHaveLength(2)
      for (const [, options = ''] of selects) {
        const codes = [...options.matchAll(/<option value=([A-Z]{2})>/g)].map((m) => m[1])
        expect(codes).toHaveLength(COUNTRY_CODES.length)
        expect(new Set(codes)).toEqual(new Set(COUNTRY_CODES))
        expect(options).toContain(`<option value=KG>${name}`)
        expect(options).not.toContain(' selected')
      }
    }
    const en = await (await fetchWorker('/campaigns/azimzhan-askarov')).text()
    expect(en).toContain('<option value=BA>Bosnia &amp; Herzegovina')
  })

  it('shows story, asks, target, goal, progress, provenance, sign form and share links', async () => {
    const res = await fetchWorker('/campaigns/azimzhan-askarov')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<h1 id="campaign-title">Justice for Azimzhan Askarov</h1>')
    expect(html).toContain('The authorities of Kyrgyzstan')
    expect(html).toContain('aria-valuemax="10000" aria-valuenow="0"')
    expect(html).toContain('International Partnership for Human Rights (IPHR)')
    expect(html).toContain('10 December 2010')
    expect(html).toContain('In November, an appeal court upheld a life sentence against Askarov')
    for (const field of [
      'name',
      'email',
      'country',
      'city',
      'comment',
      'showName',
      'nameInDelivery',
      'keepInformed',
      'consent',
    ]) {
      expect(html).toContain(`name="${field}"`)
      expect(html).toMatch(new RegExp(`<label for="sign-${field}">`))
    }
    expect(html).toContain('action="/campaigns/azimzhan-askarov/sign"')
    expect(html).toContain(
      'https://t.me/share/url?url=http%3A%2F%2Flocalhost%3A8787%2Fcampaigns%2Fazimzhan-askarov',
    )
    // Nothing on the page loads from a third party: only same-origin scripts, styles and images.
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)="https?:\/\//)
  })

  it('links the defender page, which lists their campaigns', async () => {
    const res = await fetchWorker('/defenders/farid-tukhbatullin')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<h1>Farid Tukhbatullin</h1>')
    expect(html).toContain('Turkmenistan')
    expect(html).toContain('href="/campaigns/farid-tukhbatullin"')
  })

  it('answers unknown slugs with a real 404 page', async () => {
    for (const path of ['/campaigns/no-such-campaign', '/defenders/nobody', '/nothing/here']) {
      const res = await fetchWorker(path)
      expect(res.status, path).toBe(404)
      const html = await res.text()
      expect(html).toContain('Page not found')
      expect(html).toContain('<main id="main"')
    }
  })

  it('escapes nothing it should not and keeps the Russian text exact', async () => {
    const html = await (await fetchWorker('/campaigns/azimzhan-askarov?lang=ru')).text()
    expect(html).toContain('Справедливость для Азимжана Аскарова')
    expect(html).toContain('<html lang="ru">')
    expect(html).toContain('Кыргызстан')
    expect(html).toContain('Подписать')
  })
})

describe('language negotiation', () => {
  it('uses ?lang= first and remembers it in a cookie', async () => {
    const res = await fetchWorker('/?lang=ru', { headers: { 'accept-language': 'en' } })
    expect(await res.text()).toContain('<html lang="ru">')
    expect(res.headers.get('set-cookie')).toMatch(/lang=ru;.*Path=\//)
  })

  it('uses the cookie before Accept-Language', async () => {
    const res = await fetchWorker('/', {
      headers: { cookie: 'lang=ru', 'accept-language': 'en-GB,en;q=0.9' },
    })
    expect(await res.text()).toContain('Открытые кампании')
  })

  it('uses Accept-Language with q-values, then English', async () => {
    const ru = await fetchWorker('/', {
      headers: { 'accept-language': 'de;q=1, ru-RU;q=0.8, en;q=0.5' },
    })
    expect(await ru.text()).toContain('<html lang="ru">')
    const de = await fetchWorker('/', { headers: { 'accept-language': 'de, fr;q=0.8' } })
    expect(await de.text()).toContain('<html lang="en">')
  })

  it('ignores unsupported ?lang= values', async () => {
    const res = await fetchWorker('/?lang=xx', { headers: { 'accept-language': 'ru' } })
    expect(await res.text()).toContain('<html lang="ru">')
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('offers a language switch on every page that keeps the path', async () => {
    for (const path of ['/', '/campaigns/surat-ikramov', '/defenders/surat-ikramov', '/missing']) {
      const html = await (await fetchWorker(path)).text()
      const pathOnly = path
      expect(html, path).toContain(`href="${pathOnly}?lang=ru"`)
      expect(html, path).toMatch(/<span aria-current="true" lang="en">English<\/span>/)
    }
  })
})
