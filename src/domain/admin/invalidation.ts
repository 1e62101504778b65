/**
 * The criteria of an invalidation: IP hashes and/or an email domain, optionally narrowed to a
 * window of submission time. At least a hash or a domain is required: a window alone would
 * sweep up every honest signer of that hour too.
 */
import * as v from 'valibot'
import { catalogue } from '../../i18n/index.ts'
import { normaliseDomain } from './blocklist.ts'
import { adminText } from './parse.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

export const MAX_HASHES = 200
const HASH = /^[A-Za-z0-9_-]{43}$/

const instant = v.pipe(
  v.union([v.string(), v.number()], CHECK.dateTime),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const ms = typeof dataset.value === 'number' ? dataset.value : Date.parse(dataset.value)
    if (Number.isFinite(ms)) return ms
    addIssue({ message: CHECK.dateTime })
    return NEVER
  }),
)

const hash = v.pipe(v.string(), v.regex(HASH, CHECK.ipHash))

export const InvalidationInput = v.pipe(
  v.strictObject(
    {
      ipHash: v.optional(
        v.pipe(
          v.union([hash, v.array(hash)], 'Give an IP hash or a list of them.'),
          v.transform((x) => [...new Set(Array.isArray(x) ? x : [x])]),
          v.maxLength(MAX_HASHES, CHECK.atMostHashes(MAX_HASHES)),
        ),
      ),
      emailDomain: v.optional(
        v.pipe(
          v.string('An email domain is text.'),
          v.rawTransform(({ dataset, addIssue, NEVER }) => {
            const domain = normaliseDomain(dataset.value)
            if (domain) return domain
            addIssue({ message: CHECK.domain })
            return NEVER
          }),
        ),
      ),
      from: v.optional(instant),
      to: v.optional(instant),
      reason: v.optional(adminText(500, { required: false })),
      dryRun: v.optional(v.boolean('dryRun is true or false.'), false),
    },
    'Criteria are ipHash, emailDomain, from, to, reason and dryRun.',
  ),
  v.check((x) => Boolean(x.ipHash?.length || x.emailDomain), CHECK.ipOrDomain),
  v.check((x) => x.from === undefined || x.to === undefined || x.from < x.to, CHECK.fromBeforeTo),
)

export type InvalidationInput = v.InferOutput<typeof InvalidationInput>

/** What is stored and shown of an invalidation's criteria (no reason text is personal data). */
export interface InvalidationCriteria {
  ipHash?: string[]
  emailDomain?: string
  from?: number
  to?: number
  reason?: string
}

export function criteriaOf(input: InvalidationInput): InvalidationCriteria {
  const { dryRun: _d, ...rest } = input
  return Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined && value !== ''),
  ) as InvalidationCriteria
}
