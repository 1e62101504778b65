/**
 * Campaigns as organisers run them. Reading: every role, for the campaigns its organisation
 * hosts or promotes; editing, opening and closing: the host's editors and owners.
 */
import {
  type AdminCampaign,
  type AdminCampaignDetail,
  findAdminCampaign,
  listAdminCampaigns,
  setCampaignStatus,
  updateCampaign,
} from '../../db/admin/campaigns.ts'
import { hostedCampaignIds, partneredCampaignIds } from '../../db/admin/scope.ts'
import { readCampaignRecord } from '../../db/campaign-record.ts'
import { type Campaign, findCampaign } from '../../db/campaigns.ts'
import type { CampaignEdit } from '../../domain/admin/campaign-edit.ts'
import { publicEditIssues, publishIssues } from '../../domain/admin/publish-check.ts'
import type { Lang } from '../../env.ts'
import { ApiError, notFound } from '../../lib/errors.ts'
import { forgetCampaign } from '../../middleware/page-cache/index.ts'
import { type AdminContext, authorize, campaignFor } from './actor.ts'

/** Who acts, as the audit log records it. */
export const who = (ctx: AdminContext) => ({
  actor: ctx.actor.ref,
  organisationId: ctx.actor.organisation.id,
})

/** Ids of the campaigns the actor's organisation hosts. */
export function hostedIds(ctx: AdminContext): Promise<number[]> {
  return hostedCampaignIds(ctx.db, ctx.actor.organisation.id)
}

/** Every campaign the actor's organisation hosts or promotes, drafts included. */
export async function listCampaigns(ctx: AdminContext): Promise<AdminCampaign[]> {
  authorize(ctx.actor, 'read')
  const [hosted, partnered] = await Promise.all([
    hostedIds(ctx),
    partneredCampaignIds(ctx.db, ctx.actor.organisation.id),
  ])
  return listAdminCampaigns(ctx.db, [...new Set([...hosted, ...partnered])])
}

async function detail(ctx: AdminContext, slug: string): Promise<AdminCampaignDetail> {
  const campaign = await findAdminCampaign(ctx.db, slug)
  if (!campaign) throw notFound('campaign')
  return campaign
}

/** One campaign with its text in every language. */
export async function getCampaign(ctx: AdminContext, slug: string): Promise<AdminCampaignDetail> {
  await campaignFor(ctx.db, ctx.actor, 'read', slug)
  return detail(ctx, slug)
}

/** A campaign the actor may edit (the page shows its form). */
export async function campaignToEdit(
  ctx: AdminContext,
  slug: string,
): Promise<AdminCampaignDetail> {
  await campaignFor(ctx.db, ctx.actor, 'edit', slug)
  return detail(ctx, slug)
}

/** A campaign's record (updates, review date, outcome, image) for its edit page. */
export async function campaignRecordOf(ctx: AdminContext, slug: string) {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'edit', slug)
  return readCampaignRecord(ctx.db, campaign.id)
}

/** A campaign (a draft too) as the public would see it, for the host's editors. */
export async function previewCampaign(
  ctx: AdminContext,
  slug: string,
  lang: Lang,
): Promise<Campaign> {
  await campaignFor(ctx.db, ctx.actor, 'edit', slug)
  const campaign = await findCampaign(ctx.db, slug, lang, { includeDrafts: true })
  if (!campaign) throw notFound('campaign')
  return campaign
}

/** Applies an edit (validated by the caller's schema), audited, and forgets cached pages. */
export async function editCampaign(
  ctx: AdminContext,
  slug: string,
  edit: CampaignEdit,
): Promise<AdminCampaignDetail> {
  await campaignFor(ctx.db, ctx.actor, 'edit', slug)
  const campaign = await detail(ctx, slug)
  const issues = publicEditIssues(campaign.status, edit.translations)
  if (issues.length) {
    throw new ApiError(400, 'invalid', 'The campaign is public: it needs its asks.', issues)
  }
  await updateCampaign(ctx.db, campaign, edit, who(ctx))
  await forgetCampaign(ctx.origin, slug)
  return detail(ctx, slug)
}

/**
 * Opens or closes a campaign; whether its status changed. A draft cannot be closed (that
 * would make it public as a closed campaign): a 409.
 */
export async function setStatus(
  ctx: AdminContext,
  slug: string,
  to: 'open' | 'closed',
): Promise<{ slug: string; status: 'open' | 'closed'; changed: boolean }> {
  await campaignFor(ctx.db, ctx.actor, 'edit', slug)
  const campaign = await detail(ctx, slug)
  if (to === 'closed' && campaign.status === 'draft') {
    throw new ApiError(409, 'conflict', 'A draft cannot be closed; open it first or leave it.')
  }
  const issues = to === 'open' ? publishIssues(campaign) : []
  if (issues.length) {
    throw new ApiError(
      422,
      'unpublishable',
      'Every language the campaign lists needs a title, a summary and asks before it is published.',
      issues,
    )
  }
  const changed = await setCampaignStatus(ctx.db, campaign, to, who(ctx))
  await forgetCampaign(ctx.origin, slug)
  return { slug, status: to, changed }
}
