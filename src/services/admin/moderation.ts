/**
 * Review: held signatures and messages of solidarity of the campaigns the actor's organisation
 * hosts (moderators and owners); block lists, which hold for the whole platform (moderators
 * and owners of an organisation that hosts campaigns).
 */
import {
  addBlock,
  type BlockEntry,
  type BlockKind,
  listBlocks,
  removeBlock,
} from '../../db/admin/blocklist.ts'
import {
  type AdminMessage,
  type HeldSignature,
  listHeld,
  listMessages,
  messageForReview,
  moderateMessage,
  reviewHeld,
  signatureForReview,
} from '../../db/admin/moderation.ts'
import { ApiError, notFound } from '../../lib/errors.ts'
import { forgetCampaign } from '../../middleware/page-cache/index.ts'
import { type AdminContext, authorize, campaignFor, forbidden } from './actor.ts'
import { hostedIds, who } from './campaigns.ts'

export interface ReviewQuery {
  /** One campaign's slug, else every campaign the organisation hosts. */
  campaign?: string
  after?: number
  limit?: number
}

async function scope(ctx: AdminContext, campaign?: string): Promise<number[]> {
  if (campaign) return [(await campaignFor(ctx.db, ctx.actor, 'moderate', campaign)).id]
  authorize(ctx.actor, 'moderate')
  return hostedIds(ctx)
}

export async function heldSignatures(ctx: AdminContext, q: ReviewQuery): Promise<HeldSignature[]> {
  const campaignIds = await scope(ctx, q.campaign)
  return listHeld(ctx.db, { campaignIds, after: q.after, limit: q.limit })
}

export async function messagesInReview(
  ctx: AdminContext,
  q: ReviewQuery & { status?: AdminMessage['status'] },
): Promise<AdminMessage[]> {
  const campaignIds = await scope(ctx, q.campaign)
  return listMessages(ctx.db, { campaignIds, status: q.status, after: q.after, limit: q.limit })
}

/**
 * Approves or rejects a held signature of a hosted campaign. 404 if there is no such
 * signature, 409 if it is not held.
 */
export async function reviewSignature(
  ctx: AdminContext,
  id: number,
  decision: 'approve' | 'reject',
) {
  authorize(ctx.actor, 'moderate')
  const sig = await signatureForReview(ctx.db, id)
  if (!sig) throw notFound('signature')
  if (sig.hostOrganisationId !== ctx.actor.organisation.id) throw forbidden()
  const outcome = await reviewHeld(ctx.db, ctx.env.DB, sig, decision, who(ctx))
  if (outcome.status === 'not_held') {
    throw new ApiError(409, 'conflict', 'This signature is not held for review.')
  }
  if (outcome.status === 'confirmed') await forgetCampaign(ctx.origin, outcome.campaignSlug)
  return outcome
}

/** Approves (shows) or rejects (hides) a message of a hosted campaign; 404 if none. */
export async function reviewMessage(ctx: AdminContext, id: number, decision: 'approve' | 'reject') {
  authorize(ctx.actor, 'moderate')
  const message = await messageForReview(ctx.db, id)
  if (!message) throw notFound('message')
  if (message.hostOrganisationId !== ctx.actor.organisation.id) throw forbidden()
  const outcome = await moderateMessage(ctx.db, message, decision, who(ctx))
  if (outcome.status !== 'unchanged') await forgetCampaign(ctx.origin, outcome.campaignSlug)
  return outcome
}

/** Block lists cover every campaign: only organisations that host campaigns keep them. */
async function authorizeBlocklist(ctx: AdminContext): Promise<void> {
  authorize(ctx.actor, 'moderate')
  if ((await hostedIds(ctx)).length === 0) throw forbidden()
}

export async function blockEntries(ctx: AdminContext): Promise<BlockEntry[]> {
  await authorizeBlocklist(ctx)
  return listBlocks(ctx.db)
}

/** Adds an entry (its stored value); false if it was already there. */
export async function block(ctx: AdminContext, kind: BlockKind, value: string): Promise<boolean> {
  await authorizeBlocklist(ctx)
  return addBlock(ctx.db, kind, value, who(ctx))
}

/** Removes an entry; false if there was none. */
export async function unblock(ctx: AdminContext, kind: BlockKind, value: string) {
  await authorizeBlocklist(ctx)
  return removeBlock(ctx.db, kind, value, who(ctx))
}
