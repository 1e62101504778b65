/** Plural forms by Intl.PluralRules: Russian has one, few and many ("1 подпись, 2 подписи, 5 подписей"). */

const rules = new Map<string, Intl.PluralRules>()

/** The form of a word for `n` in the locale; `other` stands in for a form not given. */
export function plural(
  locale: string,
  n: number,
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string },
): string {
  let r = rules.get(locale)
  if (!r) {
    r = new Intl.PluralRules(locale)
    rules.set(locale, r)
  }
  return forms[r.select(n)] ?? forms.other
}
