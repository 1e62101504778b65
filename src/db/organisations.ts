/**
 * The public face of organisations: a campaign's host and partners as pages and the API show
 * them, and privacy notices (immutable versions; the newest of a language is the one shown).
 */
import { and, desc, eq, sql } from 'drizzle-orm'
import type { Lang } from '../env.ts'
import type { Db } from './client.ts'
import { campaignPartners, organisations, privacyNotices } from './schema.ts'

/** An organisation as the public sees it. `demo` marks the seeded examples. */
export interface OrganisationRef {
  id: number
  slug: string
  name: string
  url: string | null
  senderName: string
  demo: boolean
}

export interface PrivacyNotice {
  id: number
  lang: string
  version: number
  body: string
  createdAt: number
}

const orgColumns = {
  id: organisations.id,
  slug: organisations.slug,
  name: organisations.name,
  url: organisations.url,
  senderName: organisations.senderName,
  demo: organisations.demo,
}

/** The public URL of an organisation's privacy notice. */
export function privacyPath(slug: string): string {
  return `/organisations/${slug}/privacy`
}

/** An organisation by id (the host of a campaign). */
export function organisationQuery(db: Db, id: number) {
  return db.select(orgColumns).from(organisations).where(eq(organisations.id, id)).limit(1)
}

/**
 * A campaign's active partners, with whether each is listed. Callers show the listed ones and
 * may credit any of them: an unlisted partner keeps its own link but stays off the page.
 */
export function activePartnersQuery(db: Db, campaignId: number) {
  return db
    .select({ ...orgColumns, listed: campaignPartners.listed })
    .from(campaignPartners)
    .innerJoin(organisations, eq(organisations.id, campaignPartners.organisationId))
    .where(and(eq(campaignPartners.campaignId, campaignId), eq(campaignPartners.status, 'active')))
    .orderBy(campaignPartners.createdAt, organisations.id)
}

/** Organisations by id, for turning tally keys (organisation ids) into slugs. */
export async function organisationSlugs(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: organisations.id, slug: organisations.slug })
    .from(organisations)
  return new Map(rows.map((r) => [String(r.id), r.slug]))
}

/**
 * An organisation with its newest privacy notice in `lang` (else English, else any language);
 * null for an unknown slug.
 */
export async function findPrivacyNotice(
  db: Db,
  slug: string,
  lang: Lang,
): Promise<{ organisation: OrganisationRef; notice: PrivacyNotice | null } | null> {
  const [organisation] = await db
    .select(orgColumns)
    .from(organisations)
    .where(eq(organisations.slug, slug))
    .limit(1)
  if (!organisation) return null
  const [notice] = await db
    .select({
      id: privacyNotices.id,
      lang: privacyNotices.lang,
      version: privacyNotices.version,
      body: privacyNotices.body,
      createdAt: privacyNotices.createdAt,
    })
    .from(privacyNotices)
    .where(eq(privacyNotices.organisationId, organisation.id))
    .orderBy(
      desc(sql`${privacyNotices.lang} = ${lang}`),
      desc(sql`${privacyNotices.lang} = 'en'`),
      desc(privacyNotices.version),
    )
    .limit(1)
  return { organisation, notice: notice ?? null }
}
