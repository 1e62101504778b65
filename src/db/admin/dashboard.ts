/**
 * The organisers' dashboard: per defender and campaign the confirmed count, the last 24 hours,
 * the last 30 days and the countries — all from the kept tallies, never a count of signatures.
 */
import { and, eq, gte, inArray, ne, or, sql } from 'drizzle-orm'
import { dailySeries, last24h, seriesStart } from '../../domain/admin/stats.ts'
import type { Db } from '../client.ts'
import { organisations, tallies } from '../schema.ts'
import { type AdminCampaign, listAdminCampaigns } from './campaigns.ts'

export const SERIES_DAYS = 30

export interface CampaignStats {
  campaign: AdminCampaign
  confirmed: number
  last24h: { today: number; yesterday: number; estimate: number }
  days: { day: string; n: number }[]
  /** Confirmed signatures per country, largest first (unsuppressed: organisers only). */
  countries: { country: string; n: number }[]
  /** Confirmed signatures per organisation credited (the partner, else the host), largest first. */
  partners: { slug: string; name: string; n: number }[]
}

export interface DefenderGroup {
  /** Null for the general calls of a release. */
  defender: AdminCampaign['defender']
  confirmed: number
  campaigns: CampaignStats[]
}

/** The dashboard of the given campaigns (those the organisation hosts). */
export async function dashboard(
  db: Db,
  campaignIds: number[],
  now = Date.now(),
): Promise<DefenderGroup[]> {
  if (campaignIds.length === 0) return []
  const ids = JSON.stringify(campaignIds)
  const [campaigns, results, credited] = await Promise.all([
    listAdminCampaigns(db, campaignIds),
    db
      .select({
        campaignId: tallies.campaignId,
        dimension: tallies.dimension,
        key: tallies.key,
        n: tallies.n,
      })
      .from(tallies)
      .where(
        and(
          inArray(tallies.campaignId, sql`(select value from json_each(${ids}))`),
          ne(tallies.n, 0),
          or(
            eq(tallies.dimension, 'country'),
            and(eq(tallies.dimension, 'day'), gte(tallies.key, seriesStart(now, SERIES_DAYS))),
          ),
        ),
      ),
    db
      .select({
        campaignId: tallies.campaignId,
        slug: organisations.slug,
        name: organisations.name,
        n: tallies.n,
      })
      .from(tallies)
      .innerJoin(organisations, sql`${organisations.id} = cast(${tallies.key} as integer)`)
      .where(
        and(
          inArray(tallies.campaignId, sql`(select value from json_each(${ids}))`),
          eq(tallies.dimension, 'partner'),
          ne(tallies.n, 0),
        ),
      ),
  ])
  const byPartner = new Map<number, CampaignStats['partners']>()
  for (const { campaignId, ...r } of credited) {
    byPartner.set(campaignId, [...(byPartner.get(campaignId) ?? []), r])
  }
  const byDay = new Map<number, Record<string, number>>()
  const byCountry = new Map<number, { country: string; n: number }[]>()
  for (const r of results) {
    if (r.dimension === 'day') {
      const days = byDay.get(r.campaignId) ?? {}
      days[r.key] = r.n
      byDay.set(r.campaignId, days)
    } else {
      const list = byCountry.get(r.campaignId) ?? []
      list.push({ country: r.key, n: r.n })
      byCountry.set(r.campaignId, list)
    }
  }
  const groups = new Map<string, DefenderGroup>()
  for (const campaign of campaigns) {
    const days = byDay.get(campaign.id) ?? {}
    const stats: CampaignStats = {
      campaign,
      confirmed: campaign.counts.confirmed,
      last24h: last24h(days, now),
      days: dailySeries(days, now, SERIES_DAYS),
      countries: (byCountry.get(campaign.id) ?? []).sort(
        (a, b) => b.n - a.n || a.country.localeCompare(b.country),
      ),
      partners: (byPartner.get(campaign.id) ?? []).sort(
        (a, b) => b.n - a.n || a.slug.localeCompare(b.slug),
      ),
    }
    const key = campaign.defender?.slug ?? ''
    const group = groups.get(key) ?? { defender: campaign.defender, confirmed: 0, campaigns: [] }
    group.confirmed += stats.confirmed
    group.campaigns.push(stats)
    groups.set(key, group)
  }
  // Defenders in release order, the general calls last.
  return [...groups.values()].sort(
    (a, b) => Number(a.defender === null) - Number(b.defender === null),
  )
}
