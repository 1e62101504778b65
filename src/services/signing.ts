/**
 * The one path every signature takes, from the campaign page, the JSON API and the widget:
 * hard rate limit, campaign state, validation, honeypot, Turnstile, block lists, then one
 * write batch, then the confirmation mail. Duplicates, honeypot hits, blocked and held
 * submissions all end as the same "accepted": a bot learns nothing from the answer.
 */

import { reissueTokens, signatureWriter } from '../db/signatures.ts'
import { campaignForSigning } from '../db/signing-campaigns.ts'
import { emailDomain, normaliseEmail } from '../domain/email.ts'
import { type FieldProblem, parseWith, SignatureInput } from '../domain/signature.ts'
import { type Env, LANGS, type Lang } from '../env.ts'
import { encryptEmail, hmac, randomToken, sha256Hex } from '../lib/crypto.ts'
import { blockValuesFor, dailyIpHash } from '../lib/ip-hash.ts'
import { log } from '../lib/log.ts'
import { confirmationMailer } from '../lib/mail/batch.ts'
import { verifyTurnstile } from '../lib/turnstile.ts'
import { confirmationMail } from '../views/mail.ts'

export type SignResult =
  | { kind: 'accepted' }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'not_found' }
  | { kind: 'closed' }
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'challenge_failed' }

export interface SignContext {
  env: Env
  /** For the confirmation mail, sent after the answer. */
  waitUntil: (p: Promise<unknown>) => void
  /** `CF-Connecting-IP`, nothing else. */
  clientIp: string | null
  /** Language of the page the signer used (the mail's language unless the input names one). */
  lang: Lang
  now?: number
}

/** The hard per-IP limit: the Rate Limiting binding, keyed by the client's network. */
export async function withinHardLimit(env: Env, ip: string | null): Promise<boolean> {
  const { success } = await env.SUBMIT_LIMITER.limit({ key: `submit:${ip ?? 'unknown'}` })
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

  const domain = emailDomain(s.email)
  const confirmToken = randomToken()
  const removeToken = randomToken()
  const [emailHash, { cipher, keyId }, confirmHash, removeHash, ipHash, blockValues] =
    await Promise.all([
      hmac(env.EMAIL_PEPPER, normaliseEmail(s.email)),
      encryptEmail(env.EMAIL_KEYS, s.email, `signature:${campaign.id}`),
      sha256Hex(confirmToken),
      sha256Hex(removeToken),
      dailyIpHash(env.IP_HASH_KEY, clientIp, now),
      blockValuesFor(env.IP_HASH_KEY, clientIp),
    ])
  // Block lists are checked inside the write itself: a blocked submission writes nothing
  // and is answered like any other.
  const outcome = await signatureWriter(env.DB).submit({
    campaignId: campaign.id,
    emailHash,
    emailCipher: cipher,
    emailKeyId: keyId,
    emailDomain: domain,
    blockValues,
    name: s.name,
    country: s.country,
    city: s.city ?? null,
    comment: s.comment ?? null,
    showName: s.showName,
    nameInDelivery: s.nameInDelivery,
    keepInformed: s.keepInformed,
    lang,
    ipHash,
    softLimit: Number(env.SOFT_LIMIT_PER_CAMPAIGN ?? 5),
    createdAt: now,
    confirmTokenHash: confirmHash,
    removeTokenHash: removeHash,
  })
  let mailLang: Lang | null = outcome === 'recorded' ? lang : null
  if (outcome === 'duplicate') {
    const again = await reissueTokens(env.DB, campaign.id, emailHash, now, confirmHash, removeHash)
    if (again)
      mailLang = (LANGS as readonly string[]).includes(again.lang) ? (again.lang as Lang) : lang
  }
  if (mailLang) {
    const mail = confirmationMail(mailLang, {
      campaignTitle: campaign.title,
      confirmUrl: `${env.PUBLIC_ORIGIN}/confirm/${confirmToken}`,
      removeUrl: `${env.PUBLIC_ORIGIN}/remove/${removeToken}`,
    })
    confirmationMailer.enqueue(
      env,
      { ...mail, to: s.email, idempotencyKey: `confirm:${confirmHash}`, createdAt: now },
      ctx.waitUntil,
    )
  }
  return { kind: 'accepted' }
}
