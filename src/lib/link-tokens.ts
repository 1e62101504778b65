/**
 * Confirm and remove link tokens, derived rather than drawn at random: one HMAC-SHA-512 (under
 * a key derived from `EMAIL_PEPPER`) of the signature's email ciphertext and its mail
 * generation, split in two 256-bit tokens. The ciphertext has a fresh IV per submission and
 * never leaves D1 in clear, and the key never reaches D1, so a token is as unguessable as a
 * random one; and whoever owes the mail (the queue consumer, or the sweep after a crash)
 * rebuilds exactly the same mail and links from the stored row. D1 still holds only the
 * tokens' SHA-256, written by the consumer with the mark that the mail was sent. One Web Crypto
 * call for both: this runs once per mail, in the consumer, not in the signing request.
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
  return split(await mac(pepper, `${gen}\n${cipher}`))
}

/**
 * The consent and remove tokens of the mail asking for a partner's consent, derived the same
 * way from the consent's own email ciphertext (a fresh IV each time it is asked) and when it
 * was asked: the consumer rebuilds that mail identically on every attempt.
 */
export async function consentLinkTokens(
  pepper: string,
  cipher: string,
  askedAt: number,
): Promise<{ consent: string; remove: string }> {
  const { confirm, remove } = split(await mac(pepper, `consent\n${askedAt}\n${cipher}`))
  return { consent: confirm, remove }
}

async function mac(pepper: string, data: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await linkKey(pepper), enc.encode(data)))
}

function split(mac: Uint8Array): LinkTokens {
  return { confirm: toBase64Url(mac.subarray(0, 32)), remove: toBase64Url(mac.subarray(32)) }
}
