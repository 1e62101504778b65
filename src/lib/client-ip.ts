/** The client IP is `CF-Connecting-IP`, set by Cloudflare's edge; nothing else is trusted. */
import type { Context } from 'hono'

export function clientIp(c: Context): string | null {
  return c.req.header('cf-connecting-ip') ?? null
}
