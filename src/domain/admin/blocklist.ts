/**
 * Block list entries as organisers type them. Networks are reduced to the exact strings
 * `blockCandidates` produces for a client (an IPv4 address or its /24, an IPv6 /64 or /48), so
 * an entry matches exactly the clients it names; only a keyed hash of that string is stored.
 */
import { blockCandidates, ipNetwork } from '../ip.ts'

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/** An email domain as `emailDomain()` records it, or null if it is not one. */
export function normaliseDomain(text: string): string | null {
  const domain = text.trim().toLowerCase().replace(/^@/, '')
  if (domain.length > 253 || !DOMAIN.test(domain)) return null
  return domain === 'googlemail.com' ? 'gmail.com' : domain
}

/** `1.2.3.4`, `1.2.3.0/24`, an IPv6 address (its /64), `2001:db8:1::/48`; null otherwise. */
export function normaliseNetwork(text: string): string | null {
  const [address = '', prefix, ...rest] = text.trim().split('/')
  if (rest.length || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return null
  const network = ipNetwork(address)
  if (!network) return null
  const [own, wide] = blockCandidates(address)
  if (!network.includes(':')) {
    if (prefix === undefined || prefix === '32') return own ?? null
    return prefix === '24' ? (wide ?? null) : null
  }
  // Signatures are hashed by /64: a longer prefix names the /64 it lies in.
  if (prefix === undefined || prefix === '64' || prefix === '128') return own ?? null
  return prefix === '48' ? (wide ?? null) : null
}
