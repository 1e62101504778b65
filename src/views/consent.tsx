/** `/consent/:token`: the organisations that may keep a signer informed, each withdrawable. */
import type { SignerConsent } from '../db/consents.ts'
import type { PageContext } from './layout.tsx'
import { NoticePage } from './notice.tsx'

export function ConsentPage(props: {
  ctx: PageContext
  title: string
  consents: SignerConsent[]
  /** Whether this link may give a consent asked for by mail (not only withdraw). */
  canGive: boolean
  action: string
  /** What the last POST did, if anything. */
  done?: string
}) {
  const { ctx, title, consents, canGive, action, done } = props
  const { t } = ctx
  const open = consents.filter((x) => x.status !== 'withdrawn')
  const button = (x: SignerConsent, what: 'give' | 'withdraw', label: string) => (
    <form method="post" action={action} class="inline">
      <input type="hidden" name="organisation" value={x.slug} />
      <input type="hidden" name="action" value={what} />
      <button type="submit">{label}</button>
    </form>
  )
  return (
    <NoticePage ctx={ctx} title={t('consentTitle')}>
      {done ? (
        <p class="lead" role="status">
          {done}
        </p>
      ) : null}
      <p>{t('consentIntro', { title })}</p>
      {open.length === 0 ? (
        <p>{t('consentNone')}</p>
      ) : (
        <ul class="consents">
          {open.map((x) => (
            <li data-organisation={x.slug} data-status={x.status}>
              {x.status === 'given' ? (
                <>
                  <p>{t('consentGiven', { name: x.name })}</p>
                  {button(x, 'withdraw', t('consentWithdraw', { name: x.name }))}
                </>
              ) : (
                <>
                  <p>{t('consentPending', { name: x.name })}</p>
                  {canGive ? button(x, 'give', t('consentGive', { name: x.name })) : null}
                  {button(x, 'withdraw', t('consentWithdraw', { name: x.name }))}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </NoticePage>
  )
}
