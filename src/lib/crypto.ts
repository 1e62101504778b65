/**
 * Keyed hashes, authenticated encryption and tokens (Web Crypto; runs in workerd and Node).
 * Emails are kept as an HMAC (dedup) and AES-256-GCM ciphertext with a key id; IPs only as a
 * daily-keyed HMAC of the network; link tokens only as SHA-256.
 */

const enc = new TextEncoder()
const dec = new TextDecoder()

/** Bytes per `String.fromCharCode` call: well under any engine's argument limit. */
const CHUNK = 8192

/** Each byte as one char code (what `btoa` takes). */
function binaryString(bytes: Uint8Array): string {
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[])
  let s = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])
  }
  return s
}

/** Bytes of a binary string (`atob`'s output). */
function binaryBytes(bin: string): Uint8Array {
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

// Hashes, tokens and ciphertexts run through these several times a signature: no per-char
// callbacks or regular expressions.
export function toBase64Url(bytes: Uint8Array): string {
  const b64 = btoa(binaryString(bytes))
  const end = b64.endsWith('==') ? -2 : b64.endsWith('=') ? -1 : b64.length
  return b64.slice(0, end).replaceAll('+', '-').replaceAll('/', '_')
}

export function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replaceAll('-', '+').replaceAll('_', '/')
  return binaryBytes(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)))
}

export function fromBase64(text: string): Uint8Array {
  return binaryBytes(atob(text))
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let out = ''
  for (let i = 0; i < view.length; i++) out += HEX[view[i] as number]
  return out
}

const hmacKeys = new Map<string, Promise<CryptoKey>>()
/** The keys once imported: a signature's HMACs then skip a wait on a settled promise. */
const readyKeys = new Map<string, CryptoKey>()

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      enc.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    key.then((k) => readyKeys.set(secret, k)).catch(() => hmacKeys.delete(secret))
    hmacKeys.set(secret, key)
  }
  return key
}

/** HMAC-SHA-256 of `data` under `secret`, base64url. */
/**
 * The keyed form an email domain is stored in (a personal domain names a person): block lists
 * and invalidations by domain compare it with the key of the domain an organiser types.
 */
export function emailDomainKey(pepper: string, domain: string): Promise<string> {
  return recentHmac(pepper, `domain|${domain}`)
}

const recent = new Map<string, Map<string, string>>()
/** Values kept per secret; the whole map is dropped when full (as `TtlMemo` does). */
const RECENT_MAX = 1000

/**
 * `hmac` of values that recur across signers (an email domain, a client's /24), kept per
 * isolate once computed: a signature to `gmail.com` costs no Web Crypto call for its domain.
 * Only keyed values of non-secret inputs are kept, never an address; only settled values are
 * shared (a request never awaits another request's work).
 */
export async function recentHmac(secret: string, data: string): Promise<string> {
  let values = recent.get(secret)
  const hit = values?.get(data)
  if (hit !== undefined) return hit
  const value = await hmac(secret, data)
  if (!values) {
    values = new Map()
    recent.set(secret, values)
  }
  if (values.size >= RECENT_MAX) values.clear()
  values.set(data, value)
  return value
}

/** The key of an invalidation's email domain, or null when it names none. */
export function domainKeyOf(
  env: { EMAIL_PEPPER: string },
  criteria: { emailDomain?: string },
): Promise<string | null> {
  return criteria.emailDomain
    ? emailDomainKey(env.EMAIL_PEPPER, criteria.emailDomain)
    : Promise.resolve(null)
}

export async function hmac(secret: string, data: string): Promise<string> {
  const key = readyKeys.get(secret) ?? (await hmacKey(secret))
  const sig = await crypto.subtle.sign('HMAC', key, enc.encode(data))
  return toBase64Url(new Uint8Array(sig))
}

/** SHA-256 hex digest of text or bytes. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? enc.encode(data) : data
  return toHex(await crypto.subtle.digest('SHA-256', bytes))
}

/** A URL-safe random token of 256 bits from the CSPRNG. */
export function randomToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
}

/** Constant-time comparison of two strings (length leaks, content does not). */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = enc.encode(a)
  const y = enc.encode(b)
  let diff = x.length ^ y.length
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}

interface EmailKey {
  id: string
  key: Promise<CryptoKey>
}

const keyrings = new Map<string, EmailKey[]>()

/** Parses `EMAIL_KEYS` (`id:base64key,...`); the first key encrypts, every key decrypts. */
function keyring(spec: string): EmailKey[] {
  let ring = keyrings.get(spec)
  if (!ring) {
    ring = spec
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [id = '', b64 = ''] = part.split(':')
        const raw = fromBase64(b64)
        if (!id || raw.length !== 32) throw new Error('EMAIL_KEYS must be id:base64(32 bytes)')
        return {
          id,
          key: crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']),
        }
      })
    if (ring.length === 0) throw new Error('EMAIL_KEYS is empty')
    keyrings.set(spec, ring)
  }
  return ring
}

/** Encrypts with the current key; the campaign id is bound as associated data. */
export async function encryptEmail(
  spec: string,
  email: string,
  context: string,
): Promise<{ cipher: string; keyId: string }> {
  const [current] = keyring(spec)
  if (!current) throw new Error('no email key')
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(context) },
    await current.key,
    enc.encode(email),
  )
  const out = new Uint8Array(12 + ct.byteLength)
  out.set(iv)
  out.set(new Uint8Array(ct), 12)
  return { cipher: toBase64Url(out), keyId: current.id }
}

export async function decryptEmail(
  spec: string,
  keyId: string,
  cipher: string,
  context: string,
): Promise<string> {
  const entry = keyring(spec).find((k) => k.id === keyId)
  if (!entry) throw new Error(`unknown email key id ${keyId}`)
  const bytes = fromBase64Url(cipher)
  const pt = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: enc.encode(context) },
    await entry.key,
    bytes.slice(12),
  )
  return dec.decode(pt)
}
