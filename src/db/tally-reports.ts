/** Reads of the kept tallies for reports: one query for many campaigns, never a scan. */
import { and, inArray, ne, sql } from 'drizzle-orm'
import { createDb } from './client.ts'
import { tallies } from './schema.ts'
import type { Dimension } from './tallies.ts'

export type CampaignTallies = Record<Dimension, Record<string, number>>

const empty = (): CampaignTallies => ({ state: {}, country: {}, day: {}, partner: {} })

/**
 * The tallies of the given campaigns (all campaigns when `campaignIds` is omitted), in the
 * given dimensions, by campaign id. Zero cells are left out.
 */
export async function talliesByCampaign(
  d1: D1Database,
  dimensions: readonly Dimension[],
  campaignIds?: readonly number[],
): Promise<Map<number, CampaignTallies>> {
  const out = new Map<number, CampaignTallies>()
  if (campaignIds?.length === 0) return out
  // The ids travel as one JSON parameter (D1 binds at most 100 a statement), so any number
  // of campaigns is one indexed read of just their rows.
  const rows = await createDb(d1)
    .select({
      campaignId: tallies.campaignId,
      dimension: tallies.dimension,
      key: tallies.key,
      n: tallies.n,
    })
    .from(tallies)
    .where(
      and(
        inArray(tallies.dimension, [...dimensions]),
        campaignIds
          ? sql`${tallies.campaignId} in (select value from json_each(${JSON.stringify(campaignIds)}))`
          : undefined,
        ne(tallies.n, 0),
      ),
    )
  for (const r of rows) {
    let t = out.get(r.campaignId)
    if (!t) {
      t = empty()
      out.set(r.campaignId, t)
    }
    t[r.dimension][r.key] = r.n
  }
  return out
}

/** One campaign's tallies in every dimension. */
export async function campaignTallies(
  d1: D1Database,
  campaignId: number,
): Promise<CampaignTallies> {
  const map = await talliesByCampaign(d1, ['state', 'country', 'day'], [campaignId])
  return map.get(campaignId) ?? empty()
}
