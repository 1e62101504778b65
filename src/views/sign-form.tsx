/**
 * The sign form, shared by the campaign page and the widget. Works without JavaScript;
 * on a 422 it is rendered again with the values kept and each error beside its field.
 */
import { CountryOptions } from './country-options.tsx'
import { ErrorSummary } from './error-summary.tsx'
import type { PageContext } from './layout.tsx'

export interface SignFormValues {
  name?: string
  email?: string
  country?: string
  city?: string
  comment?: string
  showName?: boolean
  nameInDelivery?: boolean
  keepInformed?: boolean
  consent?: boolean
}

export type FieldErrors = Partial<Record<keyof SignFormValues | 'form', string>>

/** The form's fields in the order they are shown, for the error summary's links. */
const FIELDS = [
  'name',
  'email',
  'country',
  'city',
  'comment',
  'showName',
  'nameInDelivery',
  'keepInformed',
  'consent',
] as const

function FieldError(props: { id: string; error?: string }) {
  return props.error ? (
    <p class="field-error" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null
}

function describedBy(id: string, error: string | undefined, hint?: boolean) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

export function SignForm(props: {
  ctx: PageContext
  action: string
  values?: SignFormValues
  errors?: FieldErrors
  turnstileSiteKey?: string
  /** Prefix for element ids, so two forms can share a page. */
  idPrefix?: string
}) {
  const { ctx, action, values = {}, errors = {}, turnstileSiteKey } = props
  const { t, lang } = ctx
  const p = props.idPrefix ?? 'sign'
  const id = (name: string) => `${p}-${name}`
  const checkbox = (
    name: 'showName' | 'nameInDelivery' | 'keepInformed' | 'consent',
    required = false,
  ) => (
    <div class="check">
      <input
        type="checkbox"
        id={id(name)}
        name={name}
        value="yes"
        checked={values[name] === true}
        required={required}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy(id(name), errors[name])}
      />
      <label for={id(name)}>{t(name)}</label>
      <FieldError id={id(name)} error={errors[name]} />
    </div>
  )
  return (
    <form method="post" action={action} class="sign-form" novalidate aria-labelledby={id('title')}>
      <h2 id={id('title')}>{t('signThisCampaign')}</h2>
      <ErrorSummary
        ctx={ctx}
        id={id('errors')}
        errors={errors}
        fields={FIELDS.map((f) => [f, id(f)] as const)}
        intro={errors.form}
      />
      <input type="hidden" name="lang" value={lang} />
      <div class="field">
        <label for={id('name')}>{t('name')}</label>
        <input
          id={id('name')}
          name="name"
          type="text"
          autocomplete="name"
          maxlength={100}
          required
          value={values.name ?? ''}
          aria-invalid={errors.name ? 'true' : undefined}
          aria-describedby={describedBy(id('name'), errors.name)}
        />
        <FieldError id={id('name')} error={errors.name} />
      </div>
      <div class="field">
        <label for={id('email')}>{t('email')}</label>
        <input
          id={id('email')}
          name="email"
          type="email"
          autocomplete="email"
          maxlength={254}
          required
          value={values.email ?? ''}
          aria-invalid={errors.email ? 'true' : undefined}
          aria-describedby={describedBy(id('email'), errors.email, true)}
        />
        <p class="hint" id={`${id('email')}-hint`}>
          {t('emailHint')}
        </p>
        <FieldError id={id('email')} error={errors.email} />
      </div>
      <div class="field">
        <label for={id('country')}>{t('country')}</label>
        <select
          id={id('country')}
          name="country"
          autocomplete="country"
          required
          aria-invalid={errors.country ? 'true' : undefined}
          aria-describedby={describedBy(id('country'), errors.country)}
        >
          <option value="">{t('chooseCountry')}</option>
          <CountryOptions lang={lang} selected={values.country} />
        </select>
        <FieldError id={id('country')} error={errors.country} />
      </div>
      <div class="field">
        <label for={id('city')}>{t('city')}</label>
        <input
          id={id('city')}
          name="city"
          type="text"
          autocomplete="address-level2"
          maxlength={100}
          value={values.city ?? ''}
          aria-invalid={errors.city ? 'true' : undefined}
          aria-describedby={describedBy(id('city'), errors.city)}
        />
        <FieldError id={id('city')} error={errors.city} />
      </div>
      <div class="field">
        <label for={id('comment')}>{t('comment')}</label>
        <textarea
          id={id('comment')}
          name="comment"
          rows={3}
          maxlength={1000}
          aria-invalid={errors.comment ? 'true' : undefined}
          aria-describedby={describedBy(id('comment'), errors.comment)}
        >
          {values.comment ?? ''}
        </textarea>
        <FieldError id={id('comment')} error={errors.comment} />
      </div>
      <fieldset class="choices">
        {checkbox('showName')}
        {checkbox('nameInDelivery')}
        {checkbox('keepInformed')}
        {checkbox('consent', true)}
      </fieldset>
      {/* Honeypot: invisible to people, filled by bots. */}
      <div class="hp" aria-hidden="true">
        <label for={id('website')}>Website</label>
        <input id={id('website')} name="website" type="text" tabindex={-1} autocomplete="off" />
      </div>
      {turnstileSiteKey ? (
        <>
          {/* Only when the operator turns Turnstile on: then Cloudflare's script is loaded. */}
          <div class="cf-turnstile" data-sitekey={turnstileSiteKey}></div>
          <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>
        </>
      ) : null}
      <p class="privacy">{t('privacyNote')}</p>
      <button type="submit">{t('sign')}</button>
    </form>
  )
}
