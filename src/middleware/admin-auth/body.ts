/**
 * Request bodies of the admin area: bounded like every body, but larger than the public 16 KiB
 * because a campaign's story in two languages, URL-encoded, can outgrow that.
 */
import type { Context } from 'hono'
import { ApiError } from '../../lib/errors.ts'
import { readBounded } from '../body/index.ts'

export const ADMIN_MAX_BODY = 256 * 1024

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new ApiError(400, 'invalid_encoding', 'The body is not valid UTF-8.')
  }
}

/** An URL-encoded form as a plain object of strings (repeated fields: the last one wins). */
export async function readAdminForm(c: Context): Promise<Record<string, string>> {
  const text = decode(await readBounded(c.req.raw, ADMIN_MAX_BODY))
  return Object.fromEntries(new URLSearchParams(text))
}

/** A JSON body (415 unless `application/json`, 400 if malformed). */
export async function readAdminJson(c: Context): Promise<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.')
  }
  const text = decode(await readBounded(c.req.raw, ADMIN_MAX_BODY))
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.')
  }
}
