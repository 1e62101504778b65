/**
 * An email address masked for the thank-you page: enough for the person who typed it to spot a
 * typo (the first and last letter of the name and of each part of the domain, and the whole
 * top-level domain), never the whole address. `ivan.petrov@mail.ru` → `i•••v@m•••l.ru`.
 */

const HIDDEN = '•••'

/** One part: its first letter, and its last when it is long enough to hide something between. */
function maskPart(part: string): string {
  const chars = [...part]
  if (chars.length === 0) return HIDDEN
  if (chars.length < 4) return `${chars[0]}${HIDDEN}`
  return `${chars[0]}${HIDDEN}${chars.at(-1)}`
}

export function maskEmail(email: string): string {
  const address = email.trim()
  const at = address.lastIndexOf('@')
  if (at < 0) return maskPart(address)
  const labels = address.slice(at + 1).split('.')
  const tld = labels.length > 1 ? labels.pop() : undefined
  const domain = labels.map(maskPart).join('.')
  return `${maskPart(address.slice(0, at))}@${tld === undefined ? domain : `${domain}.${tld}`}`
}
