/**
 * Security headers on every response: a strict CSP with a per-request nonce, nosniff,
 * a referrer policy, `frame-ancestors 'none'` unless a route allowed framing, HSTS in production.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'

/** Set by a route that may be framed (the widget): the value of `frame-ancestors`. */
export const FRAME_ANCESTORS_HEADER = 'x-standwith-frame-ancestors'

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bytes = crypto.getRandomValues(new Uint8Array(16))
    const nonce = btoa(String.fromCharCode(...bytes))
    c.set('nonce', nonce)
    await next()
    const headers = c.res.headers
    const frameAncestors = headers.get(FRAME_ANCESTORS_HEADER) ?? "'none'"
    headers.delete(FRAME_ANCESTORS_HEADER)
    headers.set(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}' https://challenges.cloudflare.com`,
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        'frame-src https://challenges.cloudflare.com',
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        // "Anywhere" is no directive at all: `frame-ancestors *` would still refuse a partner's
        // page opened from disk (file:) or served sandboxed.
        ...(frameAncestors === '*' ? [] : [`frame-ancestors ${frameAncestors}`]),
      ].join('; '),
    )
    headers.set('X-Content-Type-Options', 'nosniff')
    headers.set('Referrer-Policy', 'strict-origin-when-cross-origin')
    headers.set('Cross-Origin-Opener-Policy', 'same-origin')
    headers.set(
      'Permissions-Policy',
      'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    )
    if (frameAncestors === "'none'") headers.set('X-Frame-Options', 'DENY')
    if (c.env.ENVIRONMENT === 'production') {
      headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload')
    }
  }
}
