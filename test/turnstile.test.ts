/** Turnstile's siteverify call, against a mocked fetch: a timeout, and the hostname it answers for. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SITEVERIFY_URL, verifyTurnstile } from '../src/lib/turnstile.ts'

const SECRET = 'real-looking-secret'
const HOST = { hostname: 'standwith.example.org' }

function answer(body: unknown, status = 200) {
  return vi
    .spyOn(globalThis, 'fetch')
    .mockImplementation(async () => Response.json(body, { status }))
}

afterEach(() => vi.restoreAllMocks())

describe('verifyTurnstile', () => {
  it('passes a success for our hostname, sending the secret, token and IP', async () => {
    const fetch = answer({ success: true, hostname: 'standwith.example.org' })
    expect(await verifyTurnstile(SECRET, 'tok', '203.0.113.5', HOST)).toBe(true)
    const [url, init] = fetch.mock.calls[0]!
    expect(String(url)).toBe(SITEVERIFY_URL)
    const form = init?.body as FormData
    expect([form.get('secret'), form.get('response'), form.get('remoteip')]).toEqual([
      SECRET,
      'tok',
      '203.0.113.5',
    ])
    expect(init?.signal).toBeInstanceOf(AbortSignal)
  })

  it('refuses a success solved on another hostname, or naming none', async () => {
    answer({ success: true, hostname: 'copycat.example' })
    expect(await verifyTurnstile(SECRET, 'tok', null, HOST)).toBe(false)
    vi.restoreAllMocks()
    answer({ success: true })
    expect(await verifyTurnstile(SECRET, 'tok', null, HOST)).toBe(false)
  })

  it('skips the hostname for Cloudflare’s testing secret keys only', async () => {
    answer({ success: true, hostname: 'example.com' })
    expect(await verifyTurnstile('1x0000000000000000000000000000000AA', 'tok', null, HOST)).toBe(
      true,
    )
    expect(await verifyTurnstile('1x0000000000000000000000000000000AB', 'tok', null, HOST)).toBe(
      false,
    )
  })

  it('refuses a failure, an error answer and a missing token without asking', async () => {
    answer({ success: false, hostname: 'standwith.example.org' })
    expect(await verifyTurnstile(SECRET, 'tok', null, HOST)).toBe(false)
    vi.restoreAllMocks()
    answer({ success: true, hostname: 'standwith.example.org' }, 500)
    expect(await verifyTurnstile(SECRET, 'tok', null, HOST)).toBe(false)
    vi.restoreAllMocks()
    const fetch = answer({})
    expect(await verifyTurnstile(SECRET, undefined, null, HOST)).toBe(false)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('gives up on a siteverify that does not answer in time', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    )
    const started = Date.now()
    expect(await verifyTurnstile(SECRET, 'tok', null, { ...HOST, timeoutMs: 150 })).toBe(false)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
