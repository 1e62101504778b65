/** Client IP handling: the network a hash is taken of (IPv4 as is, IPv6 by /64). */

/** Expands an IPv6 address to its eight 16-bit groups, or null if it is not one. */
function ipv6Groups(ip: string): number[] | null {
  if (!ip.includes(':')) return null
  let text = ip.split('%')[0] ?? ''
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = text.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail, ...rest] = text.split('::')
  if (rest.length) return null
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const missing = 8 - h.length - t.length
  if (tail === undefined ? h.length !== 8 : missing < 1) return null
  const groups = [...h, ...Array(tail === undefined ? 0 : missing).fill('0'), ...t]
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null
  return groups.map((g) => Number.parseInt(g, 16))
}

function isIpv4(ip: string): boolean {
  const parts = ip.split('.')
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
}

/**
 * The network an IP stands for: an IPv4 address itself, an IPv6 address's /64
 * (one subscriber usually holds a whole /64). Null for anything that is not an IP.
 */
export function ipNetwork(ip: string | null | undefined): string | null {
  if (!ip) return null
  // A signature asks three times (limiter, IP hash, block list) for the same client.
  if (ip === lastNetwork.ip) return lastNetwork.network
  const network = networkOf(ip)
  lastNetwork = { ip, network }
  return network
}

let lastNetwork: { ip: string; network: string | null } = { ip: '', network: null }

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

function networkOf(ip: string): string | null {
  const v4 = IPV4.exec(ip)
  if (v4) {
    const parts = [Number(v4[1]), Number(v4[2]), Number(v4[3]), Number(v4[4])]
    if (parts.every((p) => p <= 255)) return parts.join('.')
  }
  const trimmed = ip.trim()
  // Written canonically: `010.0.0.1` and `10.0.0.1` are one client.
  if (isIpv4(trimmed)) return trimmed.split('.').map(Number).join('.')
  const groups = ipv6Groups(trimmed)
  if (!groups) return null
  // IPv4-mapped addresses are IPv4.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6)
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

/**
 * The key every rate limiter counts a client by: its network, so an IPv6 client cannot walk
 * through its /64 and one address written several ways (case, zero padding, a zone id, the
 * IPv4-mapped form) is one client. Anything that is not an IP shares one `unknown` bucket.
 */
export function limiterKey(ip: string | null | undefined): string {
  return ipNetwork(ip) ?? 'unknown'
}

/** Networks a block list entry may name for this IP: the address/64, and a wider /24 or /48. */
export function blockCandidates(ip: string | null | undefined): string[] {
  const network = ipNetwork(ip)
  if (!network) return []
  if (!network.includes(':')) return [network, `${network.split('.').slice(0, 3).join('.')}.0/24`]
  const groups = network.split('::')[0]!.split(':')
  return [network, `${groups.slice(0, 3).join(':')}::/48`]
}

/** UTC day of a timestamp as YYYY-MM-DD: the unit of IP hash rotation and of daily tallies. */
export function utcDay(ms: number): string {
  const day = Math.floor(ms / 86_400_000)
  if (day !== lastDay.day) lastDay = { day, text: new Date(ms).toISOString().slice(0, 10) }
  return lastDay.text
}

/** The last day asked for: nearly every call asks for today. */
let lastDay = { day: Number.NaN, text: '' }
