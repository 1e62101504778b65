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
      expect(csp, path).toContain("script-src 'self' https://challenges.cloudflare.com;")
      expect(csp, path).not.toContain('unsafe-inline')
      expect(csp, path).not.toContain('nonce-')
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('strict-transport-security'), path).toBeNull()
    }
  })

  it('every answer, the signing 202 and a language switch included, varies by language once', async () => {
    const signed = await fetchWorker('/api/v1/campaigns/azimzhan-askarov/signatures', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.77' },
      body: JSON.stringify({
        name: 'Vary Signer',
        email: 'vary.signer@example.org',
        country: 'KG',
        consent: true,
      }),
    })
    expect(signed.status).toBe(202)
    const switched = await fetchWorker('/?lang=ru')
    expect(switched.headers.get('set-cookie')).toContain('lang=ru')
    for (const res of [signed, switched, await fetchWorker('/api/v1/nope')]) {
      expect(res.headers.get('vary')).toBe('Accept-Language, Cookie')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    }
  })

  it('pages carry no inline script: every script is a file from this origin', async () => {
    for (const path of ['/', '/campaigns/azimzhan-askarov', '/embed/azimzhan-askarov']) {
      const html = await (await fetchWorker(path)).text()
      const tags = html.match(/<script\b[^>]*>/g) ?? []
      expect(tags.length, path).toBeGreaterThan(0)
      for (const tag of tags) expect(tag, path).toMatch(/ src="\//)
      // Nothing between an opening and a closing script tag, and no inline handlers.
      expect(html, path).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/)
      expect(html, path).not.toMatch(/\son[a-z]+="/)
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
