/**
 * Block list entries as organisers type them. Networks are reduced to the exact strings
 * `blockCandidates` produces for a client (an IPv4 address or its /24, an IPv6 /64 or /48), so
 * an entry matches exactly the clients it names; only a keyed hash of that string is stored.
 */
import { asciiDomain } from '../email.ts'
import { blockCandidates, ipNetwork } from '../ip.ts'

/**
 * An email domain as `emailDomain()` records it (ASCII, an IDN in punycode), or null if it is
 * not one.
 */
export function normaliseDomain(text: string): string | null {
  const domain = asciiDomain(text.trim().replace(/^@/, ''))
  if (!domain) return null
  return domain === 'googlemail.com' ? 'gmail.com' : domain
}

/**
 * An IPv4 address typed with padded parts (`001.002.003.004`) as clients send it
 * (`1.2.3.4`): the stored hash must be of the exact string a client's address gives, or the
 * entry never matches. Parts are read as decimal, as people pad them, never as octal.
 */
function unpadIpv4(address: string): string {
  const parts = address.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return address
  return parts.map((p) => String(Number(p))).join('.')
}

/** `1.2.3.4`, `1.2.3.0/24`, an IPv6 address (its /64), `2001:db8:1::/48`; null otherwise. */
export function normaliseNetwork(text: string): string | null {
  const [address = '', prefix, ...rest] = text.trim().split('/')
  if (rest.length || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return null
  const typed = unpadIpv4(address.trim())
  const network = ipNetwork(typed)
  if (!network) return null
  const [own, wide] = blockCandidates(typed)
  if (!network.includes(':')) {
    if (prefix === undefined || prefix === '32') return own ?? null
    return prefix === '24' ? (wide ?? null) : null
  }
  // Signatures are hashed by /64: a longer prefix names the /64 it lies in.
  if (prefix === undefined || prefix === '64' || prefix === '128') return own ?? null
  return prefix === '48' ? (wide ?? null) : null
}
