/** Turns validation problems into the API's issues or a form's translated field errors. */
import { ERROR_MESSAGES, type ErrorCode, type FieldProblem } from '../domain/signature.ts'
import type { FieldIssue } from './errors.ts'
import type { MessageKey, Translate } from './i18n.ts'

const KEYS: Record<ErrorCode, MessageKey> = {
  required: 'errRequired',
  too_long: 'errTooLong',
  invalid_email: 'errInvalidEmail',
  invalid_country: 'errInvalidCountry',
  consent_required: 'errConsentRequired',
  forbidden_characters: 'errForbiddenCharacters',
  no_visible_text: 'errNoVisibleText',
  invalid_type: 'errInvalidType',
}

export function toIssues(problems: FieldProblem[]): FieldIssue[] {
  return problems.map((p) => ({ field: p.field, message: ERROR_MESSAGES[p.code] }))
}

export function toFieldErrors(t: Translate, problems: FieldProblem[]): Record<string, string> {
  return Object.fromEntries(problems.map((p) => [p.field, t(KEYS[p.code])]))
}
