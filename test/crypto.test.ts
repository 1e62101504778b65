import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase64Url, toBase64Url, toHex } from '../src/lib/crypto.ts'
import { dailyIpHash } from '../src/lib/ip-hash.ts'

describe('encodings', () => {
  it('base64url: no padding, URL-safe alphabet, and it round-trips, for every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const text = toBase64Url(bytes)
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/)
        const reference = btoa(String.fromCharCode(...bytes))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, '')
        expect(text).toBe(reference)
        expect([...fromBase64Url(text)]).toEqual([...bytes])
      }),
    )
  })

  it('base64url round-trips long inputs too (encoded in chunks)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8000, maxLength: 20_000 }), (bytes) => {
        expect([...fromBase64Url(toBase64Url(bytes))]).toEqual([...bytes])
      }),
      { numRuns: 5 },
    )
  })

  it('hex: two lowercase digits a byte, from a buffer or a view', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const reference = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
        expect(toHex(bytes)).toBe(reference)
        expect(toHex(bytes.slice().buffer)).toBe(reference)
      }),
    )
  })
})

describe('daily IP hashes', () => {
  it('differ between secrets of the same length, and between days', async () => {
    const now = Date.UTC(2026, 10, 28, 12)
    const a = await dailyIpHash('secret-a', '203.0.113.7', now)
    const b = await dailyIpHash('secret-b', '203.0.113.7', now)
    expect(a).not.toBe(b)
    expect(await dailyIpHash('secret-a', '203.0.113.7', now)).toBe(a)
    expect(await dailyIpHash('secret-a', '203.0.113.7', now + 24 * 3600 * 1000)).not.toBe(a)
  })
})
