/**
 * Confirm and remove link tokens, derived rather than drawn at random: one HMAC-SHA-512 (under
 * a key derived from `EMAIL_PEPPER`) of the signature's email ciphertext and its mail
 * generation, split in two 256-bit tokens. The ciphertext has a fresh IV per submission and
 * never leaves D1 in clear, and the key never reaches D1, so a token is as unguessable as a
 * random one; and whoever owes the mail (the queue consumer, or the sweep after a crash)
 * rebuilds exactly the same mail and links from the stored row. D1 still holds only the
 * tokens' SHA-256. One Web Crypto call for both: this runs once per signature and once per
 * mail.
 */
import { hmac, toBase64Url } from './crypto.ts'

const enc = new TextEncoder()
const linkKeys = new Map<string, Promise<CryptoKey>>()

function linkKey(pepper: string): Promise<CryptoKey> {
  let key = linkKeys.get(pepper)
  if (!key) {
    key = hmac(pepper, 'standwith link tokens v1').then((derived) =>
      crypto.subtle.importKey(
        'raw',
        enc.encode(derived),
        { name: 'HMAC', hash: 'SHA-512' },
        false,
        ['sign'],
      ),
    )
    linkKeys.set(pepper, key)
  }
  return key
}

export interface LinkTokens {
  confirm: string
  remove: string
}

/** The tokens of mail generation `gen` for the signature whose email ciphertext is `cipher`. */
export async function linkTokens(pepper: string, cipher: string, gen: number): Promise<LinkTokens> {
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', await linkKey(pepper), enc.encode(`${gen}\n${cipher}`)),
  )
  return { confirm: toBase64Url(mac.subarray(0, 32)), remove: toBase64Url(mac.subarray(32)) }
}
