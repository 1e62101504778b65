/**
 * `GET /media/campaigns/:slug/:file`: campaign images from R2. Keys are named by the image's
 * digest, so a URL always means the same bytes and is cached for a year; a replaced or removed
 * image is deleted from R2 and its URL answers 404.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

const FILE = /^[0-9a-f]{32}\.(?:png|jpg|webp)$/
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const media = new Hono<AppEnv>().get('/media/campaigns/:slug/:file', async (c) => {
  const { slug, file } = c.req.param()
  if (!SLUG.test(slug) || slug.length > 80 || !FILE.test(file)) return c.notFound()
  const object = await c.env.MEDIA.get(`campaigns/${slug}/${file}`)
  if (!object) return c.notFound()
  const headers = new Headers({
    'Content-Type': object.httpMetadata?.contentType ?? 'application/octet-stream',
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: object.httpEtag,
    // Partner sites and the networks' crawlers may show it; it is public.
    'Cross-Origin-Resource-Policy': 'cross-origin',
  })
  if (c.req.header('if-none-match') === object.httpEtag) {
    return new Response(null, { status: 304, headers })
  }
  return new Response(object.body, { status: 200, headers })
})
