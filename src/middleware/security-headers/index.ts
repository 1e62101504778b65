/**
 * Security headers on every response: a strict CSP, nosniff, a referrer policy,
 * `frame-ancestors 'none'` unless a route allowed framing, HSTS in production.
 *
 * Pages carry no inline script at all (every script is a file from this origin), so the CSP
 * needs no nonce and `script-src` allows only this origin and Turnstile.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'

/** Set by a route that may be framed (the widget): the value of `frame-ancestors`. */
export const FRAME_ANCESTORS_HEADER = 'x-standwith-frame-ancestors'

const BASE_POLICY = [
  "default-src 'self'",
  "script-src 'self' https://challenges.cloudflare.com",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  'frame-src https://challenges.cloudflare.com',
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ')

/** The CSP for a `frame-ancestors` value; "anywhere" is no directive at all. */
function contentSecurityPolicy(frameAncestors: string): string {
  // `frame-ancestors *` would still refuse a partner's page opened from disk (file:) or
  // served sandboxed, so "anywhere" leaves the directive out.
  return frameAncestors === '*' ? BASE_POLICY : `${BASE_POLICY}; frame-ancestors ${frameAncestors}`
}

const FIXED: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
]

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    const headers = c.res.headers
    const frameAncestors = headers.get(FRAME_ANCESTORS_HEADER)
    if (frameAncestors !== null) headers.delete(FRAME_ANCESTORS_HEADER)
    headers.set('Content-Security-Policy', contentSecurityPolicy(frameAncestors ?? "'none'"))
    for (const [name, value] of FIXED) headers.set(name, value)
    if (frameAncestors === null || frameAncestors === "'none'")
      headers.set('X-Frame-Options', 'DENY')
    if (c.env.ENVIRONMENT === 'production') {
      headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload')
    }
  }
}
