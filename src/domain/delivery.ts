/** What recording a delivery must look like: a real, past date, a recipient, and optionally
 * the count and digest that were handed over. */
import * as v from 'valibot'
import { catalogue } from '../i18n/index.ts'
import { adminText } from './admin/parse.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A real calendar date (2026-02-30 is not). */
export function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`)
  return DAY.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/**
 * The schema, given the current time: a delivery is recorded after it happened (a day of
 * slack for time zones east of UTC).
 */
export function deliveryInput(now = Date.now()) {
  const latest = new Date(now + 86_400_000).toISOString().slice(0, 10)
  return v.object({
    deliveredOn: v.pipe(
      v.string(CHECK.deliveryDate),
      v.trim(),
      v.check(isRealDate, CHECK.deliveryDate),
      v.check((s) => s >= '2000-01-01' && s <= latest, CHECK.deliveryFuture),
    ),
    recipient: adminText(200),
    count: v.optional(
      v.pipe(
        v.number(CHECK.count),
        v.integer(CHECK.count),
        v.minValue(0, CHECK.count),
        v.maxValue(1e9, CHECK.countTooLarge),
      ),
    ),
    digest: v.optional(
      v.pipe(
        v.string('The digest must be text.'),
        v.trim(),
        v.toLowerCase(),
        v.regex(/^[0-9a-f]{64}$/, CHECK.digest),
      ),
    ),
  })
}

/** A form's strings as the schema's input: empty optional fields left out, count a number. */
export function deliveryFormInput(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    deliveredOn: form.deliveredOn ?? '',
    recipient: form.recipient ?? '',
  }
  const count = form.count?.trim()
  if (count) out.count = /^\d+$/.test(count) ? Number(count) : count
  const digest = form.digest?.trim()
  if (digest) out.digest = digest
  return out
}
