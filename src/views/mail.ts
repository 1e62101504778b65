/** The texts of the mails we send, in the signer's language. Plain text: nothing to load. */
import type { Lang } from '../env.ts'

export function confirmationMail(
  lang: Lang,
  p: { campaignTitle: string; confirmUrl: string; removeUrl: string },
): { subject: string; text: string; links: string[] } {
  if (lang === 'ru') {
    return {
      subject: `Подтвердите подпись: ${p.campaignTitle}`,
      text: [
        'Здравствуйте!',
        '',
        `Спасибо, что подписали обращение «${p.campaignTitle}».`,
        'Чтобы подпись была засчитана, подтвердите её по ссылке (действует 7 дней):',
        p.confirmUrl,
        '',
        'Если вы не подписывали это обращение, просто проигнорируйте письмо — без подтверждения подпись не учитывается и будет удалена.',
        '',
        'Отозвать подпись и удалить ваши данные можно в любой момент:',
        p.removeUrl,
        '',
        '— standwith',
      ].join('\n'),
      links: [p.confirmUrl, p.removeUrl],
    }
  }
  return {
    subject: `Please confirm your signature: ${p.campaignTitle}`,
    text: [
      'Hello,',
      '',
      `Thank you for signing “${p.campaignTitle}”.`,
      'Your signature counts once you confirm it here (the link works for 7 days):',
      p.confirmUrl,
      '',
      'If you did not sign, ignore this mail: an unconfirmed signature never counts and is deleted.',
      '',
      'You can remove your signature and erase your data at any time:',
      p.removeUrl,
      '',
      '— standwith',
    ].join('\n'),
    links: [p.confirmUrl, p.removeUrl],
  }
}
