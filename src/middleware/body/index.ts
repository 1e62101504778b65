/**
 * Request bodies, bounded before they are parsed: over 16 KiB is a 413 whatever the
 * Content-Length claims; JSON endpoints also require `application/json` (415) and valid
 * UTF-8 JSON (400).
 */
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'
import { ApiError } from '../../lib/errors.ts'

export const MAX_BODY_BYTES = 16 * 1024

export const tooLarge = () =>
  new ApiError(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)

/** Reads at most `max` bytes of the body, throwing 413 beyond. */
export async function readBounded(req: Request, max = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > max) throw tooLarge()
  if (!req.body) return new Uint8Array()
  // A declared length is enforced by the runtime (the body cannot run past it), so the
  // body can be read in one call; only a chunked body is counted as it streams.
  if (req.headers.has('content-length')) {
    const bytes = new Uint8Array(await req.arrayBuffer())
    if (bytes.byteLength > max) throw tooLarge()
    return bytes
  }
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** UTF-8 text of a body, 400 if it is not valid UTF-8. */
export function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new ApiError(400, 'invalid_encoding', 'The body is not valid UTF-8.')
  }
}

/** A JSON body of at most `max` bytes: 415 unless `application/json`, 400 if malformed. */
export async function readJson(c: Context, max = MAX_BODY_BYTES): Promise<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.')
  }
  const text = decode(await readBounded(c.req.raw, max))
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.')
  }
}

/** Puts the parsed JSON body on `c.var.body`. */
export function jsonBody(): MiddlewareHandler<AppEnv & { Variables: { body: unknown } }> {
  return async (c, next) => {
    c.set('body', await readJson(c))
    await next()
  }
}

export const badForm = () => new ApiError(400, 'invalid_form', 'The form body could not be read.')

/**
 * Parses an urlencoded or multipart form body, bounded, as a plain object of strings; a body
 * that cannot be read (broken multipart, bytes that are not UTF-8) is a 400 `invalid_form`.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const bytes = await readBounded(c.req.raw)
  const type = c.req.header('content-type') ?? ''
  const out: Record<string, string> = {}
  if (type.startsWith('multipart/form-data')) {
    let form: FormData
    try {
      form = await new Response(bytes, { headers: { 'content-type': type } }).formData()
    } catch {
      throw badForm()
    }
    for (const [k, v] of form) if (typeof v === 'string') out[k] = v
    return out
  }
  let text: string
  try {
    text = decode(bytes)
  } catch {
    throw badForm()
  }
  for (const [k, v] of new URLSearchParams(text)) out[k] = v
  return out
}
