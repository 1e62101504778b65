/** The audit log and the dashboard, each of the actor's own organisation. */

import { type AuditEntry, recentAudit } from '../../db/admin/audit.ts'
import { type DefenderGroup, dashboard } from '../../db/admin/dashboard.ts'
import { type MailBacklog, mailBacklog } from '../../db/mail.ts'
import { OPERATOR_ORGANISATION_ID } from '../../domain/permissions.ts'
import { type AdminContext, authorize } from './actor.ts'
import { hostedIds } from './campaigns.ts'

/** The newest entries of the organisation's log (owners). */
export function auditEntries(ctx: AdminContext, limit = 100): Promise<AuditEntry[]> {
  authorize(ctx.actor, 'audit')
  const organisationId = ctx.actor.organisation.id
  return recentAudit(ctx.db, {
    organisationId,
    // Entries from before organisations existed belong to the operator's log.
    includeUnowned: organisationId === OPERATOR_ORGANISATION_ID,
    limit,
  })
}

/** The dashboard of the campaigns the organisation hosts. */
export async function dashboardOf(ctx: AdminContext): Promise<DefenderGroup[]> {
  authorize(ctx.actor, 'tallies')
  return dashboard(ctx.db, await hostedIds(ctx))
}

/**
 * The confirmation-mail backlog (waiting, retrying, given up: counts and ages, never an
 * address), for whoever sees the dashboard.
 */
export async function mailBacklogOf(ctx: AdminContext): Promise<MailBacklog> {
  authorize(ctx.actor, 'tallies')
  return mailBacklog(ctx.env.DB)
}
