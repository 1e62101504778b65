/**
 * Tallies and delivery documents as organisers may see them: the host's people get the whole
 * campaign (tallies: every role; delivery packs: officers and owners); a partner's people get
 * only their own partner tally. Partners never get a delivery document.
 */
import { defenderCampaignHosts, partnerTally } from '../../db/admin/scope.ts'
import { notFound } from '../../lib/errors.ts'
import { signDocument, signerFor } from '../../lib/proof.ts'
import {
  campaignDelivery,
  campaignTallyReport,
  defenderDelivery,
  talliesOverview,
} from '../tallies.ts'
import { type AdminContext, authorize, campaignFor, forbidden } from './actor.ts'
import { hostedIds } from './campaigns.ts'

/** Tallies of every campaign the organisation hosts, by defender; signed. */
export async function overview(ctx: AdminContext) {
  authorize(ctx.actor, 'tallies')
  const ids = new Set(await hostedIds(ctx))
  return talliesOverview(ctx.env, ctx.db, ctx.lang, ids)
}

/**
 * A campaign's signed tallies: in full for the host; for a partner, the count credited to
 * it (`standwith.partner-tally/1`).
 */
export async function campaignReport(ctx: AdminContext, slug: string) {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'tallies', slug)
  if (campaign.scope === 'host') {
    const report = await campaignTallyReport(ctx.env, ctx.db, slug, ctx.lang)
    if (!report) throw notFound('campaign')
    return report
  }
  const confirmed = await partnerTally(ctx.db, campaign.id, ctx.actor.organisation.id)
  return signDocument(await signerFor(ctx.env.SIGNING_KEY), {
    format: 'standwith.partner-tally/1',
    campaign: { slug: campaign.slug, status: campaign.status },
    partner: ctx.actor.organisation.slug,
    confirmed,
    generatedAt: new Date().toISOString(),
  })
}

/** The signed delivery document of a hosted campaign. */
export async function campaignDeliveryPack(ctx: AdminContext, slug: string) {
  await campaignFor(ctx.db, ctx.actor, 'delivery', slug)
  const pack = await campaignDelivery(ctx.env, ctx.db, slug, ctx.lang)
  if (!pack) throw notFound('campaign')
  return pack
}

/** The signed delivery document of a defender whose campaigns the organisation hosts. */
export async function defenderDeliveryPack(ctx: AdminContext, slug: string) {
  authorize(ctx.actor, 'delivery')
  const hosts = await defenderCampaignHosts(ctx.db, slug)
  if (hosts.length === 0) throw notFound('defender')
  if (hosts.some((h) => h !== ctx.actor.organisation.id)) throw forbidden()
  const pack = await defenderDelivery(ctx.env, ctx.db, slug, ctx.lang)
  if (!pack) throw notFound('defender')
  return pack
}
