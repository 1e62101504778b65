/** Server-side Turnstile verification (only when TURNSTILE_SECRET_KEY is set). */
export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify'

/** A siteverify that does not answer in this time counts as a failed challenge. */
const SITEVERIFY_TIMEOUT_MS = 3000

/**
 * Cloudflare's documented testing secret keys: their answers are not for any real hostname,
 * so the hostname check is skipped for them (they only ever exist in development).
 */
const TESTING_SECRET = /^[123]x0{31}AA$/

export async function verifyTurnstile(
  secret: string,
  token: string | undefined,
  ip: string | null,
  {
    hostname,
    timeoutMs = SITEVERIFY_TIMEOUT_MS,
  }: {
    /** The host the challenge must have been solved on: ours (the widget's iframe is ours too). */
    hostname: string
    timeoutMs?: number
  },
): Promise<boolean> {
  if (!token) return false
  const body = new FormData()
  body.set('secret', secret)
  body.set('response', token)
  if (ip) body.set('remoteip', ip)
  try {
    const res = await fetch(SITEVERIFY_URL, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (!res.ok) return false
    const outcome = (await res.json()) as { success?: boolean; hostname?: string }
    if (outcome.success !== true) return false
    // A token solved on another site (one that copied our site key) is not a pass here.
    return TESTING_SECRET.test(secret) || outcome.hostname?.toLowerCase() === hostname.toLowerCase()
  } catch {
    return false
  }
}
