/**
 * The texts of the mails we send, in the signer's language. Plain text: nothing to load. Every
 * mail is sent and signed in the name of the campaign's host organisation, and carries both a
 * link that removes the signature (erasing everything) and one that withdraws an
 * organisation's consent while keeping the signature.
 */
import type { Lang } from '../env.ts'

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
  if (lang === 'ru') {
    return [
      'Отозвать подпись и удалить все ваши данные можно в любой момент:',
      p.removeUrl,
      '',
      'Отказаться от писем какой-либо организации, сохранив подпись:',
      p.consentUrl,
      '',
      `— ${sender(p.host)}`,
    ]
  }
  return [
    'You can remove your signature and erase all your data at any time:',
    p.removeUrl,
    '',
    'To stop hearing from an organisation and keep your signature:',
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
  const links = [p.confirmUrl, p.removeUrl, p.consentUrl]
  const hostName = p.host?.name ?? PLATFORM
  if (lang === 'ru') {
    return {
      subject: `Подтвердите подпись: ${p.campaignTitle}`,
      text: [
        'Здравствуйте!',
        '',
        `Спасибо, что подписали обращение «${p.campaignTitle}» (организатор: ${hostName}${p.partner ? `, через партнёра ${p.partner.name}` : ''}).`,
        'Чтобы подпись была засчитана, подтвердите её по ссылке (действует 7 дней):',
        p.confirmUrl,
        '',
        'Если вы не подписывали это обращение, просто проигнорируйте письмо — без подтверждения подпись не учитывается и будет удалена.',
        '',
        ...footer(lang, p),
      ].join('\n'),
      links,
      fromName: sender(p.host),
    }
  }
  return {
    subject: `Please confirm your signature: ${p.campaignTitle}`,
    text: [
      'Hello,',
      '',
      `Thank you for signing “${p.campaignTitle}”, hosted by ${hostName}${p.partner ? ` (through our partner ${p.partner.name})` : ''}.`,
      'Your signature counts once you confirm it here (the link works for 7 days):',
      p.confirmUrl,
      '',
      'If you did not sign, ignore this mail: an unconfirmed signature never counts and is deleted.',
      '',
      ...footer(lang, p),
    ].join('\n'),
    links,
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
  const links = [p.confirmUrl, p.removeUrl, p.consentUrl]
  if (lang === 'ru') {
    return {
      subject: `Подтвердите: ${p.partner.name} будет сообщать вам новости`,
      text: [
        'Здравствуйте!',
        '',
        `Вы уже подписали обращение «${p.campaignTitle}», и ваша подпись учтена. Подписывая его снова через ${p.partner.name}, вы попросили эту организацию сообщать вам новости.`,
        'Подтвердите это по ссылке (действует 7 дней):',
        p.confirmUrl,
        '',
        'Если вы этого не просили, просто проигнорируйте письмо: без подтверждения ничего не изменится.',
        '',
        ...footer(lang, p),
      ].join('\n'),
      links,
      fromName: sender(p.host),
    }
  }
  return {
    subject: `Please confirm: ${p.partner.name} may keep you informed`,
    text: [
      'Hello,',
      '',
      `You have already signed “${p.campaignTitle}”, and your signature counts. Signing again through ${p.partner.name}, you asked that organisation to keep you informed.`,
      'Please confirm this here (the link works for 7 days):',
      p.confirmUrl,
      '',
      'If you did not ask for this, ignore this mail: nothing changes without your confirmation.',
      '',
      ...footer(lang, p),
    ].join('\n'),
    links,
    fromName: sender(p.host),
  }
}
