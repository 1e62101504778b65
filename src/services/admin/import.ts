/**
 * Saving the campaigns an editor chose from an imported release: as drafts of the editor's
 * organisation (its host), in one batch with the audit row. Campaigns already published, or
 * another organisation's, are never replaced.
 */
import { auditStatement } from '../../db/admin/audit.ts'
import { keepStoredDefenders, takenSlugs } from '../../db/admin/import.ts'
import { seedStatements } from '../../db/seed.ts'
import type { ContentFile } from '../../domain/content.ts'
import { type AdminContext, authorize } from './actor.ts'
import { who } from './campaigns.ts'

export type ImportSaved = { ok: true } | { ok: false; taken: string[] }

export async function saveImport(
  ctx: AdminContext,
  content: ContentFile,
  proposed: number,
): Promise<ImportSaved> {
  authorize(ctx.actor, 'edit')
  const organisationId = ctx.actor.organisation.id
  const taken = await takenSlugs(ctx.db, content, organisationId)
  if (taken.length) return { ok: false, taken }
  const kept = await keepStoredDefenders(ctx.db, content)
  const d1 = ctx.env.DB
  const slugs = JSON.stringify(kept.campaigns.map((x) => x.slug))
  // Raw statements: the seeder's idempotent upserts are shared with `npm run seed`.
  await d1.batch([
    ...seedStatements(kept).map((s) => d1.prepare(s.sql).bind(...s.params)),
    d1
      .prepare(
        `update campaigns set host_organisation_id = ?
        where slug in (select value from json_each(?)) and status = 'draft'`,
      )
      .bind(organisationId, slugs),
    auditStatement(d1, {
      ...who(ctx),
      action: 'import.save',
      subject: kept.release.slug,
      detail: {
        campaigns: kept.campaigns.map((x) => x.slug),
        defenders: kept.defenders.length,
        proposed,
      },
    }),
  ])
  return { ok: true }
}
