/**
 * Delivery packs and recorded deliveries of a hosted campaign (officers and owners of the
 * host; partners never get the delivery list). A recorded delivery is audit-logged and shown
 * on the public campaign page.
 */
import { type Delivery, listDeliveries, recordDelivery } from '../../db/deliveries.ts'
import { confirmedCount, findExport, namedSigners } from '../../db/exports.ts'
import { parseAdmin } from '../../domain/admin/parse.ts'
import { deliveryInput } from '../../domain/delivery.ts'
import type { FieldIssue } from '../../lib/errors.ts'
import { forgetCampaign } from '../../middleware/page-cache/index.ts'
import { type AdminContext, campaignFor } from './actor.ts'
import { who } from './campaigns.ts'
import { campaignDeliveryPack, defenderDeliveryPack } from './tallies.ts'

/** Named signers printed in a pack; beyond this the delivery list (CSV) carries them. */
export const NAMES_IN_PACK = 5000

export type Recorded = { ok: true; delivery: Delivery } | { ok: false; issues: FieldIssue[] }

export async function deliveriesOf(ctx: AdminContext, slug: string): Promise<Delivery[]> {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'delivery', slug)
  return listDeliveries(ctx.db, campaign.id)
}

/** Validates and records a delivery; count and digest default to the pack as it is now. */
export async function recordDeliveryOf(
  ctx: AdminContext,
  slug: string,
  input: unknown,
): Promise<Recorded> {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'delivery', slug)
  const parsed = parseAdmin(deliveryInput(), input)
  if (!parsed.ok) return parsed
  const { deliveredOn, recipient } = parsed.value
  let { count, digest } = parsed.value
  if (digest === undefined) {
    const pack = await campaignDeliveryPack(ctx, slug)
    digest = pack.doc.proof.digest
  }
  count ??= await confirmedCount(ctx.db, campaign.id)
  const delivery = await recordDelivery(ctx.db, who(ctx), campaign, {
    deliveredOn,
    recipient,
    count,
    digest,
  })
  // The public page shows deliveries: do not let a cached copy hide this one.
  await forgetCampaign(ctx.env.PUBLIC_ORIGIN, campaign.slug)
  return { ok: true, delivery }
}

async function names(ctx: AdminContext, campaignIds: number[]) {
  const rows = await namedSigners(ctx.db, campaignIds, NAMES_IN_PACK + 1)
  const list = rows.flatMap((r) => (r.name ? [{ name: r.name, country: r.country }] : []))
  return { names: list.slice(0, NAMES_IN_PACK), namesTruncated: list.length > NAMES_IN_PACK }
}

export interface CsvLink {
  title: string
  href: string
  /** The proof of the organisation's last completed download, if any. */
  proofHref?: string
}

/** The delivery list of a campaign and the proof of the organisation's last download of it. */
async function csvLink(ctx: AdminContext, slug: string, title: string): Promise<CsvLink> {
  const last = await findExport(ctx.db, slug, 'signatures.csv', ctx.actor.organisation.id)
  const href = `/api/v1/admin/campaigns/${slug}/signatures.csv`
  return { title, href, proofHref: last ? `${href}.sig?export=${last.exportId}` : undefined }
}

/** What the printed pack of a campaign shows: the document, named signers, deliveries. */
export async function campaignPack(ctx: AdminContext, slug: string) {
  const pack = await campaignDeliveryPack(ctx, slug)
  const [named, deliveries, csv] = await Promise.all([
    names(ctx, pack.campaignIds),
    listDeliveries(ctx.db, pack.campaignId),
    csvLink(ctx, slug, pack.doc.campaign.title),
  ])
  return { pack, ...named, deliveries, csvLinks: [csv] }
}

/** What the printed pack of a defender shows. */
export async function defenderPack(ctx: AdminContext, slug: string) {
  const pack = await defenderDeliveryPack(ctx, slug)
  const [named, csvLinks] = await Promise.all([
    names(ctx, pack.campaignIds),
    Promise.all(pack.doc.campaigns.map((x) => csvLink(ctx, x.slug, x.title))),
  ])
  return { pack, ...named, csvLinks }
}
