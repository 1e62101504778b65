/**
 * The mails we send, in the signer's language (texts in `src/i18n/`). Plain text: nothing to load. Every
 * mail is sent and signed in the name of the campaign's host organisation, and carries both a
 * link that removes the signature (erasing everything) and one that withdraws an
 * organisation's consent while keeping the signature.
 */
import type { Lang } from '../env.ts'
import { catalogue } from '../i18n/index.ts'

/** The organisations a mail names: the host sends it, a partner may be mentioned. */
export interface MailOrganisation {
  name: string
  senderName: string
}

export interface MailText {
  subject: string
  text: string
  links: string[]
  /** The sender's display name (the host's sender name). */
  fromName: string
}

const PLATFORM = 'standwith'

function sender(host: MailOrganisation | null | undefined): string {
  return host?.senderName || host?.name || PLATFORM
}

/** The end every mail shares: remove, withdraw consent, and the host's signature. */
function footer(
  lang: Lang,
  p: { removeUrl: string; consentUrl: string; host?: MailOrganisation | null },
): string[] {
  const m = catalogue(lang).mail
  return [
    m.removeAnyTime,
    p.removeUrl,
    '',
    m.withdrawConsent,
    p.consentUrl,
    '',
    `— ${sender(p.host)}`,
  ]
}

export function confirmationMail(
  lang: Lang,
  p: {
    campaignTitle: string
    confirmUrl: string
    removeUrl: string
    consentUrl: string
    host?: MailOrganisation | null
    /** The partner signed through, if any. */
    partner?: MailOrganisation | null
  },
): MailText {
  const m = catalogue(lang).mail
  return {
    subject: m.confirmSubject(p.campaignTitle),
    text: [
      m.greeting,
      '',
      m.confirmThanks(p.campaignTitle, p.host?.name ?? PLATFORM, p.partner?.name),
      m.confirmAsk,
      p.confirmUrl,
      '',
      m.confirmIgnore,
      '',
      ...footer(lang, p),
    ].join('\n'),
    links: [p.confirmUrl, p.removeUrl, p.consentUrl],
    fromName: sender(p.host),
  }
}

/**
 * To someone who already signed and, signing again through a partner, asked that partner for
 * its updates: the partner's consent is given only once they confirm it here.
 */
export function partnerConsentMail(
  lang: Lang,
  p: {
    campaignTitle: string
    confirmUrl: string
    removeUrl: string
    consentUrl: string
    host?: MailOrganisation | null
    partner: MailOrganisation
  },
): MailText {
  const m = catalogue(lang).mail
  return {
    subject: m.partnerSubject(p.partner.name),
    text: [
      m.greeting,
      '',
      m.partnerIntro(p.campaignTitle, p.partner.name),
      m.partnerAsk,
      p.confirmUrl,
      '',
      m.partnerIgnore,
      '',
      ...footer(lang, p),
    ].join('\n'),
    links: [p.confirmUrl, p.removeUrl, p.consentUrl],
    fromName: sender(p.host),
  }
}
