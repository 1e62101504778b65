/**
 * `GET /verify`: anyone given a delivery pack or a delivery list checks here, in their own
 * browser, that it is the file this site signed. The checking is /verify.js (Web Crypto);
 * the words it shows are carried by the form's `data-*` attributes.
 */
import { SIGNING_KEY_PATH } from '../lib/proof.ts'
import { Layout, type PageContext } from './layout.tsx'

export function VerifyPage(props: { ctx: PageContext; keyUrl: string }) {
  const { ctx, keyUrl } = props
  const { t } = ctx
  const site = t('siteName')
  return (
    <Layout ctx={ctx} title={t('verifyTitle')} description={t('verifyIntro')}>
      <script src="/verify.js" defer></script>
      <div class="verify">
        <h1>{t('verifyTitle')}</h1>
        <p class="lead">{t('verifyIntro')}</p>
        <p class="verify-noscript">{t('verifyNoScript')}</p>
        <form
          id="verify-form"
          class="verify-form"
          hidden
          data-key={SIGNING_KEY_PATH}
          data-ok-title={t('verifyOkTitle')}
          data-ok={t('verifyOk', { site })}
          data-bad-title={t('verifyBadTitle')}
          data-bad={t('verifyBad', { site })}
          data-wrong-key={t('verifyWrongKey')}
          data-need-proof={t('verifyNeedProof')}
          data-unreadable={t('verifyUnreadable')}
          data-details={t('verifyDetails')}
          data-reason={t('verifyReason')}
          data-key-label={t('packKey')}
        >
          <div class="field">
            <label for="verify-file">{t('verifyFile')}</label>
            <input
              id="verify-file"
              name="file"
              type="file"
              accept=".json,.csv,application/json,text/csv"
              required
            />
          </div>
          <div class="field">
            <label for="verify-proof">{t('verifyProof')}</label>
            <input id="verify-proof" name="proof" type="file" accept=".sig,.json" />
          </div>
          <button type="submit">{t('verifyButton')}</button>
        </form>
        <div id="verify-result" class="verify-result" role="status" tabindex={-1} hidden></div>
        <section aria-labelledby="verify-how">
          <h2 id="verify-how">{t('verifyHowTitle')}</h2>
          <p>{t('verifyHow', { site, key: keyUrl })}</p>
        </section>
      </div>
    </Layout>
  )
}
