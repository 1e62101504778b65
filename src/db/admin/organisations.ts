/**
 * Organisations as the administration sees them, and the partners of a campaign. Privacy
 * notices are inserted as new versions, never changed.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { campaignPartners, organisations, type PartnerState, privacyNotices } from '../schema.ts'
import { type AuditInput, auditIfChanged, auditInsert } from './audit.ts'

export interface OrganisationRow {
  id: number
  slug: string
  name: string
  url: string | null
  senderName: string
  demo: boolean
}

const ORG = {
  id: organisations.id,
  slug: organisations.slug,
  name: organisations.name,
  url: organisations.url,
  senderName: organisations.senderName,
  demo: organisations.demo,
}

export function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.select(ORG).from(organisations).orderBy(asc(organisations.id))
}

export async function findOrganisation(db: Db, slug: string): Promise<OrganisationRow | null> {
  const [row] = await db.select(ORG).from(organisations).where(eq(organisations.slug, slug))
  return row ?? null
}

export interface PartnerRow {
  organisationId: number
  slug: string
  name: string
  url: string | null
  status: PartnerState
  listed: boolean
  since: number
}

/** A campaign's partners, every state, in the order they were added. */
export function listPartners(db: Db, campaignId: number): Promise<PartnerRow[]> {
  return db
    .select({
      organisationId: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      url: organisations.url,
      status: campaignPartners.status,
      listed: campaignPartners.listed,
      since: campaignPartners.createdAt,
    })
    .from(campaignPartners)
    .innerJoin(organisations, eq(organisations.id, campaignPartners.organisationId))
    .where(eq(campaignPartners.campaignId, campaignId))
    .orderBy(asc(campaignPartners.createdAt), asc(organisations.id))
}

/** Whether an organisation is (or was) a partner of a campaign, in any state. */
export async function partnership(db: Db, campaignId: number, organisationId: number) {
  const [row] = await db
    .select({ status: campaignPartners.status, listed: campaignPartners.listed })
    .from(campaignPartners)
    .where(
      and(
        eq(campaignPartners.campaignId, campaignId),
        eq(campaignPartners.organisationId, organisationId),
      ),
    )
  return row ?? null
}

/** Adds a partner, active at once; adding a suspended or removed one makes it active again. */
export function upsertPartner(
  db: Db,
  p: { campaignId: number; organisationId: number; listed: boolean },
  now: number,
) {
  return db
    .insert(campaignPartners)
    .values({ ...p, status: 'active', createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [campaignPartners.campaignId, campaignPartners.organisationId],
      set: { status: 'active', listed: p.listed, updatedAt: now },
    })
}

export function updatePartner(
  db: Db,
  campaignId: number,
  organisationId: number,
  set: { status?: PartnerState; listed?: boolean },
  now: number,
) {
  return db
    .update(campaignPartners)
    .set({ ...set, updatedAt: now })
    .where(
      and(
        eq(campaignPartners.campaignId, campaignId),
        eq(campaignPartners.organisationId, organisationId),
      ),
    )
    .returning({ status: campaignPartners.status, listed: campaignPartners.listed })
}

/** A new organisation with version 1 of its privacy notice in each language given. */
export async function insertOrganisation(
  db: Db,
  o: { slug: string; name: string; url: string; senderName: string },
  notices: Record<string, string>,
  audit: AuditInput,
): Promise<number | null> {
  const [inserted] = await db.batch([
    db.insert(organisations).values(o).onConflictDoNothing().returning({ id: organisations.id }),
    // The new organisation's id is not known before the batch runs: each notice row selects
    // it (every column of `privacy_notices` in schema order).
    ...Object.entries(notices).map(([lang, body]) =>
      db.insert(privacyNotices).select(
        sql`select null, ${organisations.id}, ${lang}, 1, ${body}, ${Date.now()}
          from ${organisations} where ${organisations.slug} = ${o.slug}`,
      ),
    ),
    auditIfChanged(db, audit),
  ])
  return inserted[0]?.id ?? null
}

/**
 * Changes an organisation's settings and adds the next version of each notice given, with the
 * audit row, in one batch. An edited organisation is no longer marked as demo data.
 */
export async function updateOrganisation(
  db: Db,
  organisationId: number,
  set: { name?: string; url?: string; senderName?: string },
  notices: Record<string, string>,
  audit: AuditInput,
  now = Date.now(),
) {
  await db.batch([
    db
      .update(organisations)
      .set({ ...set, demo: false, updatedAt: now })
      .where(eq(organisations.id, organisationId)),
    // Versions are immutable: the next one is max + 1 (every column in schema order).
    ...Object.entries(notices).map(([lang, body]) =>
      db.insert(privacyNotices).select(
        sql`select null, ${organisationId}, ${lang},
          coalesce(max(${privacyNotices.version}), 0) + 1, ${body}, ${now}
          from ${privacyNotices}
          where ${privacyNotices.organisationId} = ${organisationId}
            and ${privacyNotices.lang} = ${lang}`,
      ),
    ),
    auditInsert(db, audit, now),
  ])
}

/** The newest notice version per language of an organisation. */
export async function noticeVersions(db: Db, organisationId: number) {
  const rows = await db
    .select({ lang: privacyNotices.lang, version: sql<number>`max(${privacyNotices.version})` })
    .from(privacyNotices)
    .where(eq(privacyNotices.organisationId, organisationId))
    .groupBy(privacyNotices.lang)
  return Object.fromEntries(rows.map((r) => [r.lang, { version: r.version }]))
}

/** The text of the newest notice version per language (what the edit form starts from). */
export async function currentNotices(db: Db, organisationId: number) {
  const rows = await db
    .select({
      lang: privacyNotices.lang,
      version: privacyNotices.version,
      body: privacyNotices.body,
    })
    .from(privacyNotices)
    .where(eq(privacyNotices.organisationId, organisationId))
    .orderBy(asc(privacyNotices.version))
  return Object.fromEntries(rows.map((r) => [r.lang, r.body]))
}
