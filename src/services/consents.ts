/**
 * Consent per organisation: given when a signer confirms (for the host if they asked to be
 * kept informed, for the partner they signed through if they asked it), asked for by mail
 * when a signer who already counts asks a further partner for its updates, withdrawn per
 * organisation from the link in every mail while the signature stays.
 */
import { createDb } from '../db/client.ts'
import {
  askConsentQuery,
  consentEmailContext,
  consentOf,
  findSigner,
  type GivenConsent,
  givenConsentStatements,
} from '../db/consents.ts'
import { RESEND_AFTER_MS } from '../db/mail.ts'
import { consents, signatureTokens } from '../db/schema.ts'
import {
  CONFIRM_TTL_MS,
  confirmSignature,
  REMOVE_TTL_MS,
  type TokenLookup,
} from '../db/signatures.ts'
import type { CampaignForSigning, SigningOrganisation } from '../db/signing-campaigns.ts'
import type { Env, Lang } from '../env.ts'
import { decryptEmail, encryptEmail, sha256Hex } from '../lib/crypto.ts'
import { consentLinkTokens } from '../lib/link-tokens.ts'
import { log } from '../lib/log.ts'
import { sendMailMessages } from '../lib/mail/queue.ts'

const signatureContext = (campaignId: number) => `signature:${campaignId}`

/**
 * Confirms a signature from its mailed link and, in the same batch, records the consents its
 * signer asked for, each with the notice version shown and the address encrypted for that
 * organisation.
 */
export async function confirmWithConsents(
  env: Env,
  found: TokenLookup & { hash: string },
  now: number,
): ReturnType<typeof confirmSignature> {
  const confirming = found.status === 'pending' || (found.status === 'held' && !found.confirmedAt)
  const wanted: { organisationId: number; noticeId: number | null }[] = []
  if (confirming && found.keepInformed && found.hostId !== null) {
    wanted.push({ organisationId: found.hostId, noticeId: found.hostNoticeId })
  }
  if (confirming && found.keepInformedByPartner && found.partnerId !== null) {
    wanted.push({ organisationId: found.partnerId, noticeId: found.partnerNoticeId })
  }
  const { emailCipher, emailKeyId } = found
  // A key no longer configured must not stop the confirmation: the consent is still recorded
  // as evidence, without an address.
  const email =
    wanted.length && emailCipher && emailKeyId
      ? await decryptEmail(
          env.EMAIL_KEYS,
          emailKeyId,
          emailCipher,
          signatureContext(found.campaignId),
        ).catch(() => {
          log('warn', 'consent_address_unreadable', { campaign: found.campaignId })
          return null
        })
      : null
  const list: GivenConsent[] = await Promise.all(
    wanted.map(async (w) => {
      const sealed = email
        ? await encryptEmail(env.EMAIL_KEYS, email, consentEmailContext(w.organisationId))
        : null
      return { ...w, emailCipher: sealed?.cipher ?? null, emailKeyId: sealed?.keyId ?? null }
    }),
  )
  return confirmSignature(
    env.DB,
    found,
    found.hash,
    now,
    givenConsentStatements(env.DB, found.id, now, list),
  )
}

/**
 * Someone who already signed signed again through `partner` and asked for its updates. Their count and credit stay as they are; a pending consent is recorded and a mail
 * to the address stored (not the one just typed, which anyone could type) asks them to
 * confirm it. Nothing happens when the consent is already given, or was asked for minutes ago.
 */
export async function askPartnerConsent(
  env: Env,
  p: {
    campaign: CampaignForSigning
    partner: SigningOrganisation
    emailHash: string
    lang: Lang
    source: 'page' | 'widget' | 'api'
    now: number
  },
): Promise<void> {
  const db = createDb(env.DB)
  const { campaign, partner, now } = p
  const signer = await findSigner(db, campaign.id, p.emailHash)
  // Whether or not the signature is confirmed yet: the consent is given only from the mail.
  if (!signer?.emailCipher || !signer.emailKeyId) return
  if (signer.status === 'removed' || signer.status === 'invalidated') return
  const existing = await consentOf(db, signer.id, partner.id)
  if (existing?.status === 'given') return
  if (existing?.status === 'pending' && now - existing.askedAt < RESEND_AFTER_MS) return
  const email = await decryptEmail(
    env.EMAIL_KEYS,
    signer.emailKeyId,
    signer.emailCipher,
    signatureContext(campaign.id),
  )
  // The mail is owed on the consent's row from the batch that asks (the sweep finds it if the
  // queue message below is lost) and built by the queue consumer; its links are derived from
  // the consent's own ciphertext and the time asked (src/lib/link-tokens.ts), so every attempt
  // rebuilds the same mail, and only their hashes are kept here.
  const sealed = await encryptEmail(env.EMAIL_KEYS, email, consentEmailContext(partner.id))
  const tokens = await consentLinkTokens(env.EMAIL_PEPPER, sealed.cipher, now)
  const [consentHash, removeHash] = await Promise.all([
    sha256Hex(tokens.consent),
    sha256Hex(tokens.remove),
  ])
  const [asked] = await db.batch([
    askConsentQuery(db, {
      signatureId: signer.id,
      organisationId: partner.id,
      noticeId: partner.noticeId,
      lang: p.lang,
      source: p.source,
      emailCipher: sealed.cipher,
      emailKeyId: sealed.keyId,
      now,
    }).returning({ id: consents.id }),
    db.insert(signatureTokens).values([
      {
        tokenHash: consentHash,
        signatureId: signer.id,
        purpose: 'consent',
        expiresAt: now + CONFIRM_TTL_MS,
      },
      {
        tokenHash: removeHash,
        signatureId: signer.id,
        purpose: 'remove',
        expiresAt: now + REMOVE_TTL_MS,
      },
    ]),
  ])
  // Given meanwhile by a racing request: nothing is owed.
  const consentId = asked[0]?.id
  if (consentId !== undefined) await sendMailMessages(env.MAIL_QUEUE, [{ p: consentId, a: now }])
}
