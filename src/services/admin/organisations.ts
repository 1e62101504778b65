/**
 * Organisations of the coalition and the partners of a campaign. The operator's owners create
 * organisations (with version 1 of their privacy notice); a campaign's host owner adds
 * partners (active at once), suspends, removes, unlists and relists them. A suspended or
 * removed partner's slug is ignored from then on; its past count stays.
 */

import { auditInsert } from '../../db/admin/audit.ts'
import {
  currentNotices,
  findOrganisation,
  insertOrganisation,
  listOrganisations,
  listPartners,
  noticeVersions,
  type OrganisationRow,
  type PartnerRow,
  partnership,
  updateOrganisation,
  updatePartner,
  upsertPartner,
} from '../../db/admin/organisations.ts'
import type {
  OrganisationChange,
  OrganisationInput,
  PartnerChange,
} from '../../domain/admin/organisation.ts'
import { OPERATOR_ORGANISATION_ID } from '../../domain/permissions.ts'
import { embedSnippet } from '../../embed/snippet.ts'
import { ApiError, notFound } from '../../lib/errors.ts'
import { forgetCampaign } from '../../middleware/page-cache/index.ts'
import {
  type AdminContext,
  authorize,
  authorizeOperator,
  authorizeOwnerOf,
  campaignFor,
} from './actor.ts'
import { who } from './campaigns.ts'

export const privacyPath = (slug: string) => `/organisations/${slug}/privacy`

/** The organisations an owner may administer: all of them for the operator's owners. */
export async function organisationsOf(ctx: AdminContext): Promise<OrganisationRow[]> {
  authorize(ctx.actor, 'manage')
  const all = await listOrganisations(ctx.db)
  if (ctx.actor.organisation.id === OPERATOR_ORGANISATION_ID) return all
  return all.filter((o) => o.id === ctx.actor.organisation.id)
}

export async function createOrganisation(ctx: AdminContext, input: OrganisationInput) {
  authorizeOperator(ctx.actor)
  if (await findOrganisation(ctx.db, input.slug)) {
    throw new ApiError(409, 'conflict', 'An organisation already has this slug.')
  }
  const senderName = input.senderName ?? input.name
  const notices: Record<string, string> = { en: input.privacyNotice.en }
  if (input.privacyNotice.ru) notices.ru = input.privacyNotice.ru
  const id = await insertOrganisation(
    ctx.db,
    { slug: input.slug, name: input.name, url: input.url, senderName },
    notices,
    {
      ...who(ctx),
      action: 'organisation.create',
      subject: input.slug,
      detail: { languages: Object.keys(notices) },
    },
  )
  if (id === null) throw new ApiError(409, 'conflict', 'An organisation already has this slug.')
  return {
    id,
    slug: input.slug,
    name: input.name,
    url: input.url,
    senderName,
    privacyUrl: `${ctx.env.PUBLIC_ORIGIN}${privacyPath(input.slug)}`,
    privacyNotice: Object.fromEntries(Object.keys(notices).map((lang) => [lang, { version: 1 }])),
  }
}

export interface PartnerView extends PartnerRow {
  /** The partner's own embed snippet: signatures through it are credited to it. */
  snippet: string
  /** The campaign page link that credits it. */
  link: string
}

const view = (ctx: AdminContext, slug: string, p: PartnerRow): PartnerView => ({
  ...p,
  snippet: embedSnippet(ctx.env.PUBLIC_ORIGIN, slug, p.slug),
  link: `${ctx.env.PUBLIC_ORIGIN}/campaigns/${slug}?partner=${p.slug}`,
})

/** A campaign's partners, every state (the host's owners). */
export async function partnersOf(ctx: AdminContext, slug: string) {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'manage', slug)
  const partners = await listPartners(ctx.db, campaign.id)
  return { campaign: campaign.slug, partners: partners.map((p) => view(ctx, slug, p)) }
}

/** A partner organisation named in a body: it must exist and not be the host. */
async function partnerOrganisation(ctx: AdminContext, slug: string, hostId: number | null) {
  const org = await findOrganisation(ctx.db, slug)
  const issue = !org
    ? 'No such organisation.'
    : org.id === hostId
      ? 'The host cannot be its own partner.'
      : null
  if (issue) {
    throw new ApiError(400, 'invalid', 'Some fields are not valid.', [
      { field: 'organisation', message: issue },
    ])
  }
  return org!
}

async function partnerView(
  ctx: AdminContext,
  campaign: { id: number; slug: string },
  orgId: number,
) {
  const partners = await listPartners(ctx.db, campaign.id)
  return view(ctx, campaign.slug, partners.find((p) => p.organisationId === orgId)!)
}

/** Adds a partner, active at once (again active if it was suspended or removed). */
export async function addPartner(
  ctx: AdminContext,
  slug: string,
  input: { organisation: string; listed: boolean },
): Promise<PartnerView> {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'manage', slug)
  const org = await partnerOrganisation(ctx, input.organisation, campaign.hostOrganisationId)
  const now = Date.now()
  await ctx.db.batch([
    upsertPartner(
      ctx.db,
      { campaignId: campaign.id, organisationId: org.id, listed: input.listed },
      now,
    ),
    auditInsert(
      ctx.db,
      {
        ...who(ctx),
        action: 'partner.add',
        subject: campaign.slug,
        detail: { partner: org.slug, listed: input.listed },
      },
      now,
    ),
  ])
  await forgetCampaign(ctx.origin, campaign.slug)
  return partnerView(ctx, campaign, org.id)
}

/** The campaign and the partner a change is about (404 if it is no partner of it). */
async function partnerToChange(ctx: AdminContext, slug: string, organisation: string) {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'manage', slug)
  const org = await findOrganisation(ctx.db, organisation)
  if (!org || !(await partnership(ctx.db, campaign.id, org.id))) throw notFound('partner')
  return { campaign, org }
}

async function change(
  ctx: AdminContext,
  slug: string,
  organisation: string,
  set: PartnerChange | { status: 'removed' },
  action: string,
): Promise<PartnerView> {
  const { campaign, org } = await partnerToChange(ctx, slug, organisation)
  const now = Date.now()
  await ctx.db.batch([
    updatePartner(ctx.db, campaign.id, org.id, set, now),
    auditInsert(
      ctx.db,
      { ...who(ctx), action, subject: campaign.slug, detail: { partner: org.slug, ...set } },
      now,
    ),
  ])
  await forgetCampaign(ctx.origin, campaign.slug)
  return partnerView(ctx, campaign, org.id)
}

/** Suspends or reactivates, unlists or relists a partner. */
export function changePartner(
  ctx: AdminContext,
  slug: string,
  organisation: string,
  set: PartnerChange,
): Promise<PartnerView> {
  return change(ctx, slug, organisation, set, 'partner.change')
}

/** Removes a partner: its slug is ignored from now on; its past count stays. */
export function removePartner(
  ctx: AdminContext,
  slug: string,
  organisation: string,
): Promise<PartnerView> {
  return change(ctx, slug, organisation, { status: 'removed' }, 'partner.remove')
}

/** Organisations the host's owner could add as partners: not the host, not active already. */
export async function partnerCandidates(
  ctx: AdminContext,
  slug: string,
): Promise<OrganisationRow[]> {
  const campaign = await campaignFor(ctx.db, ctx.actor, 'manage', slug)
  const [all, partners] = await Promise.all([
    listOrganisations(ctx.db),
    listPartners(ctx.db, campaign.id),
  ])
  const active = new Set(partners.filter((p) => p.status === 'active').map((p) => p.organisationId))
  return all.filter((o) => o.id !== campaign.hostOrganisationId && !active.has(o.id))
}

/**
 * Changes an organisation's name, website, sender name or privacy notice (a new version: the
 * consents already given keep pointing at the version their signers saw). Its owners, or the
 * operator's.
 */
export async function editOrganisation(
  ctx: AdminContext,
  slug: string,
  change: OrganisationChange,
) {
  authorize(ctx.actor, 'manage')
  const org = await findOrganisation(ctx.db, slug)
  if (!org) throw notFound('organisation')
  authorizeOwnerOf(ctx.actor, org.id)
  const { privacyNotice, ...set } = change
  const notices = Object.fromEntries(
    Object.entries(privacyNotice ?? {}).filter((e): e is [string, string] => Boolean(e[1])),
  )
  await updateOrganisation(ctx.db, org.id, set, notices, {
    ...who(ctx),
    organisationId: org.id,
    action: 'organisation.edit',
    subject: slug,
    detail: { fields: Object.keys(set), notices: Object.keys(notices) },
  })
  const updated = (await findOrganisation(ctx.db, slug))!
  return {
    ...updated,
    privacyUrl: `${ctx.env.PUBLIC_ORIGIN}${privacyPath(slug)}`,
    privacyNotice: await noticeVersions(ctx.db, org.id),
  }
}

/** An organisation and its current notices, for its edit form (its owners, or the operator's). */
export async function organisationToEdit(ctx: AdminContext, slug: string) {
  authorize(ctx.actor, 'manage')
  const org = await findOrganisation(ctx.db, slug)
  if (!org) throw notFound('organisation')
  authorizeOwnerOf(ctx.actor, org.id)
  return { organisation: org, notices: await currentNotices(ctx.db, org.id) }
}
