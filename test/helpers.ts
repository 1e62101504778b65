/** Small helpers for workerd tests: requests to the Worker, as a browser or an API client would. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import { newApp } from '../src/app.ts'
import { forgetCampaign } from '../src/middleware/page-cache/index.ts'

export const ORIGIN = 'http://localhost:8787'

/** Sends a request to the Worker's default export. */
export function fetchWorker(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), init))
}

export async function getJson<T = Record<string, unknown>>(path: string, init?: RequestInit) {
  const res = await fetchWorker(path, init)
  return { res, body: (await res.json()) as T }
}

export const SEEDED_SLUGS = [
  'azimzhan-askarov',
  'farid-tukhbatullin',
  'surat-ikramov',
  'central-asian-governments',
  'international-solidarity',
] as const

let ipCounter = Math.floor(Math.random() * 50_000)

/** A fresh client IP per call, so the per-IP limits of one test do not touch another. */
export function freshIp(): string {
  ipCounter += 1
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

export function uniqueEmail(prefix = 'signer'): string {
  return `${prefix}.${crypto.randomUUID().slice(0, 8)}@example.org`
}

export interface SignBody {
  name?: unknown
  email?: unknown
  country?: unknown
  city?: unknown
  comment?: unknown
  showName?: unknown
  nameInDelivery?: unknown
  keepInformed?: unknown
  keepInformedByPartner?: unknown
  partner?: unknown
  consent?: unknown
  turnstileToken?: unknown
  website?: unknown
  lang?: unknown
}

export function validSignature(overrides: SignBody = {}): SignBody {
  return { name: 'Ada Lovelace', email: uniqueEmail(), country: 'GB', consent: true, ...overrides }
}

/**
 * POSTs these signatures all at once through one app with `workerEnv` (each from its own IP, in
 * its own request context, waiting for what each left in `waitUntil`); their statuses.
 */
export async function signAtOnce(
  slug: string,
  bodies: SignBody[],
  workerEnv: typeof env = env,
): Promise<number[]> {
  const app = newApp()
  return Promise.all(
    bodies.map(async (body) => {
      const ctx = createExecutionContext()
      const res = await app.fetch(
        new Request(`${ORIGIN}/api/v1/campaigns/${slug}/signatures`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
          body: JSON.stringify(body),
        }),
        workerEnv,
        ctx,
      )
      await waitOnExecutionContext(ctx)
      return res.status
    }),
  )
}

/** POSTs a signature through the JSON API from `ip`. */
export function apiSign(
  slug: string,
  body: unknown,
  ip = freshIp(),
  headers: Record<string, string> = {},
) {
  return fetchWorker(`/api/v1/campaigns/${slug}/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** POSTs the HTML sign form from `ip`. */
export function formSign(slug: string, fields: Record<string, string>, ip = freshIp()) {
  return fetchWorker(`/campaigns/${slug}/sign`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

export interface OutboxMail {
  at: string
  to: string
  subject: string
  text: string
  links: string[]
}

/** The outbox for one address (mail leaves through the queue after the answer: wait for it). */
export async function mailsTo(
  to: string,
  { atLeast = 1, timeoutMs = 10_000 } = {},
): Promise<OutboxMail[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await fetchWorker(`/dev/outbox?to=${encodeURIComponent(to)}`)
    const { mails } = (await res.json()) as { mails: OutboxMail[] }
    if (mails.length >= atLeast || Date.now() > deadline) return mails
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Path of a link in a mail: `/confirm/…` or `/remove/…`. */
export function linkPath(
  mail: Pick<OutboxMail, 'links'>,
  kind: 'confirm' | 'remove' | 'consent',
): string {
  const link = mail.links.find((l) => new URL(l).pathname.startsWith(`/${kind}/`))
  if (!link) throw new Error(`no ${kind} link in mail`)
  return new URL(link).pathname
}

export async function confirmedCount(slug: string): Promise<number> {
  const res = await fetchWorker(`/api/v1/campaigns/${slug}/count`)
  return ((await res.json()) as { confirmed: number }).confirmed
}

/** Signs through the API, confirms from the mail, returns the mail. */
export async function signAndConfirm(slug: string, body: SignBody = validSignature()) {
  const res = await apiSign(slug, body)
  if (res.status !== 202) throw new Error(`sign answered ${res.status}`)
  const [mail] = await mailsTo(String(body.email))
  if (!mail) throw new Error('no confirmation mail')
  const confirmed = await fetchWorker(linkPath(mail, 'confirm'), { method: 'POST' })
  if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}`)
  return mail
}

/**
 * Changes a campaign row directly, then forgets what this isolate cached about it — as the
 * organisers' routes do after a change.
 */
export async function updateCampaign(slug: string, set: string, ...values: unknown[]) {
  await env.DB.prepare(`update campaigns set ${set} where slug = ?`)
    .bind(...values, slug)
    .run()
  await forgetCampaign(ORIGIN, slug)
}

/**
 * Waits, if need be, until the current rate-limit minute has at least `marginMs` left: the
 * local Rate Limiting binding counts per fixed minute, and a flood that straddles a minute's
 * end would start counting again.
 */
export async function awayFromMinuteEnd(marginMs = 8000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 250))
}
