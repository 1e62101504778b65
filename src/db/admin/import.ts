/** What saving an imported release needs to know about what is already stored. */
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm'
import type { ContentFile } from '../../domain/content.ts'
import { createDb, type Db, statementOf } from '../client.ts'
import { campaigns, defenders, defenderTranslations } from '../schema.ts'
import { seedBatch } from '../seed.ts'
import { type AuditInput, auditInsert } from './audit.ts'

/**
 * Campaign slugs of the file that already exist and are not this organisation's drafts: no
 * longer drafts, or hosted by another organisation.
 */
export async function takenSlugs(
  db: Db,
  content: ContentFile,
  organisationId: number,
): Promise<string[]> {
  const slugs = content.campaigns.map((c) => c.slug)
  if (slugs.length === 0) return []
  const rows = await db
    .select({ slug: campaigns.slug })
    .from(campaigns)
    .where(
      and(
        inArray(campaigns.slug, slugs),
        or(ne(campaigns.status, 'draft'), ne(campaigns.hostOrganisationId, organisationId)),
      ),
    )
  return rows.map((r) => r.slug)
}

/**
 * Defenders already on record keep what the organisers wrote about them: an import names them,
 * it does not rewrite their country, status or situation.
 */
export async function keepStoredDefenders(db: Db, content: ContentFile): Promise<ContentFile> {
  if (!content.defenders.length) return content
  const rows = await db
    .select({
      slug: defenders.slug,
      country: defenders.country,
      status: defenders.status,
      lang: defenderTranslations.lang,
      name: defenderTranslations.name,
      situation: defenderTranslations.situation,
    })
    .from(defenders)
    .innerJoin(defenderTranslations, eq(defenderTranslations.defenderId, defenders.id))
    .where(
      inArray(
        defenders.slug,
        content.defenders.map((d) => d.slug),
      ),
    )
  const stored = new Map<string, ContentFile['defenders'][number]>()
  for (const r of rows) {
    const d = stored.get(r.slug) ?? {
      slug: r.slug,
      country: r.country,
      status: r.status,
      translations: {},
    }
    d.translations[r.lang] = { name: r.name, situation: r.situation }
    stored.set(r.slug, d)
  }
  return { ...content, defenders: content.defenders.map((d) => stored.get(d.slug) ?? d) }
}

/**
 * Saves an imported release's content as drafts hosted by the organisation, with the audit row,
 * in one batch. The seeder's idempotent upserts are raw (statement texts shared with
 * `npm run seed`), so the batch is D1's: the host and audit statements are builder queries in it.
 */
export async function saveImportedContent(
  d1: D1Database,
  content: ContentFile,
  organisationId: number,
  audit: AuditInput,
): Promise<void> {
  const db = createDb(d1)
  const slugs = JSON.stringify(content.campaigns.map((x) => x.slug))
  await d1.batch([
    ...seedBatch(d1, content),
    statementOf(
      d1,
      db
        .update(campaigns)
        .set({ hostOrganisationId: organisationId })
        .where(
          and(
            sql`${campaigns.slug} in (select value from json_each(${slugs}))`,
            eq(campaigns.status, 'draft'),
          ),
        ),
    ),
    statementOf(d1, auditInsert(db, audit)),
  ])
}
