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
import { limiterKey } from '../domain/ip.ts'
import { type FieldProblem, parseWith, SignatureInput } from '../domain/signature.ts'
import { type Env, LANGS, type Lang } from '../env.ts'
import { emailDomainKey, encryptEmail, hmac } from '../lib/crypto.ts'
import { blockValuesFor, dailyIpHash } from '../lib/ip-hash.ts'
import { log } from '../lib/log.ts'
import { sendMailMessages } from '../lib/mail/queue.ts'
import { verifyTurnstile } from '../lib/turnstile.ts'
import { askPartnerConsent } from './consents.ts'

export type SignResult =
  | { kind: 'accepted' }
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

  if (s.website) {
    log('info', 'signature_honeypot', { campaign: campaign.id })
    return { kind: 'accepted' }
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
  if (outcome === 'recorded') return { kind: 'accepted' }
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
  return { kind: 'accepted' }
}
