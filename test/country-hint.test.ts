import { describe, expect, it } from 'vitest'
import {
  countryHint,
  regionOfAcceptLanguage,
  suggestCountry,
} from '../src/middleware/country-hint/index.ts'

describe('the region of Accept-Language', () => {
  it.each([
    ['ru-KZ', 'KZ'],
    ['ru-KZ,ru;q=0.9,en;q=0.8', 'KZ'],
    ['ru,en-GB;q=0.8', 'GB'],
    ['en;q=0.5,uz-Latn-UZ', 'UZ'],
    ['zh-Hant-TW', 'TW'],
    ['ru', undefined],
    ['es-419', undefined],
    ['en-XX', undefined],
    ['', undefined],
  ])('%s → %s', (header, region) => {
    expect(regionOfAcceptLanguage(header)).toBe(region)
  })
})

const request = (
  headers: Record<string, string>,
  cf?: { country?: string },
  path = '/campaigns/x',
) =>
  // workerd's Request takes `cf` in its init, as a request from Cloudflare's edge has it.
  new Request(`https://example.org${path}`, { headers, cf } as RequestInit)

describe('the suggested country', () => {
  it('is where Cloudflare sees the request, else the region of the language', () => {
    expect(countryHint(request({ 'accept-language': 'ru-KZ' }, { country: 'KG' }))).toBe('KG')
    expect(countryHint(request({ 'accept-language': 'ru-KZ' }, { country: 'T1' }))).toBe('KZ')
    expect(countryHint(request({ 'accept-language': 'ru-KZ' }, { country: 'XX' }))).toBe('KZ')
    expect(countryHint(request({ 'accept-language': 'ru' }))).toBeUndefined()
  })

  const page = new TextEncoder().encode(
    '<select id="msg-country"><option value=KZ>Kazakhstan</select>' +
      '<select id="sign-country"><option value="">Choose<option value=KG>Kyrgyzstan<option value=KZ>Kazakhstan</select>',
  ).buffer as ArrayBuffer
  const text = (v: { body: ArrayBuffer } | undefined) =>
    v ? new TextDecoder().decode(v.body) : undefined

  it("marks the sign form's option only, on campaign pages only, and remembers the result", () => {
    const kz = request({ 'accept-language': 'ru-KZ' })
    const marked = suggestCountry(kz, page)
    expect(text(marked)).toContain('<option value=KZ selected>Kazakhstan</select>')
    expect(text(marked)).toContain('<select id="msg-country"><option value=KZ>Kazakhstan')
    expect(suggestCountry(kz, page)).toBe(marked)
    expect(suggestCountry(request({ 'accept-language': 'ru-KZ' }, {}, '/'), page)).toBeUndefined()
    expect(
      suggestCountry(request({ 'accept-language': 'ru-KZ' }, {}, '/campaigns/x/sign'), page),
    ).toBeUndefined()
    expect(suggestCountry(request({ 'accept-language': 'en-FR' }), page)).toBeUndefined()
  })
})
