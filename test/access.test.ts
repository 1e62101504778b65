/** The Cloudflare Access check against a locally generated key set, served by a mocked fetch. */
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { remoteKeySet, verifyAccessJwt } from '../src/middleware/admin-auth/access.ts'

const TEAM = 'lib-test.cloudflareaccess.com'
const ISSUER = `https://${TEAM}`
const AUD = 'standwith-aud-under-test'
const KID = 'k1'
const settings = { teamDomain: TEAM, aud: AUD }

type Keys = Awaited<ReturnType<typeof generateKeyPair>>
let keys: Keys
let stranger: Keys
let jwks: { keys: unknown[] }

beforeAll(async () => {
  keys = await generateKeyPair('RS256')
  stranger = await generateKeyPair('RS256')
  jwks = { keys: [{ ...(await exportJWK(keys.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] }
})

/** A fetch that serves the key set and counts its calls. */
function serving(body: unknown = jwks, status = 200) {
  const calls: string[] = []
  const fetch = (async (input: RequestInfo | URL) => {
    calls.push(String(input))
    return Response.json(body, { status })
  }) as typeof globalThis.fetch
  return { calls, keys: remoteKeySet(ISSUER, { fetch }) }
}

async function token(
  claims: JWTPayload = {},
  { key = keys.privateKey, kid = KID, exp = '10m' as string | number | null } = {},
) {
  const jwt = new SignJWT({ sub: 'person-1', iss: ISSUER, aud: [AUD], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuedAt()
  if (exp !== null) jwt.setExpirationTime(exp)
  return jwt.sign(key)
}

describe('Cloudflare Access assertions', () => {
  it('a valid assertion names its subject; the key set is fetched once', async () => {
    const { calls, keys: set } = serving()
    expect(await verifyAccessJwt(await token(), settings, Date.now(), set)).toBe('access:person-1')
    expect(await verifyAccessJwt(await token(), settings, Date.now(), set)).toBe('access:person-1')
    expect(calls).toEqual([`${ISSUER}/cdn-cgi/access/certs`])
  })

  it('a service token without a subject is named by its common name', async () => {
    const { keys: set } = serving()
    const jwt = await token({ sub: '', common_name: 'ci-bot.access' })
    expect(await verifyAccessJwt(jwt, settings, Date.now(), set)).toBe('access:ci-bot.access')
  })

  it('refuses an expired assertion, allowing a small clock leeway', async () => {
    const { keys: set } = serving()
    const now = Math.floor(Date.now() / 1000)
    expect(
      await verifyAccessJwt(await token({}, { exp: now - 10 }), settings, Date.now(), set),
    ).toBe('access:person-1')
    expect(
      await verifyAccessJwt(await token({}, { exp: now - 120 }), settings, Date.now(), set),
    ).toBeNull()
    // The same token, read an hour later.
    const jwt = await token()
    expect(await verifyAccessJwt(jwt, settings, Date.now() + 3_600_000, set)).toBeNull()
  })

  it('refuses an assertion without exp', async () => {
    const { keys: set } = serving()
    expect(
      await verifyAccessJwt(await token({}, { exp: null }), settings, Date.now(), set),
    ).toBeNull()
  })

  it('refuses the wrong audience and the wrong issuer', async () => {
    const { keys: set } = serving()
    expect(
      await verifyAccessJwt(await token({ aud: 'another-app' }), settings, Date.now(), set),
    ).toBeNull()
    expect(
      await verifyAccessJwt(
        await token({ iss: 'https://evil.cloudflareaccess.com' }),
        settings,
        Date.now(),
        set,
      ),
    ).toBeNull()
  })

  it('refuses an unknown key, refetching the key set at most once in the cooldown', async () => {
    const { calls, keys: set } = serving()
    const unknown = await token({}, { key: stranger.privateKey, kid: 'k2' })
    expect(await verifyAccessJwt(unknown, settings, Date.now(), set)).toBeNull()
    expect(await verifyAccessJwt(unknown, settings, Date.now(), set)).toBeNull()
    expect(calls).toHaveLength(1)
    // A known key id with a signature from another key.
    const forged = await token({}, { key: stranger.privateKey })
    expect(await verifyAccessJwt(forged, settings, Date.now(), set)).toBeNull()
  })

  it('refuses when the key set is unreachable, errs or does not answer in time', async () => {
    const jwt = await token()
    const down = remoteKeySet(ISSUER, {
      fetch: (async () => {
        throw new TypeError('network down')
      }) as typeof globalThis.fetch,
    })
    expect(await verifyAccessJwt(jwt, settings, Date.now(), down)).toBeNull()
    expect(await verifyAccessJwt(jwt, settings, Date.now(), serving({}, 503).keys)).toBeNull()
    const hanging = remoteKeySet(ISSUER, {
      timeoutMs: 200,
      fetch: ((_: unknown, init?: RequestInit) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
        })) as typeof globalThis.fetch,
    })
    const started = Date.now()
    expect(await verifyAccessJwt(jwt, settings, Date.now(), hanging)).toBeNull()
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('refuses malformed assertions and alg none', async () => {
    const { keys: set } = serving()
    const [, body] = (await token()).split('.')
    const none = `${btoa(JSON.stringify({ alg: 'none', kid: KID })).replace(/=+$/, '')}.${body}.`
    for (const bad of [undefined, '', 'a.b.c', 'not a token', none])
      expect(await verifyAccessJwt(bad, settings, Date.now(), set), String(bad)).toBeNull()
  })
})
