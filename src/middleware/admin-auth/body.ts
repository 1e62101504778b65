/**
 * Request bodies of the admin area: bounded like every body, but larger than the public 16 KiB
 * because a campaign's story in two languages, URL-encoded, can outgrow that.
 */
import type { Context } from 'hono'
import { ApiError } from '../../lib/errors.ts'
import { decode, readBounded, readJson } from '../body/index.ts'

export const ADMIN_MAX_BODY = 256 * 1024

/** Uploads (a campaign image and its text fields): the image limit plus room for the fields. */
export const ADMIN_MAX_UPLOAD = 2 * 1024 * 1024 + 64 * 1024

export const isMultipart = (contentType: string | null | undefined) =>
  (contentType ?? '').toLowerCase().startsWith('multipart/form-data')

/**
 * A `multipart/form-data` body, bounded before it is parsed: its text fields, and its files'
 * bytes by field name (415 if it is not multipart, 413 over the limit, 400 if unreadable).
 */
export async function readAdminMultipart(
  request: Request,
  max = ADMIN_MAX_UPLOAD,
): Promise<{ fields: Record<string, string>; files: Record<string, Uint8Array> }> {
  const type = request.headers.get('content-type')
  if (!isMultipart(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send multipart/form-data.')
  }
  const body = await readBounded(request, max)
  let form: FormData
  try {
    form = await new Response(body, { headers: { 'content-type': type ?? '' } }).formData()
  } catch {
    throw new ApiError(400, 'invalid', 'The form could not be read.')
  }
  const fields: Record<string, string> = {}
  const files: Record<string, Uint8Array> = {}
  for (const [name, value] of form) {
    if (typeof value === 'string') fields[name] = value
    else files[name] = new Uint8Array(await value.arrayBuffer())
  }
  return { fields, files }
}

/** An URL-encoded form as a plain object of strings (repeated fields: the last one wins). */
export async function readAdminForm(c: Context): Promise<Record<string, string>> {
  const text = decode(await readBounded(c.req.raw, ADMIN_MAX_BODY))
  return Object.fromEntries(new URLSearchParams(text))
}

/** A JSON body (415 unless `application/json`, 400 if malformed). */
export function readAdminJson(c: Context): Promise<unknown> {
  return readJson(c, ADMIN_MAX_BODY)
}
