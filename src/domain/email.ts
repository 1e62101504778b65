/** Email rules: validity, and the normal form one signature per person is keyed on. */

const EMAIL = /^[^\s@"(),:;<>[\\\]]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false
  const at = email.lastIndexOf('@')
  if (at < 1 || at > 64) return false
  const local = email.slice(0, at)
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false
  return EMAIL.test(email)
}

const GMAIL = new Set(['gmail.com', 'googlemail.com'])

/**
 * The form a person's address is deduplicated on: lower-cased, `+tag` stripped, and for
 * Gmail (which ignores dots and answers on googlemail.com too) dots removed.
 */
export function normaliseEmail(email: string): string {
  const lower = email.trim().toLowerCase()
  const at = lower.lastIndexOf('@')
  let local = lower.slice(0, at)
  let domain = lower.slice(at + 1)
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  if (GMAIL.has(domain)) {
    local = local.replace(/\./g, '')
    domain = 'gmail.com'
  }
  return `${local}@${domain}`
}

/** The domain of an address, lower-cased (for domain block lists and invalidations). */
export function emailDomain(email: string): string {
  const domain = email.trim().toLowerCase().split('@').pop() ?? ''
  return domain === 'googlemail.com' ? 'gmail.com' : domain
}
