/** Email rules: validity, and the normal form one signature per person is keyed on. */

/** An ASCII host name: labels of letters, digits and inner hyphens; a letter or `xn--` TLD. */
const ASCII_DOMAIN =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/
const LOCAL = /^[^\s@"(),:;<>[\\\]]+$/
/** What an internationalised domain may be written with before conversion. */
const UNICODE_DOMAIN = /^[\p{L}\p{M}\p{N}.-]+$/u

/**
 * A domain in its ASCII form: lower-cased, and a Unicode domain (`почта.рф`) converted to
 * punycode (`xn--80a1acny.xn--p1ai`) by the platform's URL parser (IDNA), so both spellings
 * are one domain. An ASCII domain is only lower-cased, exactly as before IDN support: every
 * stored hash stays what it was. Null when it is not a domain.
 */
export function asciiDomain(text: string): string | null {
  const lower = text.toLowerCase()
  let ascii = lower
  if (!/^[ -~]*$/.test(lower)) {
    // Letters, marks, digits, dots and hyphens only: nothing a URL would read as a path,
    // port, user or query, so the host it parses is the whole text.
    if (!UNICODE_DOMAIN.test(lower)) return null
    // The ASCII check below cannot see hyphens at a label's ends once it is encoded.
    if (lower.split('.').some((l) => l.startsWith('-') || l.endsWith('-'))) return null
    try {
      ascii = new URL(`http://${lower}/`).hostname
    } catch {
      return null
    }
  }
  return ascii.length <= 253 && ASCII_DOMAIN.test(ascii) ? ascii : null
}

export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false
  const at = email.lastIndexOf('@')
  if (at < 1 || at > 64) return false
  const local = email.slice(0, at)
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false
  return LOCAL.test(local) && asciiDomain(email.slice(at + 1)) !== null
}

const GMAIL = new Set(['gmail.com', 'googlemail.com'])

/**
 * The form a person's address is deduplicated on: lower-cased, `+tag` stripped, the domain in
 * its ASCII (punycode) form, and for Gmail (which ignores dots and answers on googlemail.com
 * too) dots removed.
 */
export function normaliseEmail(email: string): string {
  const lower = email.trim().toLowerCase()
  const at = lower.lastIndexOf('@')
  let local = lower.slice(0, at)
  let domain = asciiDomain(lower.slice(at + 1)) ?? lower.slice(at + 1)
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  if (GMAIL.has(domain)) {
    local = local.replace(/\./g, '')
    domain = 'gmail.com'
  }
  return `${local}@${domain}`
}

/** The domain of an address, lower-cased and in ASCII (for block lists and invalidations). */
export function emailDomain(email: string): string {
  const text = email.trim().toLowerCase().split('@').pop() ?? ''
  const domain = asciiDomain(text) ?? text
  return domain === 'googlemail.com' ? 'gmail.com' : domain
}
