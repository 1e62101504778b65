/**
 * The one picture of the data. Drizzle schema for D1; `npm run db:generate` writes the
 * migrations in `migrations/` from it, `wrangler d1 migrations apply` applies them.
 *
 * Privacy: no table holds a clear-text email or a raw IP. Emails live as a keyed HMAC (for
 * dedup) and as authenticated ciphertext with its key id; IPs as a daily-keyed hash; email
 * domains as a keyed HMAC.
 */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { CAMPAIGN_OUTCOMES } from '../domain/outcome.ts'

const createdAt = () => integer({ mode: 'number' }).notNull().default(sql`(unixepoch() * 1000)`)

/** A press release campaigns were derived from: their provenance. */
export const releases = sqliteTable('releases', {
  id: integer().primaryKey({ autoIncrement: true }),
  slug: text().notNull().unique(),
  title: text().notNull(),
  publisher: text(),
  publishedOn: text(),
  place: text(),
  createdAt: createdAt(),
})

/** A human rights defender named in a release. */
export const defenders = sqliteTable('defenders', {
  id: integer().primaryKey({ autoIncrement: true }),
  slug: text().notNull().unique(),
  country: text().notNull(),
  status: text().notNull(),
  createdAt: createdAt(),
})

export const defenderTranslations = sqliteTable(
  'defender_translations',
  {
    defenderId: integer()
      .notNull()
      .references(() => defenders.id, { onDelete: 'cascade' }),
    lang: text().notNull(),
    name: text().notNull(),
    situation: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.defenderId, t.lang] })],
)

export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

/** A campaign: for one defender, or a general call from a release. */
export const campaigns = sqliteTable('campaigns', {
  id: integer().primaryKey({ autoIncrement: true }),
  slug: text().notNull().unique(),
  kind: text({ enum: ['defender', 'general'] }).notNull(),
  defenderId: integer().references(() => defenders.id),
  releaseId: integer().references(() => releases.id),
  status: text({ enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
  goal: integer().notNull(),
  /** JSON array of language codes the campaign is written in. */
  languages: text().notNull().default('["en"]'),
  /** JSON array of partner origins allowed to frame the widget; empty means anywhere. */
  allowedOrigins: text().notNull().default('[]'),
  /**
   * The host organisation: the data controller its signers deal with. Nullable only because
   * SQLite cannot add a NOT NULL foreign key to an existing table; every campaign has one
   * (migration 0004 gave existing campaigns the demo host, the seeder and importer set it).
   */
  hostOrganisationId: integer().references(() => organisations.id),
  openedAt: integer(),
  closedAt: integer(),
  /** YYYY-MM-DD an editor last checked the campaign's facts (shown as "last reviewed on"). */
  reviewedOn: text(),
  /** How the campaign ended, set when it is closed with an outcome (`other`: see the note). */
  outcome: text({ enum: CAMPAIGN_OUTCOMES }),
  /** JSON `{ lang: text }`: the outcome in the editor's words (required for `other`). */
  outcomeNote: text(),
  /** The editor's image in R2 (`MEDIA`): its key (content-addressed) and MIME type. */
  imageKey: text(),
  imageType: text(),
  /** JSON `{ lang: text }`: the image's alt text. */
  imageAlt: text(),
  /** Who took the image or holds its rights ("Photo: …"), shown under it. */
  imageCredit: text(),
  createdAt: createdAt(),
  updatedAt: createdAt(),
})

/** A dated update on a campaign (an editor's note, optionally citing a source). */
export const campaignUpdates = sqliteTable(
  'campaign_updates',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** YYYY-MM-DD the update reports on. */
    postedOn: text().notNull(),
    /** JSON `{ lang: text }`: the update in each language it was written in. */
    body: text().notNull(),
    sourceUrl: text(),
    createdAt: createdAt(),
  },
  (t) => [index('campaign_updates_campaign').on(t.campaignId, t.postedOn, t.id)],
)

export const campaignTranslations = sqliteTable(
  'campaign_translations',
  {
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    lang: text().notNull(),
    title: text().notNull(),
    summary: text().notNull(),
    story: text().notNull(),
    target: text().notNull(),
    /** JSON array of the asks, in order. */
    asks: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.lang] })],
)

/** The release sentences a campaign was derived from, in release order. */
export const campaignSources = sqliteTable(
  'campaign_sources',
  {
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    sentence: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.position] })],
)

export const MAIL_STATES = ['owed', 'sent', 'failed'] as const
export type MailState = (typeof MAIL_STATES)[number]

export const SIGNATURE_STATES = ['pending', 'confirmed', 'held', 'invalidated', 'removed'] as const
export type SignatureState = (typeof SIGNATURE_STATES)[number]

/**
 * Counters kept in the same batch as the change that causes them. Dimensions:
 * `state` (key = a signature state), `country` (key = ISO code, confirmed only),
 * `day` (key = YYYY-MM-DD of confirmation, confirmed only), `partner` (key = the id of the
 * organisation credited, as text: the partner the signer came through, else the host;
 * confirmed only).
 */
export const tallies = sqliteTable(
  'tallies',
  {
    campaignId: integer().notNull(),
    dimension: text({ enum: ['state', 'country', 'day', 'partner'] }).notNull(),
    key: text().notNull(),
    n: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.dimension, t.key] })],
)

export const signatures = sqliteTable(
  'signatures',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id),
    /** HMAC-SHA-256 (pepper) of the normalised email, base64url. */
    emailHash: text().notNull(),
    /** AES-GCM ciphertext of the email as typed, base64url; null once erased. */
    emailCipher: text(),
    emailKeyId: text(),
    name: text(),
    country: text().notNull(),
    city: text(),
    comment: text(),
    showName: integer({ mode: 'boolean' }).notNull().default(false),
    nameInDelivery: integer({ mode: 'boolean' }).notNull().default(false),
    /**
     * Asked to be kept informed by the host. Until the signature is confirmed this is the
     * request; confirmation turns it into a `consents` row (the evidence), which is what
     * supporters.csv reads.
     */
    keepInformed: integer({ mode: 'boolean' }).notNull().default(false),
    /** The active partner the signature came through (`?partner=`, `data-partner`, `partner`). */
    partnerId: integer().references(() => organisations.id),
    /** Asked to be kept informed by that partner (a request until confirmed, as above). */
    keepInformedByPartner: integer({ mode: 'boolean' }).notNull().default(false),
    /** Where the signer signed: the campaign page, the widget or the JSON API. */
    source: text({ enum: ['page', 'widget', 'api'] })
      .notNull()
      .default('page'),
    /** The exact privacy-notice version of the host shown with the consent box. */
    hostNoticeId: integer().references(() => privacyNotices.id),
    /** The exact privacy-notice version of the partner shown beside its opt-in. */
    partnerNoticeId: integer().references(() => privacyNotices.id),
    lang: text().notNull().default('en'),
    status: text({ enum: SIGNATURE_STATES }).notNull(),
    /** A random revision written with every state change: guards the tally updates of a batch. */
    rev: integer().notNull().default(0),
    /** State before an invalidation, so it can be reverted. */
    statusBeforeInvalidation: text({ enum: SIGNATURE_STATES }),
    invalidationId: integer(),
    /** Keyed, daily-rotated hash of the client IP (IPv6 by /64); cleared after 30 days. */
    ipHash: text(),
    /** HMAC (EMAIL_PEPPER) of the email's domain: block lists and invalidations by domain. */
    emailDomainKey: text(),
    /**
     * Legacy: the domain in clear, only on rows written before migration 0003, until the daily
     * job keys them. Never written.
     */
    emailDomain: text(),
    createdAt: createdAt(),
    confirmedAt: integer(),
    removedAt: integer(),
    /**
     * The confirmation mail this signature is owed (src/jobs/mail-delivery.ts): `owed` from
     * the insert on (the column default, so the debt is durable with the row), then `sent`
     * or `failed` (given up). `mailGen` counts fresh mails (signing again re-owes one); link
     * tokens are derived from it, so the same mail is rebuilt identically after a crash.
     */
    mailState: text({ enum: MAIL_STATES }).notNull().default('owed'),
    mailGen: integer().notNull().default(0),
    mailAttempts: integer().notNull().default(0),
    /** Next attempt; null for a fresh row no one has touched yet (found by the sweep cursor). */
    mailDueAt: integer(),
    /** When the current mail became owed; null means `createdAt`. */
    mailOwedAt: integer(),
    /**
     * SHA-256 of the current mail's confirm and remove link tokens (migrations/0007), written
     * by the mail consumer with the mark that the mail was sent. A used confirm link keeps
     * its hash (opened again it says "already confirmed"); removal moves the remove hash to
     * `signature_tokens` for a while and clears both, and so does owing a new mail for the
     * earlier mail's hashes.
     */
    confirmHash: text(),
    removeHash: text(),
  },
  (t) => [
    uniqueIndex('signatures_campaign_email').on(t.campaignId, t.emailHash),
    index('signatures_campaign_status').on(t.campaignId, t.status, t.id),
    index('signatures_ip').on(t.ipHash),
    index('signatures_created').on(t.createdAt),
    index('signatures_legacy_domain').on(t.emailDomain).where(sql`${t.emailDomain} is not null`),
    // Partial: a fresh signature writes no entry here (rows written per signature stay 9).
    index('signatures_mail_due')
      .on(t.mailState, t.mailDueAt)
      .where(sql`${t.mailDueAt} is not null`),
    uniqueIndex('signatures_confirm_hash')
      .on(t.confirmHash)
      .where(sql`${t.confirmHash} is not null`),
    uniqueIndex('signatures_remove_hash').on(t.removeHash).where(sql`${t.removeHash} is not null`),
  ],
)

/**
 * Single-purpose tokens for confirm and remove links, stored only as SHA-256. The table is
 * WITHOUT ROWID (migrations/0002): drizzle cannot express that, so a migration that drizzle-kit
 * generates to rebuild this table must keep `WITHOUT ROWID` by hand.
 */
export const signatureTokens = sqliteTable(
  'signature_tokens',
  {
    tokenHash: text().primaryKey(),
    signatureId: integer()
      .notNull()
      .references(() => signatures.id, { onDelete: 'cascade' }),
    purpose: text({ enum: ['confirm', 'remove', 'consent'] }).notNull(),
    expiresAt: integer().notNull(),
  },
  (t) => [index('signature_tokens_signature').on(t.signatureId)],
)

export const MESSAGE_STATES = ['pending', 'approved', 'rejected'] as const

/** A message of solidarity, shown once a moderator approved it. */
export const messages = sqliteTable(
  'messages',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id),
    name: text().notNull(),
    country: text(),
    body: text().notNull(),
    lang: text().notNull().default('en'),
    status: text({ enum: MESSAGE_STATES }).notNull().default('pending'),
    ipHash: text(),
    createdAt: createdAt(),
    moderatedAt: integer(),
  },
  (t) => [index('messages_campaign_status').on(t.campaignId, t.status, t.id)],
)

/**
 * The mail sweep's cursor: every signature with an id up to `afterId` has had its fresh
 * mail handled (sent, given up, or moved into `signatures_mail_due`). One row.
 */
export const mailSweep = sqliteTable('mail_sweep', {
  id: integer().primaryKey(),
  afterId: integer().notNull(),
})

/** A delivery of the tally to an authority, shown on the public page. */
export const deliveries = sqliteTable('deliveries', {
  id: integer().primaryKey({ autoIncrement: true }),
  campaignId: integer()
    .notNull()
    .references(() => campaigns.id),
  deliveredOn: text().notNull(),
  recipient: text().notNull(),
  count: integer().notNull(),
  digest: text().notNull(),
  createdAt: createdAt(),
})

/** An invalidation: criteria, how many it hit, and whether it was reverted. */
export const invalidations = sqliteTable('invalidations', {
  id: integer().primaryKey({ autoIncrement: true }),
  campaignId: integer()
    .notNull()
    .references(() => campaigns.id),
  criteria: text().notNull(),
  count: integer().notNull(),
  appliedAt: integer().notNull(),
  revertedAt: integer(),
})

/** Block lists: `ip` values are IP hashes' key material (a network), `domain` email domains. */
export const blocklist = sqliteTable(
  'blocklist',
  {
    kind: text({ enum: ['ip', 'domain'] }).notNull(),
    value: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.value] })],
)

/** Every organiser action and every personal-data export. */
export const auditLog = sqliteTable('audit_log', {
  id: integer().primaryKey({ autoIncrement: true }),
  at: createdAt(),
  /** `person:<id>`, `token:<id>` or `access:<subject>`: never an email. */
  actor: text().notNull(),
  /** The organisation the actor acted for (null for actions before organisations existed). */
  organisationId: integer(),
  action: text().notNull(),
  subject: text(),
  detail: text(),
})

/**
 * Organiser sessions of the `/admin` pages. The cookie carries a random token; only its HMAC
 * (SESSION_SECRET) is kept, so the table opens no session and rotating the secret ends them all.
 */
export const adminSessions = sqliteTable(
  'admin_sessions',
  {
    idHash: text().primaryKey(),
    /** `person:<id>`, or `access:<subject id>` behind Cloudflare Access; never an email. */
    actor: text().notNull(),
    /** The person signed in (the bootstrap owner for an `ADMIN_TOKEN` login). */
    personId: integer().references(() => people.id, { onDelete: 'cascade' }),
    createdAt: integer().notNull(),
    lastSeenAt: integer().notNull(),
  },
  (t) => [index('admin_sessions_created').on(t.createdAt)],
)

/**
 * An organisation: the host of campaigns (the data controller its signers deal with) or a
 * partner promoting them with supporters of its own. `demo` marks the seeded examples, which say
 * so on every page until an owner edits them.
 */
export const organisations = sqliteTable('organisations', {
  id: integer().primaryKey({ autoIncrement: true }),
  slug: text().notNull().unique(),
  name: text().notNull(),
  /** Its website. */
  url: text(),
  /** The sender name of its mail ("IPHR campaigns"). */
  senderName: text().notNull(),
  demo: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: createdAt(),
})

/**
 * Privacy notices, one row per version and language. Immutable: an edit inserts version n+1, so
 * a consent can always point at the exact text its signer was shown. The newest version of a
 * language is the one shown.
 */
export const privacyNotices = sqliteTable(
  'privacy_notices',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    lang: text().notNull(),
    version: integer().notNull(),
    body: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('privacy_notices_version').on(t.organisationId, t.lang, t.version)],
)

export const PARTNER_STATES = ['active', 'suspended', 'removed'] as const
export type PartnerState = (typeof PARTNER_STATES)[number]

/**
 * A partner organisation of a campaign. Only `active` partners are credited; a suspended or
 * removed partner's slug is ignored from then on and its past count stays. `listed = false`
 * keeps a partner off the page and out of the public API (a partner inside a repressive
 * country may need to stay unnamed).
 */
export const campaignPartners = sqliteTable(
  'campaign_partners',
  {
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    status: text({ enum: PARTNER_STATES }).notNull().default('active'),
    listed: integer({ mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.organisationId] }),
    index('campaign_partners_organisation').on(t.organisationId),
  ],
)

export const CONSENT_PURPOSES = ['updates'] as const
export const CONSENT_STATES = ['pending', 'given', 'withdrawn'] as const

/**
 * Consent per organisation, kept as evidence: which organisation, for what, when, in which
 * language, from where, and the exact notice version shown. A third partner is a row, not a
 * migration. The address is kept here encrypted with associated data naming the organisation,
 * so each organisation's supporters can later be sealed to that organisation's own key without
 * touching the signature. `pending` until the signer confirms by mail; erased with the signature.
 */
export const consents = sqliteTable(
  'consents',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    signatureId: integer()
      .notNull()
      .references(() => signatures.id, { onDelete: 'cascade' }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    purpose: text({ enum: CONSENT_PURPOSES }).notNull().default('updates'),
    status: text({ enum: CONSENT_STATES }).notNull(),
    noticeId: integer().references(() => privacyNotices.id),
    lang: text().notNull(),
    source: text({ enum: ['page', 'widget', 'api'] }).notNull(),
    emailCipher: text(),
    emailKeyId: text(),
    askedAt: integer().notNull(),
    givenAt: integer(),
    withdrawnAt: integer(),
    /**
     * The mail asking for this consent (migrations/0007), owed in D1 like a confirmation mail
     * and delivered by the same queue: null when none is owed, then `owed`, `sent` or `failed`.
     */
    mailState: text({ enum: MAIL_STATES }),
    mailAttempts: integer().notNull().default(0),
    /** When the next attempt is due (the sweep queues it again once overdue). */
    mailDueAt: integer(),
  },
  (t) => [
    uniqueIndex('consents_signature_organisation').on(t.signatureId, t.organisationId, t.purpose),
    index('consents_organisation_status').on(t.organisationId, t.status),
    index('consents_mail_due').on(t.mailState, t.mailDueAt).where(sql`${t.mailState} = 'owed'`),
  ],
)

/**
 * Organisers: people with their own sign-in (an emailed one-time link). The address is kept as
 * an HMAC for look-up and as ciphertext to send the link; the bootstrap owner (who signs in with
 * `ADMIN_TOKEN`) has none.
 */
export const people = sqliteTable('people', {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  emailHash: text().unique(),
  emailCipher: text(),
  emailKeyId: text(),
  createdAt: createdAt(),
  disabledAt: integer(),
})

export const ROLES = ['owner', 'editor', 'moderator', 'officer'] as const
export type Role = (typeof ROLES)[number]

/** A person's role in an organisation. */
export const memberships = sqliteTable(
  'memberships',
  {
    personId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    role: text({ enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.organisationId] }),
    index('memberships_organisation').on(t.organisationId),
  ],
)

/** One-time sign-in links: SHA-256 of the token only, 15 minutes, single use. */
export const loginLinks = sqliteTable(
  'login_links',
  {
    tokenHash: text().primaryKey(),
    personId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    expiresAt: integer().notNull(),
    usedAt: integer(),
  },
  (t) => [index('login_links_person').on(t.personId)],
)

/** API tokens per organisation and role: shown once, stored as SHA-256, revocable. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer().primaryKey({ autoIncrement: true }),
  organisationId: integer()
    .notNull()
    .references(() => organisations.id),
  role: text({ enum: ROLES }).notNull(),
  name: text().notNull(),
  tokenHash: text().notNull().unique(),
  /** `person:<id>` or `token:<id>` that created it. */
  createdBy: text().notNull(),
  createdAt: createdAt(),
  lastUsedAt: integer(),
  revokedAt: integer(),
})
