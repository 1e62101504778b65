/**
 * What a signature submission must look like. One schema for the form and the JSON API;
 * each problem is reported per field with a code the views translate.
 */
import * as v from 'valibot'
import { isCountryCode } from '../lib/countries.ts'
import { isValidEmail } from './email.ts'
import { hasForbiddenCharacters, hasVisibleText, visibleLength } from './text.ts'

export type ErrorCode =
  | 'required'
  | 'too_long'
  | 'invalid_email'
  | 'invalid_country'
  | 'consent_required'
  | 'forbidden_characters'
  | 'no_visible_text'
  | 'invalid_type'

export const LIMITS = { name: 100, email: 254, city: 100, comment: 1000, message: 2000 } as const

/** English messages for the API; the HTML views translate the codes. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  required: 'This field is required.',
  too_long: 'This is too long.',
  invalid_email: 'This is not a valid email address.',
  invalid_country: 'Choose a country (ISO 3166-1 alpha-2 code).',
  consent_required: 'Consent is required to sign.',
  forbidden_characters:
    'This contains control, direction, separator or invisible formatting characters.',
  no_visible_text: 'This has no visible letters or characters.',
  invalid_type: 'This has the wrong type.',
}

const fail = (code: ErrorCode) => code

function text(max: number, { required = false, multiline = false } = {}) {
  return v.pipe(
    v.string(fail('invalid_type')),
    v.trim(),
    v.check((s) => !required || s.length > 0, fail('required')),
    v.check((s) => visibleLength(s) <= max, fail('too_long')),
    v.check((s) => !hasForbiddenCharacters(s, multiline), fail('forbidden_characters')),
    v.check((s) => s.length === 0 || hasVisibleText(s), fail('no_visible_text')),
  )
}

const optionalText = (max: number, multiline = false) =>
  v.optional(
    v.pipe(
      v.nullable(text(max, { multiline })),
      v.transform((s) => (s ? s : undefined)),
    ),
  )

const flag = v.optional(v.boolean(fail('invalid_type')), false)

export const SignatureInput = v.object({
  name: v.pipe(
    v.optional(v.string(fail('invalid_type')), ''),
    text(LIMITS.name, { required: true }),
  ),
  email: v.pipe(
    v.optional(v.string(fail('invalid_type')), ''),
    text(LIMITS.email, { required: true }),
    v.check(isValidEmail, fail('invalid_email')),
  ),
  country: v.pipe(
    v.optional(v.string(fail('invalid_type')), ''),
    v.trim(),
    v.check((s) => s.length > 0, fail('required')),
    v.toUpperCase(),
    v.check(isCountryCode, fail('invalid_country')),
  ),
  city: optionalText(LIMITS.city),
  comment: optionalText(LIMITS.comment, true),
  showName: flag,
  nameInDelivery: flag,
  keepInformed: flag,
  /** Asked to be kept informed by the partner signed through (ignored without one). */
  keepInformedByPartner: flag,
  /**
   * The slug of the partner signed through. Anything that is not an active partner's slug is
   * ignored, never an error: a stale or mistyped partner link must still let people sign.
   */
  partner: v.pipe(
    v.optional(v.unknown()),
    v.transform((x) => (typeof x === 'string' && x.length <= 80 ? x : undefined)),
  ),
  consent: v.pipe(
    v.optional(v.unknown(), false),
    v.check((x) => x === true, fail('consent_required')),
    v.transform(() => true as const),
  ),
  turnstileToken: v.optional(v.string(fail('invalid_type'))),
  /** Honeypot: people never fill it. */
  website: v.optional(v.string(fail('invalid_type'))),
  lang: v.optional(v.string(fail('invalid_type'))),
})

export type SignatureInput = v.InferOutput<typeof SignatureInput>

export const MessageInput = v.object({
  name: v.pipe(
    v.optional(v.string(fail('invalid_type')), ''),
    text(LIMITS.name, { required: true }),
  ),
  country: v.optional(
    v.pipe(
      v.nullable(v.string(fail('invalid_type'))),
      v.transform((s) => (s ? s.trim().toUpperCase() : undefined)),
      v.check((s) => s === undefined || isCountryCode(s), fail('invalid_country')),
    ),
  ),
  body: v.pipe(
    v.optional(v.string(fail('invalid_type')), ''),
    text(LIMITS.message, { required: true, multiline: true }),
  ),
  website: v.optional(v.string(fail('invalid_type'))),
  lang: v.optional(v.string(fail('invalid_type'))),
})

export type MessageInput = v.InferOutput<typeof MessageInput>

export interface FieldProblem {
  field: string
  code: ErrorCode
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] }

/** Validates, returning the first problem of each field (in field order). */
export function parseWith<T extends v.GenericSchema>(
  schema: T,
  input: unknown,
): Parsed<v.InferOutput<T>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ field: 'body', code: 'invalid_type' }] }
  }
  const result = v.safeParse(schema, input)
  if (result.success) return { ok: true, value: result.output }
  const seen = new Set<string>()
  const problems: FieldProblem[] = []
  for (const issue of result.issues) {
    const field = v.getDotPath(issue) ?? 'body'
    if (seen.has(field)) continue
    seen.add(field)
    const code = (issue.message in ERROR_MESSAGES ? issue.message : 'invalid_type') as ErrorCode
    problems.push({ field, code })
  }
  return { ok: false, problems }
}
