/**
 * Invalidations of fraudulent signatures on a hosted campaign: previewed first, applied,
 * reverted (moderators, officers and owners of the host).
 */

import { findAdminCampaign } from '../../db/admin/campaigns.ts'
import {
  applyInvalidation,
  findInvalidation,
  type IpHashActivity,
  listInvalidations,
  previewInvalidation,
  recentIpHashes,
  revertInvalidation,
} from '../../db/admin/invalidations.ts'
import { campaignSlugOf } from '../../db/admin/scope.ts'
import type { InvalidationCriteria } from '../../domain/admin/invalidation.ts'
import { domainKeyOf } from '../../lib/crypto.ts'
import { notFound } from '../../lib/errors.ts'
import { forgetCampaign } from '../../middleware/page-cache/index.ts'
import { type AdminContext, authorize, campaignFor, forbidden } from './actor.ts'
import { who } from './campaigns.ts'

/** A campaign (slug and title) and its invalidations, newest first. */
export async function invalidationsOf(ctx: AdminContext, slug: string) {
  const scoped = await campaignFor(ctx.db, ctx.actor, 'invalidate', slug)
  const [campaign, invalidations] = await Promise.all([
    findAdminCampaign(ctx.db, slug),
    listInvalidations(ctx.db, scoped.id),
  ])
  return { campaign: { slug, title: campaign?.title ?? slug }, invalidations }
}

export async function previewFor(ctx: AdminContext, slug: string, criteria: InvalidationCriteria) {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'invalidate', slug)
  return previewInvalidation(ctx.db, campaign.id, criteria, await domainKeyOf(ctx.env, criteria))
}

export async function invalidate(ctx: AdminContext, slug: string, criteria: InvalidationCriteria) {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'invalidate', slug)
  const applied = await applyInvalidation(
    ctx.env.DB,
    campaign,
    criteria,
    await domainKeyOf(ctx.env, criteria),
    who(ctx),
  )
  await forgetCampaign(ctx.origin, campaign.slug)
  return applied
}

/**
 * Reverts an invalidation of a hosted campaign: how many signatures came back (null if it was
 * already reverted) and the campaign's slug. 404 if there is none.
 */
export async function revert(ctx: AdminContext, id: number) {
  authorize(ctx.actor, 'invalidate')
  const invalidation = await findInvalidation(ctx.db, id)
  if (!invalidation) throw notFound('invalidation')
  const campaign = await campaignSlugOf(ctx.db, invalidation.campaignId)
  if (!campaign || campaign.hostOrganisationId !== ctx.actor.organisation.id) throw forbidden()
  const restored = await revertInvalidation(ctx.env.DB, invalidation, campaign.slug, who(ctx))
  if (restored !== null) await forgetCampaign(ctx.origin, campaign.slug)
  return { id: invalidation.id, slug: campaign.slug, restored }
}

/** The IP hashes busiest on a campaign lately (where a flood shows). */
export async function busyIpHashes(
  ctx: AdminContext,
  slug: string,
  q: { since: number; min?: number },
): Promise<{ campaign: string; hashes: IpHashActivity[] }> {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'invalidate', slug)
  return { campaign: campaign.slug, hashes: await recentIpHashes(ctx.env.DB, campaign.id, q) }
}
