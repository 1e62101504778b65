import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { newApp } from '../src/app.ts'
import { fetchWorker } from './helpers.ts'

describe('security headers', () => {
  it('sends a strict CSP, nosniff, a referrer policy and frame-ancestors none on pages and JSON', async () => {
    for (const path of [
      '/',
      '/campaigns/azimzhan-askarov',
      '/api/v1/campaigns',
      '/missing',
      '/api/v1/nope',
    ]) {
      const res = await fetchWorker(path)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("default-src 'self'")
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/)
      expect(csp, path).not.toContain('unsafe-inline')
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('strict-transport-security'), path).toBeNull()
    }
  })

  it('uses a fresh nonce on each response', async () => {
    const a = (await fetchWorker('/')).headers.get('content-security-policy')
    const b = (await fetchWorker('/')).headers.get('content-security-policy')
    expect(a).not.toBe(b)
  })

  it('has no inline script without the nonce', async () => {
    const html = await (await fetchWorker('/campaigns/azimzhan-askarov')).text()
    for (const tag of html.match(/<script[^>]*>/g) ?? []) {
      expect(tag).toMatch(/src="\/|nonce="/)
    }
  })

  it('adds HSTS in production', async () => {
    const app = newApp()
    const res = await app.fetch(new Request('https://standwith.example.org/'), {
      ...env,
      ENVIRONMENT: 'production',
    })
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/)
  })
})
