/**
 * Request bodies of the admin area: bounded like every body, but larger than the public 16 KiB
 * because a campaign's story in two languages, URL-encoded, can outgrow that.
 */
import type { Context } from 'hono'
import { decode, readBounded, readJson } from '../body/index.ts'

export const ADMIN_MAX_BODY = 256 * 1024

/** An URL-encoded form as a plain object of strings (repeated fields: the last one wins). */
export async function readAdminForm(c: Context): Promise<Record<string, string>> {
  const text = decode(await readBounded(c.req.raw, ADMIN_MAX_BODY))
  return Object.fromEntries(new URLSearchParams(text))
}

/** A JSON body (415 unless `application/json`, 400 if malformed). */
export function readAdminJson(c: Context): Promise<unknown> {
  return readJson(c, ADMIN_MAX_BODY)
}
