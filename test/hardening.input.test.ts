/**
 * Input that must be refused, bodies that must not crash, answers that must not be cached, and
 * a login redirect that must stay in /admin (issue 13, items 7, 8 and 10).
 */
import { describe, expect, it } from 'vitest'
import { hasForbiddenCharacters, hasVisibleText } from '../src/domain/text.ts'
import { safeNext } from '../src/middleware/admin-auth/index.ts'
import { adminJson } from './admin-helpers.ts'
import { apiSign, fetchWorker, freshIp, validSignature } from './helpers.ts'

const SLUG = 'surat-ikramov'

const REFUSED: [string, string][] = [
  ['left-to-right mark', 'Ada\u200eLovelace'],
  ['right-to-left mark', 'Ada\u200fLovelace'],
  ['Arabic letter mark', 'Ada\u061cLovelace'],
  ['line separator', 'Ada\u2028Lovelace'],
  ['paragraph separator', 'Ada\u2029Lovelace'],
  ['tag characters', 'Ada\u{E0041}\u{E0042}'],
  ['lone high surrogate', 'Ada\ud800'],
  ['lone low surrogate', '\udc00Ada'],
]

const INVISIBLE: [string, string][] = [
  ['zero-width spaces', '\u200b\u200b\u200b'],
  ['zero-width joiners', '\u200c\u200d'],
  ['combining marks only', '\u0301\u0302\u0303'],
  ['word joiner', '\u2060'],
  ['Hangul filler', '\u3164\u3164'],
]

describe('text rules', () => {
  it.each(REFUSED)('refuse a %s', (_, text) => {
    expect(hasForbiddenCharacters(text)).toBe(true)
    expect(hasForbiddenCharacters(text, true)).toBe(true)
  })

  it.each(INVISIBLE)('find no visible text in %s', (_, text) => {
    expect(hasVisibleText(text)).toBe(false)
  })

  it('keep every script, and joiners inside words', () => {
    for (const ok of [
      'Ғалымжан Әбілқайыров',
      'Oʻgʻiloy Xoʻjayeva',
      'Sähra Baýramowa',
      'Азимжан Аскаров',
      'Фарид Тухбатуллин',
      'می\u200cخواهم',
      'José',
      '👩\u200d⚖️',
    ]) {
      expect(hasForbiddenCharacters(ok)).toBe(false)
      expect(hasVisibleText(ok)).toBe(true)
    }
  })
})

describe('the sign API', () => {
  const fields = ['name', 'city', 'comment'] as const

  it.each(REFUSED)(
    'answers 400 naming the field for a %s, in every text field',
    async (_, text) => {
      for (const field of fields) {
        // Built by hand so a lone surrogate travels as the JSON escape a client would send.
        const body = JSON.stringify(validSignature({ [field]: 'placeholder' })).replace(
          '"placeholder"',
          JSON.stringify(text).replace(
            /[\ud800-\udfff]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16)}`,
          ),
        )
        const res = await apiSign(SLUG, body)
        expect(res.status, `${field}`).toBe(400)
        const answer = (await res.json()) as { issues: { field: string }[] }
        expect(answer.issues.map((i) => i.field)).toContain(field)
      }
    },
  )

  it.each(INVISIBLE)('answers 400 for a name of %s', async (_, text) => {
    const res = await apiSign(SLUG, validSignature({ name: text }))
    expect(res.status).toBe(400)
    const answer = (await res.json()) as { issues: { field: string; message: string }[] }
    expect(answer.issues).toContainEqual({
      field: 'name',
      message: expect.stringMatching(/visible/),
    })
  })

  it('refuses them in messages too', async () => {
    const res = await fetchWorker(`/api/v1/campaigns/${SLUG}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
      body: JSON.stringify({ name: '\u200b', body: 'Soli\u2028darity' }),
    })
    expect(res.status).toBe(400)
    const answer = (await res.json()) as { issues: { field: string }[] }
    expect(answer.issues.map((i) => i.field).sort()).toEqual(['body', 'name'])
  })
})

const BROKEN_MULTIPART = {
  'content-type': 'multipart/form-data; boundary=XYZ',
}
const brokenBody = '--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nAda\r\n--XY'

describe('a broken multipart body', () => {
  it.each([`/campaigns/${SLUG}/sign`, `/campaigns/${SLUG}/messages`, `/embed/${SLUG}/sign`])(
    'is answered without a 500 on %s',
    async (path) => {
      const res = await fetchWorker(path, {
        method: 'POST',
        headers: { ...BROKEN_MULTIPART, 'cf-connecting-ip': freshIp() },
        body: brokenBody,
        redirect: 'manual',
      })
      expect([400, 422]).toContain(res.status)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
    },
  )
})

describe('answers to writes', () => {
  it('are never cached, the 202 and the errors included', async () => {
    const ok = await apiSign(SLUG, validSignature())
    expect(ok.status).toBe(202)
    expect(ok.headers.get('cache-control')).toBe('no-store')
    const bad = await apiSign(SLUG, { name: '' })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('cache-control')).toBe('no-store')
    const admin = await adminJson('/api/v1/admin/signatures/999999999/approve', 'POST')
    expect(admin.headers.get('cache-control')).toBe('no-store')
  })

  it('the pages a mailed link opens are never cached or referred', async () => {
    const res = await fetchWorker(`/confirm/${'a'.repeat(43)}`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })
})

describe('safeNext', () => {
  it.each([
    '/admin/../evil',
    '/admin/..',
    '/admin/./../dev/outbox',
    '/admin/campaigns/../../x',
    '//evil.example',
    '/admin//evil.example',
    'https://evil.example/admin',
  ])('sends %j to /admin', (path) => {
    expect(safeNext(path)).toBe('/admin')
  })

  it.each(['/admin', '/admin/campaigns/azimzhan-askarov', '/admin/review'])('keeps %j', (path) => {
    expect(safeNext(path)).toBe(path)
  })
})
