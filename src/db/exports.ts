/**
 * Reads behind the streamed exports, one keyset page at a time (`id > ? order by id limit ?` on
 * the (campaign, status, id) index, never OFFSET), and the audit rows that record each export
 * with its proof. Audit details hold ids, counts and digests, never an email or a name.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm'
import { type AuditInput, auditInsert } from './admin/audit.ts'
import type { Db } from './client.ts'
import { auditLog, consents, signatures, tallies } from './schema.ts'

/** The rows of one export: fixed when it starts, so a long download is one consistent cut. */
export interface ExportSnapshot {
  campaignId: number
  /** Highest signature id of the campaign when the export started. */
  maxId: number
  /** Only signatures confirmed at or before this instant (ms). */
  asOf: number
}

export async function exportSnapshot(
  db: Db,
  campaignId: number,
  asOf: number,
): Promise<ExportSnapshot> {
  const [row] = await db
    .select({ maxId: sql<number>`coalesce(max(${signatures.id}), 0)` })
    .from(signatures)
    .where(eq(signatures.campaignId, campaignId))
  return { campaignId, maxId: row?.maxId ?? 0, asOf }
}

/**
 * Rows per page. D1 allows 1,000 queries per Worker invocation (Workers Paid), so pages grow
 * for very large campaigns to stay well below it: 1,000,000 rows take 800 pages of 1,250.
 */
export function exportPageSize(expectedRows: number, maxQueries = 800): number {
  return Math.max(1000, Math.ceil(expectedRows / maxQueries))
}

/** Confirmed signatures of the snapshot after `afterId`. */
const inSnapshot = (snap: ExportSnapshot, afterId: number) =>
  and(
    eq(signatures.campaignId, snap.campaignId),
    eq(signatures.status, 'confirmed'),
    gt(signatures.id, afterId),
    lte(signatures.id, snap.maxId),
    lte(signatures.confirmedAt, snap.asOf),
  )

export interface DeliveryRow {
  id: number
  createdAt: number
  confirmedAt: number | null
  nameInDelivery: boolean
  name: string | null
  city: string | null
  country: string
  comment: string | null
}

/** A page of the delivery list: confirmed signatures after `afterId`, in id order. */
export function deliveryPage(
  db: Db,
  snap: ExportSnapshot,
  afterId: number,
  limit: number,
): Promise<DeliveryRow[]> {
  return db
    .select({
      id: signatures.id,
      createdAt: signatures.createdAt,
      confirmedAt: signatures.confirmedAt,
      nameInDelivery: signatures.nameInDelivery,
      name: signatures.name,
      city: signatures.city,
      country: signatures.country,
      comment: signatures.comment,
    })
    .from(signatures)
    .where(inSnapshot(snap, afterId))
    .orderBy(asc(signatures.id))
    .limit(limit)
}

export interface SupporterRow {
  id: number
  /** The consent's own copy of the address (sealed for the organisation), if it has one. */
  consentCipher: string | null
  consentKeyId: string | null
  /** The signature's copy (consents recorded before per-organisation copies existed). */
  emailCipher: string | null
  emailKeyId: string | null
  name: string | null
  country: string
  lang: string
}

/**
 * A page of one organisation's supporters on a campaign: confirmed signers with a given
 * consent to hear from that organisation.
 */
export function supporterPage(
  db: Db,
  snap: ExportSnapshot,
  organisationId: number,
  afterId: number,
  limit: number,
): Promise<SupporterRow[]> {
  return db
    .select({
      id: signatures.id,
      consentCipher: consents.emailCipher,
      consentKeyId: consents.emailKeyId,
      emailCipher: signatures.emailCipher,
      emailKeyId: signatures.emailKeyId,
      name: signatures.name,
      country: signatures.country,
      lang: signatures.lang,
    })
    .from(signatures)
    .innerJoin(
      consents,
      and(
        eq(consents.signatureId, signatures.id),
        eq(consents.organisationId, organisationId),
        eq(consents.purpose, 'updates'),
        eq(consents.status, 'given'),
      ),
    )
    .where(inSnapshot(snap, afterId))
    .orderBy(asc(signatures.id))
    .limit(limit)
}

/** Named signers for the printed delivery pack (those who agreed), oldest first. */
export function namedSigners(
  db: Db,
  campaignIds: number[],
  limit: number,
): Promise<{ name: string | null; country: string }[]> {
  if (campaignIds.length === 0) return Promise.resolve([])
  return db
    .select({ name: signatures.name, country: signatures.country })
    .from(signatures)
    .where(
      and(
        inArray(signatures.campaignId, campaignIds),
        eq(signatures.status, 'confirmed'),
        eq(signatures.nameInDelivery, true),
        isNotNull(signatures.name),
      ),
    )
    .orderBy(asc(signatures.id))
    .limit(limit)
}

export const EXPORT_FILES = {
  'signatures.csv': 'export.signatures',
  'supporters.csv': 'export.supporters',
} as const
export type ExportFile = keyof typeof EXPORT_FILES

export interface ExportRecord {
  exportId: string
  file: ExportFile
  campaign: string
  /** Whose supporters (supporters.csv): the organisation's slug. */
  organisation?: string
  /** The name the file was offered under; its proof is offered as this + `.sig`. */
  filename: string
  startedAt: string
  /** Set when the last byte was produced; an export without them was not completed. */
  completedAt?: string
  rows?: number
  bytes?: number
  /** Rows left out because their email could not be decrypted (supporters only). */
  skipped?: number
  digest?: string
  signature?: string
  keyId?: string
  publicKey?: string
}

/**
 * Records that an export started, before its first byte leaves: a download that breaks off
 * is still on the record. Returns the audit row's id, completed by `exportFinished`.
 */
export async function exportStarted(
  db: Db,
  who: Pick<AuditInput, 'actor' | 'organisationId'>,
  record: ExportRecord,
): Promise<number> {
  const [row] = await auditInsert(db, {
    ...who,
    action: EXPORT_FILES[record.file],
    subject: record.campaign,
    detail: record,
  }).returning({ id: auditLog.id })
  return row!.id
}

/** Completes the export's audit row with its row count and proof. */
export async function exportFinished(db: Db, auditId: number, record: ExportRecord) {
  await db
    .update(auditLog)
    .set({ detail: JSON.stringify(record) })
    .where(eq(auditLog.id, auditId))
}

/** An organisation's completed export of a campaign's file: the given one, else the latest. */
export async function findExport(
  db: Db,
  campaign: string,
  file: ExportFile,
  organisationId: number,
  exportId?: string,
): Promise<ExportRecord | null> {
  const [row] = await db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, EXPORT_FILES[file]),
        eq(auditLog.subject, campaign),
        eq(auditLog.organisationId, organisationId),
        sql`json_extract(${auditLog.detail}, '$.completedAt') is not null`,
        exportId ? sql`json_extract(${auditLog.detail}, '$.exportId') = ${exportId}` : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1)
  return row?.detail ? (JSON.parse(row.detail) as ExportRecord) : null
}

/** The confirmed count of a campaign, to size the pages. */
export async function confirmedCount(db: Db, campaignId: number): Promise<number> {
  const [row] = await db
    .select({ n: tallies.n })
    .from(tallies)
    .where(
      and(
        eq(tallies.campaignId, campaignId),
        eq(tallies.dimension, 'state'),
        eq(tallies.key, 'confirmed'),
      ),
    )
  return row?.n ?? 0
}
