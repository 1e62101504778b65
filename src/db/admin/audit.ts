/**
 * The audit log: one row per organiser action, written in the same batch as the action where
 * the action is one batch. The actor is `person:<id>` or `token:<id>` (with ` access:<subject>`
 * behind Cloudflare Access) and the row records the organisation acted for. Details carry ids,
 * counts and criteria, never an email, a name or an IP (IP networks only as their keyed hash).
 */
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { apiTokens, auditLog, people } from '../schema.ts'

export interface AuditEntry {
  id: number
  at: number
  actor: string
  /** The person's or token's name, for people to read (never an email). */
  actorName: string | null
  organisationId: number | null
  action: string
  subject: string | null
  detail: unknown
}

export interface AuditInput {
  actor: string
  organisationId?: number | null
  action: string
  subject?: string | null
  detail?: unknown
}

const detailOf = (entry: AuditInput) =>
  entry.detail === undefined ? null : JSON.stringify(entry.detail)

/** An audit row for a drizzle batch (written whatever the statements before it did). */
export function auditInsert(db: Db, entry: AuditInput, now = Date.now()) {
  return db.insert(auditLog).values({
    at: now,
    actor: entry.actor,
    organisationId: entry.organisationId ?? null,
    action: entry.action,
    subject: entry.subject ?? null,
    detail: detailOf(entry),
  })
}

/**
 * An audit row for a drizzle batch, written only if the statement before it changed a row.
 * `changes()` (the previous statement's row count inside the batch's transaction) has no
 * builder form, so the selected row is SQL: every column of `audit_log` in schema order.
 */
export function auditIfChanged(db: Db, entry: AuditInput, now = Date.now()) {
  return db.insert(auditLog).select(
    sql`select null, ${now}, ${entry.actor}, ${entry.organisationId ?? null}, ${entry.action},
      ${entry.subject ?? null}, ${detailOf(entry)} where changes() > 0`,
  )
}

const ACTOR = /^(person|token):(\d+)/

/** The `person:<id>` / `token:<id>` an audit actor names, if any. */
export function actorRef(actor: string): { kind: 'person' | 'token'; id: number } | null {
  const m = actor.match(ACTOR)
  return m ? { kind: m[1] as 'person' | 'token', id: Number(m[2]) } : null
}

/**
 * The newest entries of one organisation first, with the acting person's or token's name.
 * Entries from before organisations existed (no organisation) go with the operator's log.
 */
export async function recentAudit(
  db: Db,
  {
    organisationId,
    includeUnowned = false,
    limit = 100,
  }: {
    organisationId: number
    includeUnowned?: boolean
    limit?: number
  },
): Promise<AuditEntry[]> {
  const scope = includeUnowned
    ? or(eq(auditLog.organisationId, organisationId), isNull(auditLog.organisationId))
    : eq(auditLog.organisationId, organisationId)
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(scope))
    .orderBy(desc(auditLog.id))
    .limit(limit)
  const refs = rows.map((r) => actorRef(r.actor))
  const ids = (kind: 'person' | 'token') => [
    ...new Set(refs.flatMap((r) => (r?.kind === kind ? [r.id] : []))),
  ]
  const personIds = ids('person')
  const tokenIds = ids('token')
  const [persons, tokens] = await Promise.all([
    personIds.length
      ? db
          .select({ id: people.id, name: people.name })
          .from(people)
          .where(inArray(people.id, personIds))
      : [],
    tokenIds.length
      ? db
          .select({ id: apiTokens.id, name: apiTokens.name })
          .from(apiTokens)
          .where(inArray(apiTokens.id, tokenIds))
      : [],
  ])
  const names = new Map<string, string>([
    ...persons.map((p) => [`person:${p.id}`, p.name] as const),
    ...tokens.map((t) => [`token:${t.id}`, t.name] as const),
  ])
  return rows.map((r, i) => {
    const ref = refs[i]
    return {
      id: r.id,
      at: r.at,
      actor: r.actor,
      actorName: ref ? (names.get(`${ref.kind}:${ref.id}`) ?? null) : null,
      organisationId: r.organisationId,
      action: r.action,
      subject: r.subject,
      detail: r.detail ? JSON.parse(r.detail) : null,
    }
  })
}
