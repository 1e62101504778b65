/**
 * The thank-you page's receipt: which signature's mail it may offer to send again, and the
 * masked address it names, sealed (AES-256-GCM under a key derived from `EMAIL_PEPPER`, the
 * campaign and the surface bound as associated data) so the browser holds only an opaque value.
 * The campaign page keeps it in a short-lived HttpOnly cookie scoped to its thanks path; the
 * widget, which sets no cookie, carries it in its resend form's hidden field. Never in a URL.
 */
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { fromBase64Url, hmac, toBase64Url } from './crypto.ts'

/** How long a receipt is honoured after signing: the cookie's lifetime too. */
export const RECEIPT_TTL_SECONDS = 60 * 60

/** Mails a receipt may ask for again, besides the first. */
export const MAX_RESENDS = 3

export interface Receipt {
  /** The campaign id. */
  c: number
  /** The signature's email HMAC (the campaign's unique key with `c`). */
  h: string
  /** The address masked for display (`maskEmail`). */
  m: string
  /** When the person signed (ms). */
  t: number
  /** When the last mail was asked for: signing, or the last resend (ms). */
  s: number
  /** Resends asked for so far. */
  n: number
}

const enc = new TextEncoder()
const dec = new TextDecoder()
const keys = new Map<string, Promise<CryptoKey>>()

function receiptKey(pepper: string): Promise<CryptoKey> {
  let key = keys.get(pepper)
  if (!key) {
    key = hmac(pepper, 'standwith thanks receipt v1').then((derived) =>
      crypto.subtle.importKey('raw', fromBase64Url(derived), 'AES-GCM', false, [
        'encrypt',
        'decrypt',
      ]),
    )
    keys.set(pepper, key)
  }
  return key
}

/** Where a receipt is valid: the campaign page's thanks or the widget's, of one campaign. */
export type ReceiptScope = `page:${string}` | `widget:${string}`

export async function sealReceipt(
  pepper: string,
  scope: ReceiptScope,
  receipt: Receipt,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(`thanks|${scope}`) },
    await receiptKey(pepper),
    enc.encode(JSON.stringify(receipt)),
  )
  const out = new Uint8Array(12 + ct.byteLength)
  out.set(iv)
  out.set(new Uint8Array(ct), 12)
  return toBase64Url(out)
}

/** The receipt sealed for `scope`, or null when it is missing, altered, foreign or too old. */
export async function openReceipt(
  pepper: string,
  scope: ReceiptScope,
  sealed: string | undefined,
  now: number,
): Promise<Receipt | null> {
  if (!sealed || sealed.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(sealed)) return null
  try {
    const bytes = fromBase64Url(sealed)
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: enc.encode(`thanks|${scope}`) },
      await receiptKey(pepper),
      bytes.slice(12),
    )
    const r = JSON.parse(dec.decode(pt)) as Receipt
    const fresh = now - r.t >= 0 && now - r.t < RECEIPT_TTL_SECONDS * 1000
    return fresh ? r : null
  } catch {
    return null
  }
}

const COOKIE = 'sw_thanks'

/** The thanks path of a campaign page, which the cookie is scoped to. */
export const thanksPath = (slug: string) => `/campaigns/${slug}/thanks`

/** Sets the receipt cookie: HttpOnly, SameSite=Lax, Secure over https, only for the thanks path. */
export function setReceiptCookie(c: Context, slug: string, sealed: string): void {
  setCookie(c, COOKIE, sealed, {
    path: thanksPath(slug),
    maxAge: RECEIPT_TTL_SECONDS,
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
  })
}

/** The sealed receipt the browser sent back, if any. */
export function receiptCookie(c: Context): string | undefined {
  return c.req.header('cookie') ? getCookie(c, COOKIE) : undefined
}
