/**
 * What organisers send to run the coalition: organisations with their privacy notices,
 * partners of a campaign, people and their roles, API tokens. Valibot schemas whose messages
 * are the English text shown.
 */
import * as v from 'valibot'
import { ROLES } from '../../db/schema.ts'
import { catalogue } from '../../i18n/index.ts'
import { isValidEmail } from '../email.ts'
import { adminText } from './parse.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

/** Lower-case letters, digits and single hyphens, as in a URL path. */
export const SLUG = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,62}$/

const slug = v.pipe(v.string('Give a slug.'), v.trim(), v.regex(SLUG, CHECK.slug))

const role = v.picklist(ROLES, CHECK.role)

const webAddress = v.pipe(
  v.string('Give the website as a URL.'),
  v.trim(),
  v.maxLength(300, CHECK.tooLong),
  v.check((s) => {
    try {
      const url = new URL(s)
      return url.protocol === 'https:' || url.protocol === 'http:'
    } catch {
      return false
    }
  }, CHECK.website),
)

const notice = adminText(20_000, { multiline: true })

export const OrganisationInput = v.strictObject(
  {
    slug,
    name: adminText(200),
    url: webAddress,
    senderName: v.optional(adminText(100)),
    privacyNotice: v.strictObject(
      { en: notice, ru: v.optional(notice) },
      'The privacy notice is { en, ru? }.',
    ),
  },
  'An organisation is { slug, name, url, privacyNotice: { en, ru? } }.',
)
export type OrganisationInput = v.InferOutput<typeof OrganisationInput>

export const PartnerInput = v.strictObject(
  { organisation: slug, listed: v.optional(v.boolean('listed is true or false.'), true) },
  'A partner is { organisation, listed? }.',
)

export const PartnerChange = v.pipe(
  v.strictObject(
    {
      status: v.optional(v.picklist(['active', 'suspended'], 'status is active or suspended.')),
      listed: v.optional(v.boolean('listed is true or false.')),
    },
    'A partner change is { status?, listed? }.',
  ),
  v.check((x) => x.status !== undefined || x.listed !== undefined, 'Give status or listed.'),
)
export type PartnerChange = v.InferOutput<typeof PartnerChange>

export const TokenInput = v.strictObject(
  { name: adminText(100), role, organisation: slug },
  'A token is { name, role, organisation }.',
)

export const email = v.pipe(
  v.string('Give an email address.'),
  v.trim(),
  v.check(isValidEmail, CHECK.email),
)

export const PersonInput = v.strictObject(
  { name: adminText(100), email, role, organisation: v.optional(slug) },
  'A person is { name, email, role, organisation? }.',
)

export const RoleChange = v.strictObject({ role }, 'A role change is { role }.')

/** An organiser's address as it is looked up: trimmed and lower-cased, nothing more. */
export const personEmailKey = (address: string) => `person|${address.trim().toLowerCase()}`

/** An organisation's settings: any of them; a notice given becomes its next version. */
export const OrganisationChange = v.pipe(
  v.strictObject(
    {
      name: v.optional(adminText(200)),
      url: v.optional(webAddress),
      senderName: v.optional(adminText(100)),
      privacyNotice: v.optional(
        v.strictObject(
          { en: v.optional(notice), ru: v.optional(notice) },
          'The privacy notice is { en?, ru? }.',
        ),
      ),
    },
    'A change is { name?, url?, senderName?, privacyNotice? }.',
  ),
  v.check((x) => Object.keys(x).length > 0, 'Give something to change.'),
)
export type OrganisationChange = v.InferOutput<typeof OrganisationChange>
