/**
 * Writes and reads of what keeps a campaign true: its dated updates, review date, outcome and
 * image. Each write goes out in one batch with its audit row.
 */
import { and, desc, eq } from 'drizzle-orm'
import type { CampaignOutcome } from '../domain/outcome.ts'
import type { Db } from './client.ts'
import { auditLog, campaigns, campaignUpdates } from './schema.ts'

export interface AuditRow {
  actor: string
  action: string
  subject: string
  detail?: unknown
}

/** An audit row as a drizzle insert, to go in the same batch as the change it records. */
export function auditInsert(db: Db, entry: AuditRow, now = Date.now()) {
  return db.insert(auditLog).values({
    at: now,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
  })
}

/** The campaign row the record's writes act on (any status), or null. */
export async function findCampaignForRecord(db: Db, slug: string) {
  const [row] = await db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      status: campaigns.status,
      imageKey: campaigns.imageKey,
    })
    .from(campaigns)
    .where(eq(campaigns.slug, slug))
    .limit(1)
  return row ?? null
}

export type RecordCampaign = NonNullable<Awaited<ReturnType<typeof findCampaignForRecord>>>

export interface CampaignUpdate {
  id: number
  postedOn: string
  /** The update per language it was written in. */
  text: Record<string, string>
  sourceUrl: string | null
}

/** A campaign's updates, newest first (by date, then by when they were added). */
export function campaignUpdatesQuery(db: Db, campaignId: number, limit = 50) {
  return db
    .select({
      id: campaignUpdates.id,
      postedOn: campaignUpdates.postedOn,
      body: campaignUpdates.body,
      sourceUrl: campaignUpdates.sourceUrl,
    })
    .from(campaignUpdates)
    .where(eq(campaignUpdates.campaignId, campaignId))
    .orderBy(desc(campaignUpdates.postedOn), desc(campaignUpdates.id))
    .limit(limit)
}

export function toCampaignUpdates(
  rows: Awaited<ReturnType<typeof campaignUpdatesQuery>>,
): CampaignUpdate[] {
  return rows.map((r) => ({
    id: r.id,
    postedOn: r.postedOn,
    text: JSON.parse(r.body) as Record<string, string>,
    sourceUrl: r.sourceUrl,
  }))
}

export async function listCampaignUpdates(db: Db, campaignId: number): Promise<CampaignUpdate[]> {
  return toCampaignUpdates(await campaignUpdatesQuery(db, campaignId))
}

/** Adds an update and its audit row in one batch; the new update's id. */
export async function insertCampaignUpdate(
  db: Db,
  campaign: RecordCampaign,
  update: { postedOn: string; text: Record<string, string>; sourceUrl: string | null },
  actor: string,
  now = Date.now(),
): Promise<number> {
  const [inserted] = await db.batch([
    db
      .insert(campaignUpdates)
      .values({
        campaignId: campaign.id,
        postedOn: update.postedOn,
        body: JSON.stringify(update.text),
        sourceUrl: update.sourceUrl,
        createdAt: now,
      })
      .returning({ id: campaignUpdates.id }),
    db.update(campaigns).set({ updatedAt: now }).where(eq(campaigns.id, campaign.id)),
    auditInsert(
      db,
      {
        actor,
        action: 'campaign.update.add',
        subject: campaign.slug,
        detail: { postedOn: update.postedOn, languages: Object.keys(update.text) },
      },
      now,
    ),
  ])
  return inserted[0]!.id
}

/** Deletes one update of the campaign, with its audit row; whether it existed. */
export async function deleteCampaignUpdate(
  db: Db,
  campaign: RecordCampaign,
  id: number,
  actor: string,
  now = Date.now(),
): Promise<boolean> {
  const ofCampaign = and(eq(campaignUpdates.id, id), eq(campaignUpdates.campaignId, campaign.id))
  const [found] = await db
    .select({ id: campaignUpdates.id })
    .from(campaignUpdates)
    .where(ofCampaign)
    .limit(1)
  // Nothing to delete writes no audit row.
  if (!found) return false
  await db.batch([
    db.delete(campaignUpdates).where(ofCampaign),
    auditInsert(
      db,
      { actor, action: 'campaign.update.delete', subject: campaign.slug, detail: { id } },
      now,
    ),
  ])
  return true
}

/** Sets the date the campaign's facts were last reviewed. */
export async function setReviewedOn(
  db: Db,
  campaign: RecordCampaign,
  reviewedOn: string,
  actor: string,
  now = Date.now(),
): Promise<void> {
  await db.batch([
    db.update(campaigns).set({ reviewedOn, updatedAt: now }).where(eq(campaigns.id, campaign.id)),
    auditInsert(
      db,
      { actor, action: 'campaign.review', subject: campaign.slug, detail: { reviewedOn } },
      now,
    ),
  ])
}

/**
 * Records how the campaign ended, closing it if it is open (`closed_at` then is now). A closed
 * campaign keeps answering 410 to new signatures whatever its outcome.
 */
export async function setOutcome(
  db: Db,
  campaign: RecordCampaign,
  outcome: { outcome: CampaignOutcome; note: Record<string, string> },
  actor: string,
  now = Date.now(),
): Promise<void> {
  const closing = campaign.status === 'open'
  const note = Object.keys(outcome.note).length ? JSON.stringify(outcome.note) : null
  await db.batch([
    db
      .update(campaigns)
      .set({
        outcome: outcome.outcome,
        outcomeNote: note,
        updatedAt: now,
        ...(closing ? { status: 'closed' as const, closedAt: now } : {}),
      })
      .where(eq(campaigns.id, campaign.id)),
    auditInsert(
      db,
      {
        actor,
        action: closing ? 'campaign.close' : 'campaign.outcome',
        subject: campaign.slug,
        detail: { outcome: outcome.outcome },
      },
      now,
    ),
  ])
}

export interface StoredImage {
  key: string
  type: string
  alt: Record<string, string>
  credit: string | null
}

/** Points the campaign at a new image (already in R2), or at none. */
export async function setImage(
  db: Db,
  campaign: RecordCampaign,
  image: StoredImage | null,
  actor: string,
  now = Date.now(),
): Promise<void> {
  await db.batch([
    db
      .update(campaigns)
      .set({
        imageKey: image?.key ?? null,
        imageType: image?.type ?? null,
        imageAlt: image ? JSON.stringify(image.alt) : null,
        imageCredit: image?.credit || null,
        updatedAt: now,
      })
      .where(eq(campaigns.id, campaign.id)),
    auditInsert(
      db,
      {
        actor,
        action: image ? 'campaign.image.set' : 'campaign.image.remove',
        subject: campaign.slug,
        detail: image ? { key: image.key, type: image.type } : undefined,
      },
      now,
    ),
  ])
}

export interface CampaignRecord {
  reviewedOn: string | null
  outcome: { kind: CampaignOutcome; note: Record<string, string> } | null
  image: (StoredImage & { url: string }) | null
  updates: CampaignUpdate[]
}

/** The record columns of a campaign row, as the public and admin views take them. */
export function toRecordFields(row: {
  reviewedOn: string | null
  outcome: CampaignOutcome | null
  outcomeNote: string | null
  imageKey: string | null
  imageType: string | null
  imageAlt: string | null
  imageCredit: string | null
}): Omit<CampaignRecord, 'updates'> {
  return {
    reviewedOn: row.reviewedOn,
    outcome: row.outcome
      ? {
          kind: row.outcome,
          note: row.outcomeNote ? (JSON.parse(row.outcomeNote) as Record<string, string>) : {},
        }
      : null,
    image:
      row.imageKey && row.imageType
        ? {
            key: row.imageKey,
            type: row.imageType,
            url: `/media/${row.imageKey}`,
            alt: row.imageAlt ? (JSON.parse(row.imageAlt) as Record<string, string>) : {},
            credit: row.imageCredit,
          }
        : null,
  }
}

/** The columns `toRecordFields` reads, for a select. */
export const recordColumns = {
  reviewedOn: campaigns.reviewedOn,
  outcome: campaigns.outcome,
  outcomeNote: campaigns.outcomeNote,
  imageKey: campaigns.imageKey,
  imageType: campaigns.imageType,
  imageAlt: campaigns.imageAlt,
  imageCredit: campaigns.imageCredit,
}

/** A campaign's record for the admin edit page, in one round trip. */
export async function readCampaignRecord(db: Db, campaignId: number): Promise<CampaignRecord> {
  const [rows, updates] = await db.batch([
    db.select(recordColumns).from(campaigns).where(eq(campaigns.id, campaignId)).limit(1),
    campaignUpdatesQuery(db, campaignId),
  ])
  const row = rows[0]
  const fields = row ? toRecordFields(row) : { reviewedOn: null, outcome: null, image: null }
  return { ...fields, updates: toCampaignUpdates(updates) }
}
