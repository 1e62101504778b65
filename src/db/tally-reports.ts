/** Reads of the kept tallies for reports: one query for many campaigns, never a scan. */
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
  // D1 binds at most 100 parameters: for many campaigns, read all and keep the wanted ones.
  const filter = campaignIds && campaignIds.length <= 90 ? campaignIds : undefined
  const wanted = campaignIds ? new Set(campaignIds) : undefined
  const dims = dimensions.map(() => '?').join(',')
  const ids = filter ? `and campaign_id in (${filter.map(() => '?').join(',')})` : ''
  const { results } = await d1
    .prepare(
      `select campaign_id as campaignId, dimension, key, n from tallies
      where dimension in (${dims}) ${ids} and n != 0`,
    )
    .bind(...dimensions, ...(filter ?? []))
    .all<{ campaignId: number; dimension: Dimension; key: string; n: number }>()
  for (const r of results) {
    if (wanted && !wanted.has(r.campaignId)) continue
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
  const map = await talliesByCampaign(d1, ['state', 'country', 'day', 'partner'], [campaignId])
  return map.get(campaignId) ?? empty()
}
