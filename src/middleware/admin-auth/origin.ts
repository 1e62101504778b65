/**
 * Cross-site defences for admin writes. Besides the per-session CSRF token, a write must come
 * from our own origin: the `Origin` header when the browser sends one, else `Sec-Fetch-Site`.
 * A request with neither is refused: every browser that keeps cookies sends one of them.
 */
import type { Context } from 'hono'
import type { Env } from '../../env.ts'
import { timingSafeEqual } from '../../lib/crypto.ts'

export const isUnsafe = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method)

export function isSameOrigin<E extends { Bindings: Env }>(c: Context<E>): boolean {
  const origin = c.req.header('origin')
  if (origin !== undefined) {
    return origin === new URL(c.req.url).origin || origin === c.env.PUBLIC_ORIGIN
  }
  return c.req.header('sec-fetch-site') === 'same-origin'
}

export function csrfMatches(sent: string | undefined, expected: string): boolean {
  return typeof sent === 'string' && sent.length > 0 && timingSafeEqual(sent, expected)
}
