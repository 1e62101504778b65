/**
 * Reads behind the streamed exports, one keyset page at a time (`id > ? order by id limit ?` on
 * the (campaign, status, id) index, never OFFSET), and the audit rows that record each export
 * with its proof. Audit details hold ids, counts and digests, never an email or a name.
 */
import { auditStatement } from './admin/audit.ts'

/** The rows of one export: fixed when it starts, so a long download is one consistent cut. */
export interface ExportSnapshot {
  campaignId: number
  /** Highest signature id of the campaign when the export started. */
  maxId: number
  /** Only signatures confirmed at or before this instant (ms). */
  asOf: number
}

export async function exportSnapshot(
  d1: D1Database,
  campaignId: number,
  asOf: number,
): Promise<ExportSnapshot> {
  const row = await d1
    .prepare('select coalesce(max(id), 0) as maxId from signatures where campaign_id = ?')
    .bind(campaignId)
    .first<{ maxId: number }>()
  return { campaignId, maxId: row?.maxId ?? 0, asOf }
}

/**
 * Rows per page. D1 allows 1,000 queries per Worker invocation (Workers Paid), so pages grow
 * for very large campaigns to stay well below it: 1,000,000 rows take 800 pages of 1,250.
 */
export function exportPageSize(expectedRows: number, maxQueries = 800): number {
  return Math.max(1000, Math.ceil(expectedRows / maxQueries))
}

export interface DeliveryRow {
  id: number
  createdAt: number
  confirmedAt: number
  nameInDelivery: number
  name: string | null
  city: string | null
  country: string
  comment: string | null
}

/** A page of the delivery list: confirmed signatures after `afterId`, in id order. */
export async function deliveryPage(
  d1: D1Database,
  snap: ExportSnapshot,
  afterId: number,
  limit: number,
): Promise<DeliveryRow[]> {
  const { results } = await d1
    .prepare(
      `select id, created_at as createdAt, confirmed_at as confirmedAt,
        name_in_delivery as nameInDelivery, name, city, country, comment
      from signatures where campaign_id = ? and status = 'confirmed' and id > ? and id <= ?
        and confirmed_at <= ?
      order by id limit ?`,
    )
    .bind(snap.campaignId, afterId, snap.maxId, snap.asOf, limit)
    .all<DeliveryRow>()
  return results
}

export interface SupporterRow {
  id: number
  emailCipher: string | null
  emailKeyId: string | null
  name: string | null
  country: string
  lang: string
}

/** A page of the supporters list: confirmed signers who asked to be kept informed. */
export async function supporterPage(
  d1: D1Database,
  snap: ExportSnapshot,
  afterId: number,
  limit: number,
): Promise<SupporterRow[]> {
  const { results } = await d1
    .prepare(
      `select id, email_cipher as emailCipher, email_key_id as emailKeyId, name, country, lang
      from signatures where campaign_id = ? and status = 'confirmed' and id > ? and id <= ?
        and confirmed_at <= ? and keep_informed = 1
      order by id limit ?`,
    )
    .bind(snap.campaignId, afterId, snap.maxId, snap.asOf, limit)
    .all<SupporterRow>()
  return results
}

/** Named signers for the printed delivery pack (those who agreed), oldest first. */
export async function namedSigners(
  d1: D1Database,
  campaignIds: number[],
  limit: number,
): Promise<{ name: string; country: string }[]> {
  if (campaignIds.length === 0) return []
  const { results } = await d1
    .prepare(
      `select name, country from signatures
      where campaign_id in (${campaignIds.map(() => '?').join(',')}) and status = 'confirmed'
        and name_in_delivery = 1 and name is not null
      order by id limit ?`,
    )
    .bind(...campaignIds, limit)
    .all<{ name: string; country: string }>()
  return results
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
  d1: D1Database,
  actor: string,
  record: ExportRecord,
): Promise<number> {
  const result = await auditStatement(d1, {
    actor,
    action: EXPORT_FILES[record.file],
    subject: record.campaign,
    detail: record,
  }).run()
  return result.meta.last_row_id
}

/** Completes the export's audit row with its row count and proof. */
export async function exportFinished(
  d1: D1Database,
  auditId: number,
  record: ExportRecord,
): Promise<void> {
  await d1
    .prepare('update audit_log set detail = ? where id = ?')
    .bind(JSON.stringify(record), auditId)
    .run()
}

/** The completed export of a campaign's file: the given one, else the latest. */
export async function findExport(
  d1: D1Database,
  campaign: string,
  file: ExportFile,
  exportId?: string,
): Promise<ExportRecord | null> {
  const row = await d1
    .prepare(
      `select detail from audit_log where action = ?1 and subject = ?2
        and json_extract(detail, '$.completedAt') is not null
        and (?3 is null or json_extract(detail, '$.exportId') = ?3)
      order by id desc limit 1`,
    )
    .bind(EXPORT_FILES[file], campaign, exportId ?? null)
    .first<{ detail: string }>()
  return row ? (JSON.parse(row.detail) as ExportRecord) : null
}

/** The campaign an export is of (drafts too), with its confirmed count to size the pages. */
export async function exportCampaign(
  d1: D1Database,
  slug: string,
): Promise<{ id: number; slug: string; confirmed: number } | null> {
  return d1
    .prepare(
      `select c.id, c.slug, coalesce(t.n, 0) as confirmed from campaigns c
      left join tallies t on t.campaign_id = c.id and t.dimension = 'state' and t.key = 'confirmed'
      where c.slug = ?`,
    )
    .bind(slug)
    .first<{ id: number; slug: string; confirmed: number }>()
}
