/**
 * The one path every signature takes, from the campaign page, the JSON API and the widget:
 * hard rate limit, campaign state, validation, honeypot, Turnstile, block lists, then one
 * write batch, which also makes the confirmation mail owed; one queue message per group commit
 * is sent after the answer (src/jobs/mail-delivery.ts delivers the mail and writes the hashes
 * of its links, or the sweep queues it again if the message is lost).
 * Duplicates, honeypot hits, blocked and held submissions all end as the same "accepted": a
 * bot learns nothing from the answer.
 */

import { reoweMail } from '../db/mail.ts'
import { signatureWriter } from '../db/signatures.ts'
import { campaignForSigning } from '../db/signing-campaigns.ts'
import { emailDomain, normaliseEmail } from '../domain/email.ts'
import { maskEmail } from '../domain/email-mask.ts'
import { limiterKey } from '../domain/ip.ts'
import { type FieldProblem, parseWith, SignatureInput } from '../domain/signature.ts'
import { type Env, LANGS, type Lang } from '../env.ts'
import { emailDomainKey, encryptEmail, hmac } from '../lib/crypto.ts'
import { blockValuesFor, dailyIpHash } from '../lib/ip-hash.ts'
import { log } from '../lib/log.ts'
import { sendMailMessages } from '../lib/mail/queue.ts'
import { MAX_RESENDS, type Receipt } from '../lib/thanks-receipt.ts'
import { verifyTurnstile } from '../lib/turnstile.ts'
import { askPartnerConsent } from './consents.ts'

/**
 * What the thank-you page may know of an accepted signature: which row's mail it may ask for
 * again (campaign, email HMAC) and the address masked. The same for every accepted answer
 * (a duplicate, a honeypot hit, a blocked one): the page shows what the person typed.
 */
export interface SignReceipt {
  campaignId: number
  emailHash: string
  masked: string
}

export type SignResult =
  | { kind: 'accepted'; receipt: SignReceipt }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'not_found' }
  | { kind: 'closed' }
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'challenge_failed' }

export interface SignContext {
  env: Env
  /** For the confirmation mail's queue message, sent after the answer. */
  waitUntil: (p: Promise<unknown>) => void
  /** `CF-Connecting-IP`, nothing else. */
  clientIp: string | null
  /** Language of the page the signer used (the mail's language unless the input names one). */
  lang: Lang
  /** Where the signer signed: recorded with the signature and its consents. */
  source?: 'page' | 'widget' | 'api'
  now?: number
}

/** The hard per-IP limit: the Rate Limiting binding, keyed by the client's network. */
export async function withinHardLimit(env: Env, ip: string | null): Promise<boolean> {
  const { success } = await env.SUBMIT_LIMITER.limit({ key: `submit:${limiterKey(ip)}` })
  return success
}

export async function sign(ctx: SignContext, slug: string, input: unknown): Promise<SignResult> {
  const { env, clientIp } = ctx
  const now = ctx.now ?? Date.now()
  // The limiter's answer is awaited before anything is written; asking it first and
  // meanwhile validating keeps it off the critical path.
  const limited = withinHardLimit(env, clientIp)

  const parsed = parseWith(SignatureInput, input)
  const lang: Lang =
    parsed.ok && (LANGS as readonly string[]).includes(parsed.value.lang ?? '')
      ? (parsed.value.lang as Lang)
      : ctx.lang
  const campaign = await campaignForSigning(env.DB, slug, lang)
  if (!(await limited)) return { kind: 'rate_limited', retryAfter: 60 }
  if (!campaign) return { kind: 'not_found' }
  if (campaign.status === 'closed') return { kind: 'closed' }
  if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems }
  const s = parsed.value

  // Masked only when a page shows it (the JSON API answers without it).
  const receipt = (emailHash: string): SignResult => ({
    kind: 'accepted',
    receipt: {
      campaignId: campaign.id,
      emailHash,
      get masked() {
        return maskEmail(s.email)
      },
    },
  })
  if (s.website) {
    log('info', 'signature_honeypot', { campaign: campaign.id })
    return receipt(await hmac(env.EMAIL_PEPPER, normaliseEmail(s.email)))
  }
  if (env.TURNSTILE_SECRET_KEY) {
    const human = await verifyTurnstile(env.TURNSTILE_SECRET_KEY, s.turnstileToken, clientIp, {
      hostname: new URL(env.PUBLIC_ORIGIN).hostname,
    })
    if (!human) return { kind: 'challenge_failed' }
  }

  // An unknown, suspended, removed or non-partner slug is ignored: the host is credited.
  const partner = campaign.partners.find((p) => p.slug === s.partner) ?? null
  const source = ctx.source ?? 'api'
  const domain = emailDomain(s.email)
  const [emailHash, { cipher, keyId }, ipHash, blockValues, domainKey] = await Promise.all([
    hmac(env.EMAIL_PEPPER, normaliseEmail(s.email)),
    encryptEmail(env.EMAIL_KEYS, s.email, `signature:${campaign.id}`),
    dailyIpHash(env.IP_HASH_KEY, clientIp, now),
    blockValuesFor(env.IP_HASH_KEY, clientIp),
    emailDomainKey(env.EMAIL_PEPPER, domain),
  ])
  // Block lists are checked inside the write itself: a blocked submission writes nothing
  // and is answered like any other. The mail is owed from the write on (the row's defaults);
  // the writer queues its message after the answer. The consumer builds the mail from the
  // stored row, so it goes to the address stored with the signature, never to a variant just
  // typed (`K@…` in U+212A for `k@…`), with links derived from that row.
  const outcome = await signatureWriter(env.DB, env.MAIL_QUEUE).submit(
    {
      campaignId: campaign.id,
      emailHash,
      emailCipher: cipher,
      emailKeyId: keyId,
      emailDomainKey: domainKey,
      blockDomain: domain,
      blockValues,
      name: s.name,
      country: s.country,
      city: s.city ?? null,
      comment: s.comment ?? null,
      showName: s.showName,
      nameInDelivery: s.nameInDelivery,
      keepInformed: s.keepInformed,
      partnerId: partner?.id ?? null,
      keepInformedByPartner: partner !== null && s.keepInformedByPartner,
      source,
      hostNoticeId: campaign.host?.noticeId ?? null,
      partnerNoticeId: partner?.noticeId ?? null,
      lang,
      ipHash,
      softLimit: Number(env.SOFT_LIMIT_PER_CAMPAIGN ?? 5),
      createdAt: now,
    },
    ctx.waitUntil,
  )
  if (outcome === 'duplicate' && partner && s.keepInformedByPartner) {
    // Someone who already signed asks a (new) partner for its updates: the count and credit
    // stay, and the partner's consent is asked for by mail to the address stored.
    ctx.waitUntil(
      askPartnerConsent(env, { campaign, partner, emailHash, lang, source, now }).catch(
        (err: unknown) =>
          log('error', 'partner_consent_failed', { campaign: campaign.id, error: String(err) }),
      ),
    )
  }
  if (outcome === 'recorded') return receipt(emailHash)
  // A duplicate is answered at once, like a new signature: whether mail is owed again is
  // decided after the answer, so its timing does not tell that this address already signed.
  ctx.waitUntil(
    (async () => {
      // A timer runs only once the handler's promise (the answer) has settled.
      await new Promise((resolve) => setTimeout(resolve, 0))
      const message = await reoweMail(env.DB, campaign.id, emailHash, now)
      if (message) await sendMailMessages(env.MAIL_QUEUE, [message])
    })().catch((err) => log('error', 'signature_reowe_failed', { error: String(err) })),
  )
  return receipt(emailHash)
}

/** A fresh receipt for the thank-you page of an accepted signature, signed at `now`. */
export function newReceipt(r: SignReceipt, now: number): Receipt {
  return { c: r.campaignId, h: r.emailHash, m: r.masked, t: now, s: now, n: 0 }
}

/** How long after a mail the thank-you page offers to send it again (`RESEND_AFTER_SECONDS`). */
export function resendWaitMs(env: Pick<Env, 'RESEND_AFTER_SECONDS'>): number {
  const seconds = Number(env.RESEND_AFTER_SECONDS ?? 180)
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : 180) * 1000
}

export type ResendResult =
  | { kind: 'resent'; receipt: Receipt }
  | { kind: 'too_soon'; receipt: Receipt }
  | { kind: 'exhausted'; receipt: Receipt }
  | { kind: 'rate_limited'; retryAfter: number }

/**
 * The thank-you page's "send the mail again": after the wait (`resendWaitMs`, counted from the
 * receipt's last mail and, in D1, from when the row's mail was owed), at most `MAX_RESENDS`
 * times, within the hard per-IP limit. The mail is owed again through the durable path
 * (`reoweMail`, then the queue; the sweep if the message is lost), never sent from here.
 * Whether anything was owed (pending, already confirmed, never written) is decided after the
 * answer, which is the same in every case.
 */
export async function resendConfirmation(
  ctx: Omit<SignContext, 'lang' | 'source'>,
  receipt: Receipt,
): Promise<ResendResult> {
  const { env } = ctx
  const now = ctx.now ?? Date.now()
  const wait = resendWaitMs(env)
  if (receipt.n >= MAX_RESENDS) return { kind: 'exhausted', receipt }
  if (now < receipt.s + wait) return { kind: 'too_soon', receipt }
  if (!(await withinHardLimit(env, ctx.clientIp))) return { kind: 'rate_limited', retryAfter: 60 }
  ctx.waitUntil(
    (async () => {
      await new Promise((resolve) => setTimeout(resolve, 0))
      const message = await reoweMail(env.DB, receipt.c, receipt.h, now, wait)
      if (message) await sendMailMessages(env.MAIL_QUEUE, [message])
    })().catch((err) => log('error', 'signature_resend_failed', { error: String(err) })),
  )
  return { kind: 'resent', receipt: { ...receipt, s: now, n: receipt.n + 1 } }
}
