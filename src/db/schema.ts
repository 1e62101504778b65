/**
 * The one picture of the data. Drizzle schema for D1; `npm run db:generate` writes the
 * migrations in `migrations/` from it, `wrangler d1 migrations apply` applies them.
 *
 * Privacy: no table holds a clear-text email or a raw IP. Emails live as a keyed HMAC (for
 * dedup) and as authenticated ciphertext with its key id; IPs as a daily-keyed hash.
 */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

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
  openedAt: integer(),
  closedAt: integer(),
  createdAt: createdAt(),
  updatedAt: createdAt(),
})

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
 * `day` (key = YYYY-MM-DD of confirmation, confirmed only).
 */
export const tallies = sqliteTable(
  'tallies',
  {
    campaignId: integer().notNull(),
    dimension: text({ enum: ['state', 'country', 'day'] }).notNull(),
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
    keepInformed: integer({ mode: 'boolean' }).notNull().default(false),
    lang: text().notNull().default('en'),
    status: text({ enum: SIGNATURE_STATES }).notNull(),
    /** A random revision written with every state change: guards the tally updates of a batch. */
    rev: integer().notNull().default(0),
    /** State before an invalidation, so it can be reverted. */
    statusBeforeInvalidation: text({ enum: SIGNATURE_STATES }),
    invalidationId: integer(),
    /** Keyed, daily-rotated hash of the client IP (IPv6 by /64); cleared after 30 days. */
    ipHash: text(),
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
  },
  (t) => [
    uniqueIndex('signatures_campaign_email').on(t.campaignId, t.emailHash),
    index('signatures_campaign_status').on(t.campaignId, t.status, t.id),
    index('signatures_ip').on(t.ipHash),
    index('signatures_created').on(t.createdAt),
    // Partial: a fresh signature writes no entry here (rows written per signature stay 9).
    index('signatures_mail_due')
      .on(t.mailState, t.mailDueAt)
      .where(sql`${t.mailDueAt} is not null`),
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
    purpose: text({ enum: ['confirm', 'remove'] }).notNull(),
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
  actor: text().notNull(),
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
    /** `admin`, or `access:<subject id>` behind Cloudflare Access; never an email. */
    actor: text().notNull(),
    createdAt: integer().notNull(),
    lastSeenAt: integer().notNull(),
  },
  (t) => [index('admin_sessions_created').on(t.createdAt)],
)
