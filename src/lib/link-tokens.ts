/**
 * Confirm and remove link tokens, derived rather than drawn at random: an HMAC (under a key
 * derived from `EMAIL_PEPPER`) of the signature's email ciphertext and its mail generation.
 * The ciphertext has a fresh IV per submission and never leaves D1 in clear, and the key never
 * reaches D1, so a token is as unguessable as a random one; and whoever owes the mail (the
 * queue consumer, or the sweep after a crash) rebuilds exactly the same mail, links and
 * idempotency key from the stored row. D1 still holds only the tokens' SHA-256.
 */
import { hmac } from './crypto.ts'

const linkKeys = new Map<string, Promise<string>>()

function linkKey(pepper: string): Promise<string> {
  let key = linkKeys.get(pepper)
  if (!key) {
    key = hmac(pepper, 'standwith link tokens v1')
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
  const key = await linkKey(pepper)
  const [confirm, remove] = await Promise.all([
    hmac(key, `confirm\n${gen}\n${cipher}`),
    hmac(key, `remove\n${gen}\n${cipher}`),
  ])
  return { confirm, remove }
}
