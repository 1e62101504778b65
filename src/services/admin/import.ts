/**
 * Saving the campaigns an editor chose from an imported release: as drafts of the editor's
 * organisation (its host), in one batch with the audit row. Campaigns already published, or
 * another organisation's, are never replaced.
 */
import { keepStoredDefenders, saveImportedContent, takenSlugs } from '../../db/admin/import.ts'
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
  await saveImportedContent(ctx.env.DB, kept, organisationId, {
    ...who(ctx),
    action: 'import.save',
    subject: kept.release.slug,
    detail: {
      campaigns: kept.campaigns.map((x) => x.slug),
      defenders: kept.defenders.length,
      proposed,
    },
  })
  return { ok: true }
}
