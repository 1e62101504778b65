/**
 * Cloudflare Access, when `ACCESS_TEAM_DOMAIN` and `ACCESS_AUD` are set: every admin request must
 * carry a `Cf-Access-Jwt-Assertion` that verifies (RS256) against the team's published keys,
 * names our application's audience and the team as issuer, and carries an `exp` that has not
 * passed. Parsing and verification are `jose`'s; the key set is fetched with a timeout, cached
 * per isolate, and fetched again (at most every 30 s) when a token names a key we do not know.
 */
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey, jwtVerify } from 'jose'
import type { Env } from '../../env.ts'
import { log } from '../../lib/log.ts'

export const ACCESS_HEADER = 'cf-access-jwt-assertion'
/** Clock skew we tolerate on `exp` and `nbf`, in seconds. */
const LEEWAY_S = 30
/** A key set that does not answer in this time fails the request (401), not hangs it. */
const KEYS_TIMEOUT_MS = 5000

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

/**
 * The team's key set as `jose` fetches it: at most `timeoutMs` a fetch, trusted for an hour,
 * refetched for an unknown key id at most every 30 s. `fetch` replaces the platform's (tests).
 */
export function remoteKeySet(
  origin: string,
  {
    timeoutMs = KEYS_TIMEOUT_MS,
    fetch,
  }: { timeoutMs?: number; fetch?: typeof globalThis.fetch } = {},
): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL('/cdn-cgi/access/certs', origin), {
    timeoutDuration: timeoutMs,
    cooldownDuration: 30_000,
    cacheMaxAge: 60 * 60 * 1000,
    ...(fetch ? { [customFetch]: fetch } : {}),
  })
}

/** `jose` error codes that mean the key set could not be fetched or read. */
const KEY_SET_FAILURES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID'])

const keySets = new Map<string, JWTVerifyGetKey>()

function keySetFor(origin: string): JWTVerifyGetKey {
  let keys = keySets.get(origin)
  if (!keys) {
    keys = remoteKeySet(origin)
    keySets.set(origin, keys)
  }
  return keys
}

/**
 * The actor for the audit log (`access:<subject id>`, or the service token's common name) if
 * the assertion is valid, else null.
 */
export async function verifyAccessJwt(
  token: string | undefined,
  settings: { teamDomain: string; aud: string },
  now = Date.now(),
  keys?: JWTVerifyGetKey,
): Promise<string | null> {
  if (!token) return null
  const origin = teamOrigin(settings.teamDomain)
  try {
    const { payload } = await jwtVerify(token, keys ?? keySetFor(origin), {
      algorithms: ['RS256'],
      audience: settings.aud,
      issuer: origin,
      requiredClaims: ['exp'],
      clockTolerance: LEEWAY_S,
      currentDate: new Date(now),
    })
    const commonName = payload.common_name
    const subject =
      payload.sub || (typeof commonName === 'string' && commonName ? commonName : 'unknown')
    return `access:${subject}`
  } catch (err) {
    // A bad assertion is the caller's problem; a key set that cannot be had is ours: say so.
    const code = (err as { code?: string }).code
    if (!code || KEY_SET_FAILURES.has(code)) {
      log('warn', 'access_certs_unavailable', { error: code ?? String(err) })
    }
    return null
  }
}
