/** Keyed hashes of client networks: daily-rotated for signatures, stable for block lists. */
import { blockCandidates, ipNetwork, utcDay } from '../domain/ip.ts'
import { hmac, recentHmac } from './crypto.ts'

const dayKeys = new Map<string, Promise<string>>()

/** Today's key is derived from the secret and the day, so hashes cannot be linked across days. */
function dayKey(secret: string, day: string): Promise<string> {
  const id = `${day}\u0000${secret}`
  let key = dayKeys.get(id)
  if (!key) {
    if (dayKeys.size > 4) dayKeys.clear()
    key = hmac(secret, `day|${day}`)
    dayKeys.set(id, key)
  }
  return key
}

/** The daily hash of an IP's network (IPv6 by /64), or null without a usable IP. */
export async function dailyIpHash(
  secret: string,
  ip: string | null,
  now: number,
): Promise<string | null> {
  const network = ipNetwork(ip)
  if (!network) return null
  return hmac(await dayKey(secret, utcDay(now)), network)
}

/** Block list value for a network typed by an organiser (an IP, or a /24 or /48 or /64). */
export function blockValue(secret: string, network: string): Promise<string> {
  return hmac(secret, `block|${network}`)
}

/**
 * Block list values that would match this client IP: its own network's, and its wider
 * network's (a /24 or /48, shared by many clients: kept per isolate once computed).
 */
export function blockValuesFor(secret: string, ip: string | null): Promise<string[]> {
  const [own, wider] = blockCandidates(ip)
  if (own === undefined) return Promise.resolve([])
  return Promise.all([
    blockValue(secret, own),
    ...(wider === undefined ? [] : [recentHmac(secret, `block|${wider}`)]),
  ])
}
