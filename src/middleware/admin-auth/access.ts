/**
 * Cloudflare Access, when `ACCESS_TEAM_DOMAIN` and `ACCESS_AUD` are set: every admin request must
 * carry a `Cf-Access-Jwt-Assertion` that verifies (RS256) against the team's published keys,
 * names our application's audience and the team as issuer, and has not expired. The keys are
 * cached per isolate and fetched again when a token names a key we do not know yet.
 */
import type { Env } from '../../env.ts'
import { fromBase64Url } from '../../lib/crypto.ts'
import { log } from '../../lib/log.ts'

export const ACCESS_HEADER = 'cf-access-jwt-assertion'
/** How long fetched keys are trusted, and how soon an unknown key id may trigger a refetch. */
const KEYS_TTL_MS = 60 * 60 * 1000
const REFETCH_AFTER_MS = 30 * 1000
/** Clock skew we tolerate on `exp` and `nbf`, in seconds. */
const LEEWAY_S = 30

interface KeySet {
  fetchedAt: number
  keys: Map<string, CryptoKey>
}

const keySets = new Map<string, Promise<KeySet>>()

export function accessConfigured(env: Env): boolean {
  return Boolean(env.ACCESS_TEAM_DOMAIN && env.ACCESS_AUD)
}

/** `https://<team>.cloudflareaccess.com`, whether the setting names a host or a URL. */
export function teamOrigin(teamDomain: string): string {
  const host = teamDomain
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/.*$/, '')
  return `https://${host.toLowerCase()}`
}

async function fetchKeys(origin: string): Promise<KeySet> {
  const res = await fetch(`${origin}/cdn-cgi/access/certs`)
  if (!res.ok) throw new Error(`access certs answered ${res.status}`)
  const body = (await res.json()) as { keys?: (JsonWebKey & { kid?: string })[] }
  const keys = new Map<string, CryptoKey>()
  for (const jwk of body.keys ?? []) {
    if (jwk.kty !== 'RSA' || !jwk.kid) continue
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true },
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    )
    keys.set(jwk.kid, key)
  }
  return { fetchedAt: Date.now(), keys }
}

async function keyFor(origin: string, kid: string): Promise<CryptoKey | null> {
  const now = Date.now()
  let pending = keySets.get(origin)
  let set = pending ? await pending.catch(() => null) : null
  const stale = !set || now - set.fetchedAt > KEYS_TTL_MS
  const unknown = set && !set.keys.has(kid) && now - set.fetchedAt > REFETCH_AFTER_MS
  if (stale || unknown) {
    pending = fetchKeys(origin)
    keySets.set(origin, pending)
    set = await pending.catch((err) => {
      keySets.delete(origin)
      log('warn', 'access_certs_unavailable', { error: String(err) })
      return null
    })
  }
  return set?.keys.get(kid) ?? null
}

const json = (part: string): Record<string, unknown> | null => {
  try {
    const value = JSON.parse(new TextDecoder().decode(fromBase64Url(part)))
    return typeof value === 'object' && value !== null ? value : null
  } catch {
    return null
  }
}

/**
 * The actor for the audit log (`access:<subject id>`, or the service token's id) if the
 * assertion is valid, else null.
 */
export async function verifyAccessJwt(
  token: string | undefined,
  settings: { teamDomain: string; aud: string },
  now = Date.now(),
): Promise<string | null> {
  const parts = (token ?? '').split('.')
  if (parts.length !== 3) return null
  const [h = '', p = '', s = ''] = parts
  const header = json(h)
  const claims = json(p)
  if (!header || !claims || header.alg !== 'RS256' || typeof header.kid !== 'string') return null
  const origin = teamOrigin(settings.teamDomain)
  const key = await keyFor(origin, header.kid)
  if (!key) return null
  let signature: Uint8Array
  try {
    signature = fromBase64Url(s)
  } catch {
    return null
  }
  const signed = new TextEncoder().encode(`${h}.${p}`)
  if (!(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, signed))) return null
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (!aud.includes(settings.aud)) return null
  if (claims.iss !== origin) return null
  const seconds = now / 1000
  if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_S < seconds) return null
  if (typeof claims.nbf === 'number' && claims.nbf - LEEWAY_S > seconds) return null
  const subject =
    (typeof claims.sub === 'string' && claims.sub) ||
    (typeof claims.common_name === 'string' && claims.common_name) ||
    'unknown'
  return `access:${subject}`
}
