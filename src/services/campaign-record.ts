/**
 * Organiser actions that keep a campaign true: add or delete a dated update, mark the facts
 * reviewed, record the outcome (closing an open campaign), set or remove the image. One function
 * per action: it validates, writes with its audit row, and forgets the cached public pages;
 * the API and the admin pages only translate its result. Each takes the acting person, so
 * checks of role and organisation can be made here, in one place.
 */
import {
  deleteCampaignUpdate,
  findCampaignForRecord,
  insertCampaignUpdate,
  type RecordCampaign,
  setImage,
  setOutcome,
  setReviewedOn,
} from '../db/campaign-record.ts'
import { createDb } from '../db/client.ts'
import {
  CampaignUpdateInput,
  ImageTextInput,
  OutcomeInput,
  ReviewInput,
  todayIso,
} from '../domain/admin/campaign-record.ts'
import { parseAdmin } from '../domain/admin/parse.ts'
import { IMAGE_EXTENSIONS, MAX_IMAGE_BYTES, sniffImageType } from '../domain/image.ts'
import type { Env } from '../env.ts'
import { catalogue } from '../i18n/index.ts'
import type { FieldIssue } from '../lib/errors.ts'
import { forgetCampaign } from '../middleware/page-cache/index.ts'
import { type Actor, campaignFor as authorizedCampaign } from './admin/actor.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

export interface AdminServiceContext {
  env: Env
  /** The origin of the request, whose cached pages are forgotten after a change. */
  origin: string
  now?: number
}

export type AdminResult<T = undefined> =
  | { kind: 'ok'; value: T }
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'not_found' }
  | { kind: 'conflict'; message: string }
  | { kind: 'too_large'; message: string }

const ok = <T>(value: T): AdminResult<T> => ({ kind: 'ok', value })
const notFound = { kind: 'not_found' } as const

/**
 * The campaign, once the actor may edit it: the role and the host organisation are checked
 * here (src/services/admin/actor.ts), before anything is read or written; a 403 or 404 is
 * thrown as the other admin services do.
 */
async function campaignFor(ctx: AdminServiceContext, actor: Actor, slug: string) {
  const db = createDb(ctx.env.DB)
  await authorizedCampaign(db, actor, 'edit', slug)
  return findCampaignForRecord(db, slug)
}

/** Media keys: under the campaign, named by the content's digest, so a URL never changes meaning. */
export const MEDIA_PREFIX = 'campaigns/'

/** The public URL path of an image key. */
export const mediaPath = (key: string) => `/media/${key}`

export async function addCampaignUpdate(
  ctx: AdminServiceContext,
  actor: Actor,
  slug: string,
  input: unknown,
): Promise<AdminResult<{ id: number }>> {
  const campaign = await campaignFor(ctx, actor, slug)
  if (!campaign) return notFound
  const parsed = parseAdmin(CampaignUpdateInput, input)
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues }
  const { postedOn, text, sourceUrl } = parsed.value
  const id = await insertCampaignUpdate(
    createDb(ctx.env.DB),
    campaign,
    { postedOn, text, sourceUrl: sourceUrl || null },
    actor.ref,
    ctx.now,
  )
  await forgetCampaign(ctx.origin, campaign.slug)
  return ok({ id })
}

export async function removeCampaignUpdate(
  ctx: AdminServiceContext,
  actor: Actor,
  slug: string,
  id: number,
): Promise<AdminResult> {
  const campaign = await campaignFor(ctx, actor, slug)
  if (!campaign) return notFound
  const deleted = await deleteCampaignUpdate(createDb(ctx.env.DB), campaign, id, actor.ref, ctx.now)
  if (!deleted) return notFound
  await forgetCampaign(ctx.origin, campaign.slug)
  return ok(undefined)
}

export async function markCampaignReviewed(
  ctx: AdminServiceContext,
  actor: Actor,
  slug: string,
  input: unknown,
): Promise<AdminResult<{ reviewedOn: string }>> {
  const campaign = await campaignFor(ctx, actor, slug)
  if (!campaign) return notFound
  const parsed = parseAdmin(ReviewInput, input)
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues }
  const reviewedOn = parsed.value.reviewedOn ?? todayIso(ctx.now)
  await setReviewedOn(createDb(ctx.env.DB), campaign, reviewedOn, actor.ref, ctx.now)
  await forgetCampaign(ctx.origin, campaign.slug)
  return ok({ reviewedOn })
}

/** Records the outcome; an open campaign is closed by it, a draft cannot have one. */
export async function recordCampaignOutcome(
  ctx: AdminServiceContext,
  actor: Actor,
  slug: string,
  input: unknown,
): Promise<AdminResult<{ status: 'closed' }>> {
  const campaign = await campaignFor(ctx, actor, slug)
  if (!campaign) return notFound
  if (campaign.status === 'draft') {
    return { kind: 'conflict', message: CHECK.draftOutcome }
  }
  const parsed = parseAdmin(OutcomeInput, input)
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues }
  await setOutcome(createDb(ctx.env.DB), campaign, parsed.value, actor.ref, ctx.now)
  await forgetCampaign(ctx.origin, campaign.slug)
  return ok({ status: 'closed' })
}

export interface ImageUpload {
  /** The file's bytes (the route bounds what it reads). */
  bytes: Uint8Array
  /** `{ alt: { en, ru }, credit }`. */
  text: unknown
}

/** Removes an image from R2 once nothing points at it (a replaced or withdrawn photo goes). */
async function deleteObject(ctx: AdminServiceContext, key: string | null) {
  if (key) await ctx.env.MEDIA.delete(key)
}

export async function setCampaignImage(
  ctx: AdminServiceContext,
  actor: Actor,
  slug: string,
  /** Read once the actor may act: a refused request's body is never read. */
  read: () => Promise<ImageUpload> | ImageUpload,
): Promise<AdminResult<{ url: string; type: string; bytes: number }>> {
  const campaign = await campaignFor(ctx, actor, slug)
  if (!campaign) return notFound
  const upload = await read()
  const parsed = parseAdmin(ImageTextInput, upload.text)
  const issues: FieldIssue[] = parsed.ok ? [] : [...parsed.issues]
  const type = sniffImageType(upload.bytes)
  if (upload.bytes.byteLength === 0) {
    issues.unshift({ field: 'image', message: CHECK.chooseImage })
  } else if (upload.bytes.byteLength > MAX_IMAGE_BYTES) {
    return {
      kind: 'too_large',
      message: CHECK.imageTooLarge(MAX_IMAGE_BYTES / 1024 / 1024),
    }
  } else if (!type) {
    issues.unshift({ field: 'image', message: CHECK.imageType })
  }
  if (!parsed.ok || !type || issues.length) return { kind: 'invalid', issues }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', upload.bytes))
  const hex = [...digest.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
  const key = `${MEDIA_PREFIX}${campaign.slug}/${hex}.${IMAGE_EXTENSIONS[type]}`
  await ctx.env.MEDIA.put(key, upload.bytes, {
    httpMetadata: { contentType: type, cacheControl: 'public, max-age=31536000, immutable' },
  })
  await setImage(
    createDb(ctx.env.DB),
    campaign,
    { key, type, alt: parsed.value.alt, credit: parsed.value.credit || null },
    actor.ref,
    ctx.now,
  )
  if (campaign.imageKey !== key) await deleteObject(ctx, campaign.imageKey)
  await forgetCampaign(ctx.origin, campaign.slug)
  return ok({ url: mediaPath(key), type, bytes: upload.bytes.byteLength })
}

export async function removeCampaignImage(
  ctx: AdminServiceContext,
  actor: Actor,
  slug: string,
): Promise<AdminResult> {
  const campaign: RecordCampaign | null = await campaignFor(ctx, actor, slug)
  if (!campaign) return notFound
  await setImage(createDb(ctx.env.DB), campaign, null, actor.ref, ctx.now)
  await deleteObject(ctx, campaign.imageKey)
  await forgetCampaign(ctx.origin, campaign.slug)
  return ok(undefined)
}
