/**
 * The thank-you state after signing, on the campaign page's thanks and in the widget: sharing
 * first, then the mail — the masked address it went to, the spam folder, and "send it again"
 * once the wait is over. Without a receipt (a shared link, another browser) it is generic.
 */
import type { PageContext } from './layout.tsx'
import { ShareLinks } from './share.tsx'

/** What the page knows of the signer's mail, from their receipt. */
export interface ThanksMail {
  /** The address as `maskEmail` shows it. */
  masked: string
  /** Seconds until the mail may be asked for again; 0 when it may be now. */
  readyIn: number
  /** The last mail was asked for from this page (and the wait since is not over). */
  resent: boolean
  /** No more resends from this receipt. */
  exhausted: boolean
  /** Where the resend form posts. */
  action: string
  /** Hidden fields of the resend form (the widget's sealed receipt). */
  hidden?: Record<string, string>
}

/** Stands for the address in a translated sentence, so it can be set in bold. */
const MARK = '\u0000'

function WithAddress(props: { text: string; masked: string }) {
  const [before = '', after = ''] = props.text.split(MARK)
  return (
    <>
      {before}
      <strong class="address">{props.masked}</strong>
      {after}
    </>
  )
}

export function ThanksContent(props: {
  ctx: PageContext
  /** The campaign page, for the share links. */
  shareUrl: string
  title: string
  /** The sign form, for a signer who typed the wrong address. */
  signAgainHref: string
  mail: ThanksMail | null
  /** Opens in a new tab (the widget's links leave the partner's frame). */
  newTab?: boolean
}) {
  const { ctx, shareUrl, title, signAgainHref, mail, newTab } = props
  const { t } = ctx
  return (
    <>
      <p class="lead" role={mail ? undefined : 'status'}>
        {mail ? (
          <WithAddress text={t('thanksSentTo', { address: MARK })} masked={mail.masked} />
        ) : (
          t('thanksText')
        )}
      </p>
      <p>{t('thanksShare')}</p>
      <ShareLinks ctx={ctx} url={shareUrl} title={title} />
      <section class="thanks-mail" aria-labelledby="thanks-mail-title">
        <h2 id="thanks-mail-title">{t('thanksMailTitle')}</h2>
        <p>{t('thanksSpam')}</p>
        {mail?.resent ? (
          <p class="resent" role="status">
            {t('thanksResent', { address: mail.masked })}
          </p>
        ) : null}
        {mail && !mail.exhausted ? (
          <form method="post" action={mail.action} class="resend">
            {Object.entries(mail.hidden ?? {}).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <button
              type="submit"
              disabled={mail.readyIn > 0}
              data-ready-in={mail.readyIn > 0 ? String(mail.readyIn) : undefined}
              aria-describedby={mail.readyIn > 0 ? 'resend-wait' : undefined}
            >
              {t('thanksResend')}
            </button>
            {mail.readyIn > 0 ? (
              <p id="resend-wait" class="hint">
                {t('thanksResendWait', { minutes: Math.max(1, Math.ceil(mail.readyIn / 60)) })}
              </p>
            ) : null}
          </form>
        ) : null}
        {mail?.exhausted ? <p>{t('thanksResendExhausted')}</p> : null}
        <p>
          {t('thanksWrongAddress')}{' '}
          <a
            href={signAgainHref}
            target={newTab ? '_blank' : undefined}
            rel={newTab ? 'noopener' : undefined}
          >
            {t('thanksSignAgain')}
          </a>
        </p>
      </section>
    </>
  )
}
