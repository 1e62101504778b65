/**
 * What a campaign page reads, in two D1 round trips: the campaign's row, then one batch of
 * every other part the page shows. A page that shows more adds a part to `campaignPageParts`.
 */
import { and, desc, eq, isNotNull } from 'drizzle-orm'
import type { Lang } from '../env.ts'
import { batchParts } from './batch.ts'
import { type CampaignUpdate, campaignUpdatesQuery, toCampaignUpdates } from './campaign-record.ts'
import {
  type Campaign,
  type CampaignRow,
  campaignParts,
  findCampaignRow,
  toCampaign,
} from './campaigns.ts'
import type { Db } from './client.ts'
import { type Delivery, deliveriesQuery } from './deliveries.ts'
import { messages, signatures } from './schema.ts'

export interface CampaignPageData {
  campaign: Campaign
  recentSigners: { name: string; country: string }[]
  messages: { name: string; body: string; country: string | null }[]
  deliveries: Delivery[]
  /** The campaign's addressee in each language it is written in (deliveries name it). */
  targets: { lang: string; target: string }[]
  /** Dated updates, newest first. */
  updates: CampaignUpdate[]
}

/** Confirmed signers who chose to be shown, newest first (by signing order, on the index). */
export function publicSignersQuery(db: Db, campaignId: number, limit = 10) {
  return db
    .select({ name: signatures.name, country: signatures.country })
    .from(signatures)
    .where(
      and(
        eq(signatures.campaignId, campaignId),
        eq(signatures.status, 'confirmed'),
        eq(signatures.showName, true),
        isNotNull(signatures.name),
      ),
    )
    .orderBy(desc(signatures.id))
    .limit(limit)
}

/** Approved messages of a campaign, newest first. */
export function approvedMessagesQuery(db: Db, campaignId: number, limit = 20) {
  return db
    .select({ name: messages.name, body: messages.body, country: messages.country })
    .from(messages)
    .where(and(eq(messages.campaignId, campaignId), eq(messages.status, 'approved')))
    .orderBy(desc(messages.id))
    .limit(limit)
}

/** The parts of the page's one batch, by name. */
export function campaignPageParts(db: Db, row: CampaignRow) {
  return {
    ...campaignParts(db, row),
    recentSigners: publicSignersQuery(db, row.id),
    messages: approvedMessagesQuery(db, row.id),
    deliveries: deliveriesQuery(db, row.id),
    updates: campaignUpdatesQuery(db, row.id),
  }
}

/** A public campaign and the lists its page shows, or null (unknown or a draft). */
export async function readCampaignPage(
  db: Db,
  slug: string,
  lang: Lang,
  /** The partner slug the visitor came through (`?partner=`). */
  partner?: string,
): Promise<CampaignPageData | null> {
  const row = await findCampaignRow(db, slug)
  if (!row) return null
  const parts = await batchParts(db, campaignPageParts(db, row))
  const campaign = toCampaign(row, lang, parts, partner)
  if (!campaign) return null
  return {
    campaign,
    recentSigners: parts.recentSigners.flatMap(({ name, country }) =>
      name === null ? [] : [{ name, country }],
    ),
    messages: parts.messages,
    deliveries: parts.deliveries,
    targets: parts.texts.map(({ lang: l, target }) => ({ lang: l, target })),
    updates: toCampaignUpdates(parts.updates),
  }
}
