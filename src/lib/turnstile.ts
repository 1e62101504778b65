/** Server-side Turnstile verification (only when TURNSTILE_SECRET_KEY is set). */
export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify'

export async function verifyTurnstile(
  secret: string,
  token: string | undefined,
  ip: string | null,
): Promise<boolean> {
  if (!token) return false
  const body = new FormData()
  body.set('secret', secret)
  body.set('response', token)
  if (ip) body.set('remoteip', ip)
  try {
    const res = await fetch(SITEVERIFY_URL, { method: 'POST', body })
    if (!res.ok) return false
    const outcome = (await res.json()) as { success?: boolean }
    return outcome.success === true
  } catch {
    return false
  }
}
