/**
 * The audit log: one row per organiser action, written in the same batch as the action where
 * the action is one batch. Details carry ids, counts and criteria, never an email, a name or
 * an IP (IP networks appear only as their keyed hash).
 */

export interface AuditEntry {
  id: number
  at: number
  actor: string
  action: string
  subject: string | null
  detail: unknown
}

/** An audit row; with `ifChanged`, written only if the statement before it changed a row. */
export function auditStatement(
  d1: D1Database,
  entry: { actor: string; action: string; subject?: string | null; detail?: unknown },
  { ifChanged = false, now = Date.now() } = {},
): D1PreparedStatement {
  const detail = entry.detail === undefined ? null : JSON.stringify(entry.detail)
  return d1
    .prepare(
      `insert into audit_log (at, actor, action, subject, detail)
      select ?, ?, ?, ?, ? where ${ifChanged ? 'changes() > 0' : '1'}`,
    )
    .bind(now, entry.actor, entry.action, entry.subject ?? null, detail)
}

/** The newest entries first. */
export async function recentAudit(d1: D1Database, limit = 100): Promise<AuditEntry[]> {
  const { results } = await d1
    .prepare(
      'select id, at, actor, action, subject, detail from audit_log order by id desc limit ?',
    )
    .bind(limit)
    .all<Omit<AuditEntry, 'detail'> & { detail: string | null }>()
  return results.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) : null }))
}
