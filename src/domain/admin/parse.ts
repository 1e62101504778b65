/** Validation of organiser input: valibot schemas whose messages are the English text shown. */
import * as v from 'valibot'
import { catalogue } from '../../i18n/index.ts'
import type { FieldIssue } from '../../lib/errors.ts'
import { hasForbiddenCharacters, hasVisibleText, visibleLength } from '../text.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

export type AdminParsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] }

/** Validates, returning the first issue of each field (dot paths, e.g. `translations.en.title`). */
export function parseAdmin<T extends v.GenericSchema>(
  schema: T,
  input: unknown,
): AdminParsed<v.InferOutput<T>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ field: 'body', message: 'Send a JSON object.' }] }
  }
  const result = v.safeParse(schema, input)
  if (result.success) return { ok: true, value: result.output }
  const seen = new Set<string>()
  const issues: FieldIssue[] = []
  for (const issue of result.issues) {
    const field = v.getDotPath(issue) ?? 'body'
    if (seen.has(field)) continue
    seen.add(field)
    issues.push({ field, message: issue.message })
  }
  return { ok: false, issues }
}

/** Text an organiser types: trimmed, bounded, no control or bidi-override characters. */
export function adminText(max: number, { required = true, multiline = false } = {}) {
  return v.pipe(
    v.string(CHECK.text),
    v.trim(),
    v.check((s) => !required || s.length > 0, CHECK.required),
    v.check((s) => visibleLength(s) <= max, CHECK.longerThan(max)),
    v.check((s) => !hasForbiddenCharacters(s, multiline), CHECK.forbiddenCharacters),
    v.check((s) => s.length === 0 || hasVisibleText(s), CHECK.noVisibleText),
  )
}
