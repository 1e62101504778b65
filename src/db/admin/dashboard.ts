/**
 * The organisers' dashboard: per defender and campaign the confirmed count, the last 24 hours,
 * the last 30 days and the countries — all from the kept tallies, never a count of signatures.
 */
import { dailySeries, last24h, seriesStart } from '../../domain/admin/stats.ts'
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

export async function dashboard(d1: D1Database, now = Date.now()): Promise<DefenderGroup[]> {
  const [campaigns, { results }, { results: credited }] = await Promise.all([
    listAdminCampaigns(d1),
    d1
      .prepare(
        `select campaign_id as campaignId, dimension, key, n from tallies
        where n != 0 and (dimension = 'country' or (dimension = 'day' and key >= ?))`,
      )
      .bind(seriesStart(now, SERIES_DAYS))
      .all<{ campaignId: number; dimension: 'country' | 'day'; key: string; n: number }>(),
    d1
      .prepare(
        `select t.campaign_id as campaignId, o.slug, o.name, t.n from tallies t
        join organisations o on o.id = cast(t.key as integer)
        where t.dimension = 'partner' and t.n != 0`,
      )
      .all<{ campaignId: number; slug: string; name: string; n: number }>(),
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
