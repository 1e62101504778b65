/** What the authorization check reads about a campaign: its host and the asker's partnership. */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../client.ts'
import {
  type CampaignStatus,
  campaignPartners,
  campaigns,
  defenders,
  type PartnerState,
  tallies,
} from '../schema.ts'

export interface CampaignScopeRow {
  id: number
  slug: string
  status: CampaignStatus
  hostOrganisationId: number | null
  /** The asking organisation's partnership of the campaign, if it has one. */
  partnerStatus: PartnerState | null
}

export async function campaignScope(
  db: Db,
  slug: string,
  organisationId: number,
): Promise<CampaignScopeRow | null> {
  const [row] = await db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      status: campaigns.status,
      hostOrganisationId: campaigns.hostOrganisationId,
      partnerStatus: campaignPartners.status,
    })
    .from(campaigns)
    .leftJoin(
      campaignPartners,
      and(
        eq(campaignPartners.campaignId, campaigns.id),
        eq(campaignPartners.organisationId, organisationId),
      ),
    )
    .where(eq(campaigns.slug, slug))
    .limit(1)
  return row ?? null
}

/** Ids of the campaigns an organisation hosts. */
export async function hostedCampaignIds(db: Db, organisationId: number): Promise<number[]> {
  const rows = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.hostOrganisationId, organisationId))
  return rows.map((r) => r.id)
}

/** Ids of the campaigns an organisation is (or was) a partner of. */
export async function partneredCampaignIds(db: Db, organisationId: number): Promise<number[]> {
  const rows = await db
    .select({ id: campaignPartners.campaignId })
    .from(campaignPartners)
    .where(eq(campaignPartners.organisationId, organisationId))
  return rows.map((r) => r.id)
}

/** A campaign's slug and host by id. */
export async function campaignSlugOf(db: Db, campaignId: number) {
  const [row] = await db
    .select({ slug: campaigns.slug, hostOrganisationId: campaigns.hostOrganisationId })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId))
  return row ?? null
}

/** The hosts of a defender's campaigns (empty for an unknown defender). */
export async function defenderCampaignHosts(db: Db, defenderSlug: string) {
  const rows = await db
    .select({ hostOrganisationId: campaigns.hostOrganisationId })
    .from(campaigns)
    .innerJoin(defenders, eq(defenders.id, campaigns.defenderId))
    .where(eq(defenders.slug, defenderSlug))
  return rows.map((r) => r.hostOrganisationId)
}

/** One organisation's credited count on a campaign (the `partner` tally), and its slug. */
export async function partnerTally(db: Db, campaignId: number, organisationId: number) {
  const [row] = await db
    .select({ n: tallies.n })
    .from(tallies)
    .where(
      and(
        eq(tallies.campaignId, campaignId),
        eq(tallies.dimension, 'partner'),
        eq(tallies.key, String(organisationId)),
      ),
    )
  return row?.n ?? 0
}
