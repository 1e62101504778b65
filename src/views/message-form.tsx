/** The form for a message of solidarity (held for moderation). */
import { CountryOptions } from './country-options.tsx'
import { ErrorSummary } from './error-summary.tsx'
import type { PageContext } from './layout.tsx'

export function MessageForm(props: {
  ctx: PageContext
  slug: string
  sent?: boolean
  errors?: Record<string, string>
  values?: { name?: string; body?: string; country?: string }
}) {
  const { ctx, slug, sent, errors = {}, values = {} } = props
  const { t, lang } = ctx
  return (
    <section class="message-form" aria-labelledby="message-title">
      <h2 id="message-title">{t('messageTitle')}</h2>
      {sent ? (
        <p class="success" role="status">
          {t('messageThanks')}
        </p>
      ) : null}
      <form method="post" action={`/campaigns/${slug}/messages`} novalidate>
        <ErrorSummary
          ctx={ctx}
          id="msg-errors"
          errors={errors}
          fields={[
            ['name', 'msg-name'],
            ['country', 'msg-country'],
            ['body', 'msg-body'],
          ]}
        />
        <input type="hidden" name="lang" value={lang} />
        <div class="field">
          <label for="msg-name">{t('name')}</label>
          <input
            id="msg-name"
            name="name"
            type="text"
            maxlength={100}
            required
            value={values.name ?? ''}
            aria-invalid={errors.name ? 'true' : undefined}
            aria-describedby={errors.name ? 'msg-name-error' : undefined}
          />
          {errors.name ? (
            <p class="field-error" id="msg-name-error">
              {errors.name}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="msg-country">{t('country')}</label>
          <select
            id="msg-country"
            name="country"
            aria-invalid={errors.country ? 'true' : undefined}
            aria-describedby={errors.country ? 'msg-country-error' : undefined}
          >
            <option value="">{t('chooseCountry')}</option>
            <CountryOptions lang={lang} selected={values.country} />
          </select>
          {errors.country ? (
            <p class="field-error" id="msg-country-error">
              {errors.country}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="msg-body">{t('messageBody')}</label>
          <textarea
            id="msg-body"
            name="body"
            rows={4}
            maxlength={2000}
            required
            aria-invalid={errors.body ? 'true' : undefined}
            aria-describedby={errors.body ? 'msg-body-hint msg-body-error' : 'msg-body-hint'}
          >
            {values.body ?? ''}
          </textarea>
          <p class="hint" id="msg-body-hint">
            {t('messageHint')}
          </p>
          {errors.body ? (
            <p class="field-error" id="msg-body-error">
              {errors.body}
            </p>
          ) : null}
        </div>
        <div class="hp" aria-hidden="true">
          <label for="msg-website">Website</label>
          <input id="msg-website" name="website" type="text" tabindex={-1} autocomplete="off" />
        </div>
        <button type="submit">{t('messageSend')}</button>
      </form>
    </section>
  )
}
