/** Campaign and defender queries; each takes the db and returns domain objects. */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Lang } from '../env.ts'
import { batchParts, type PartResults } from './batch.ts'
import { type CampaignRecord, recordColumns, toRecordFields } from './campaign-record.ts'
import type { Db } from './client.ts'
import { activePartnersQuery, type OrganisationRef, organisationQuery } from './organisations.ts'
import {
  type CampaignStatus,
  campaignSources,
  campaigns,
  campaignTranslations,
  defenders,
  defenderTranslations,
  releases,
  tallies,
} from './schema.ts'

export interface DefenderRef {
  slug: string
  name: string
  country: string
  status: string
  situation: string
}

export interface CampaignSummary {
  id: number
  slug: string
  kind: 'defender' | 'general'
  status: CampaignStatus
  goal: number
  confirmed: number
  /** The language the text below is in (the requested one, or the campaign's first). */
  lang: string
  languages: string[]
  title: string
  summary: string
  target: string
  defender: DefenderRef | null
}

export interface Campaign extends CampaignSummary {
  story: string
  asks: string[]
  allowedOrigins: string[]
  sources: string[]
  release: {
    title: string
    publisher: string | null
    date: string | null
    place: string | null
  } | null
  closedAt: number | null
  /** The host organisation: the data controller its signers deal with. */
  host: OrganisationRef | null
  /** Active partners that agreed to be listed, in the order they joined. */
  partners: OrganisationRef[]
  /**
   * The active partner asked for (`?partner=`), listed or not; null when none was asked for or
   * the slug is not an active partner of this campaign (then it is ignored, never an error).
   */
  viaPartner: OrganisationRef | null
  /** YYYY-MM-DD the facts were last reviewed. */
  reviewedOn: CampaignRecord['reviewedOn']
  /** How it ended (shown once closed). */
  outcome: CampaignRecord['outcome']
  /** The editor's image, or null (the page then shares a generated card). */
  image: CampaignRecord['image']
}

type Row<T> = T & { lang: string }

/** Picks the row in the wanted language, else the first of the preferred ones, else any. */
function pick<T extends { lang: string }>(
  rows: T[],
  lang: Lang,
  preferred: string[],
): T | undefined {
  return (
    rows.find((r) => r.lang === lang) ??
    preferred.map((p) => rows.find((r) => r.lang === p)).find(Boolean) ??
    rows[0]
  )
}

const confirmedCount = sql<number>`coalesce((select ${tallies.n} from ${tallies} where ${tallies.campaignId} = ${campaigns.id} and ${tallies.dimension} = 'state' and ${tallies.key} = 'confirmed'), 0)`

interface SummaryRow {
  id: number
  slug: string
  kind: 'defender' | 'general'
  status: CampaignStatus
  goal: number
  languages: string
  confirmed: number
  defenderId: number | null
  defenderSlug: string | null
  defenderCountry: string | null
  defenderStatus: string | null
}

type CampaignText = typeof campaignTranslations.$inferSelect
type DefenderText = typeof defenderTranslations.$inferSelect

/** The rows' text in every language, and their defenders' (none asked for when there are none). */
function textQueries(db: Db, ids: number[], defenderIds: number[]) {
  return {
    texts: db
      .select()
      .from(campaignTranslations)
      .where(inArray(campaignTranslations.campaignId, ids)),
    people: db
      .select()
      .from(defenderTranslations)
      .where(defenderIds.length ? inArray(defenderTranslations.defenderId, defenderIds) : sql`0`),
  }
}

/** Summaries with their text in the wanted language (else the campaign's first, else any). */
function attachText(
  rows: SummaryRow[],
  lang: Lang,
  texts: CampaignText[],
  people: DefenderText[],
): (CampaignSummary & { story: string; asks: string[] })[] {
  return rows.map((r) => {
    const languages = JSON.parse(r.languages) as string[]
    const text = pick(
      texts.filter((t) => t.campaignId === r.id),
      lang,
      languages,
    )
    const person: Row<{ name: string; situation: string }> | undefined =
      r.defenderId === null
        ? undefined
        : pick(
            people.filter((p) => p.defenderId === r.defenderId),
            lang,
            languages,
          )
    return {
      id: r.id,
      slug: r.slug,
      kind: r.kind,
      status: r.status,
      goal: r.goal,
      confirmed: r.confirmed,
      lang: text?.lang ?? lang,
      languages,
      title: text?.title ?? r.slug,
      summary: text?.summary ?? '',
      story: text?.story ?? '',
      target: text?.target ?? '',
      asks: text ? (JSON.parse(text.asks) as string[]) : [],
      defender:
        person && r.defenderSlug && r.defenderCountry
          ? {
              slug: r.defenderSlug,
              name: person.name,
              situation: person.situation,
              country: r.defenderCountry,
              status: r.defenderStatus ?? '',
            }
          : null,
    }
  })
}

async function withText(
  db: Db,
  lang: Lang,
  rows: SummaryRow[],
): Promise<(CampaignSummary & { story: string; asks: string[] })[]> {
  if (rows.length === 0) return []
  const defenderIds = rows.flatMap((r) => (r.defenderId === null ? [] : [r.defenderId]))
  // One round trip for both lookups.
  const { texts, people } = await batchParts(
    db,
    textQueries(
      db,
      rows.map((r) => r.id),
      defenderIds,
    ),
  )
  return attachText(rows, lang, texts, people)
}

const summaryColumns = {
  id: campaigns.id,
  slug: campaigns.slug,
  kind: campaigns.kind,
  status: campaigns.status,
  goal: campaigns.goal,
  languages: campaigns.languages,
  confirmed: confirmedCount,
  defenderId: campaigns.defenderId,
  defenderSlug: defenders.slug,
  defenderCountry: defenders.country,
  defenderStatus: defenders.status,
}

/** Campaigns in a state (open by default), oldest first: the order of the release. */
export async function listCampaigns(
  db: Db,
  lang: Lang,
  status: CampaignStatus = 'open',
): Promise<CampaignSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(campaigns)
    .leftJoin(defenders, eq(defenders.id, campaigns.defenderId))
    .where(eq(campaigns.status, status))
    .orderBy(campaigns.id)
  return (await withText(db, lang, rows)).map(({ story: _s, asks: _a, ...summary }) => summary)
}

/** The campaign row a campaign's reads start from (by slug), with its defender and release. */
function campaignRow(db: Db, slug: string) {
  return db
    .select({
      ...summaryColumns,
      allowedOrigins: campaigns.allowedOrigins,
      closedAt: campaigns.closedAt,
      hostOrganisationId: campaigns.hostOrganisationId,
      ...recordColumns,
      releaseTitle: releases.title,
      releasePublisher: releases.publisher,
      releaseDate: releases.publishedOn,
      releasePlace: releases.place,
    })
    .from(campaigns)
    .leftJoin(defenders, eq(defenders.id, campaigns.defenderId))
    .leftJoin(releases, eq(releases.id, campaigns.releaseId))
    .where(eq(campaigns.slug, slug))
    .limit(1)
}

export type CampaignRow = Awaited<ReturnType<typeof campaignRow>>[number]

/**
 * A public campaign's row (a draft only with `includeDrafts`), or null: the first of the two
 * round trips of a campaign's reads. The second is one batch of `campaignParts` and whatever
 * else the caller reads with it.
 */
export async function findCampaignRow(
  db: Db,
  slug: string,
  { includeDrafts = false } = {},
): Promise<CampaignRow | null> {
  const [row] = await campaignRow(db, slug)
  if (!row || (row.status === 'draft' && !includeDrafts)) return null
  return row
}

/** The reads that complete a campaign row: its text, its defender's, its source sentences. */
export function campaignParts(db: Db, row: CampaignRow) {
  return {
    ...textQueries(db, [row.id], row.defenderId === null ? [] : [row.defenderId]),
    sources: db
      .select({ sentence: campaignSources.sentence })
      .from(campaignSources)
      .where(eq(campaignSources.campaignId, row.id))
      .orderBy(campaignSources.position),
    host: organisationQuery(db, row.hostOrganisationId ?? 0),
    partners: activePartnersQuery(db, row.id),
  }
}

/** The campaign, from its row and the results of `campaignParts`. */
export function toCampaign(
  row: CampaignRow,
  lang: Lang,
  parts: PartResults<ReturnType<typeof campaignParts>>,
  /** The partner slug the visitor came through (`?partner=`): kept only if it is active. */
  partner?: string,
): Campaign | null {
  const [full] = attachText([row], lang, parts.texts, parts.people)
  if (!full) return null
  const { partners } = parts
  const host = parts.host[0] ?? null
  const ref = ({ listed: _l, ...org }: (typeof partners)[number]): OrganisationRef => org
  const via = partner ? partners.find((p) => p.slug === partner && p.id !== host?.id) : undefined
  return {
    ...full,
    host,
    partners: partners.filter((p) => p.listed && p.id !== host?.id).map(ref),
    viaPartner: via ? ref(via) : null,
    allowedOrigins: JSON.parse(row.allowedOrigins) as string[],
    closedAt: row.closedAt,
    ...toRecordFields(row),
    sources: parts.sources.map((s) => s.sentence),
    release: row.releaseTitle
      ? {
          title: row.releaseTitle,
          publisher: row.releasePublisher,
          date: row.releaseDate,
          place: row.releasePlace,
        }
      : null,
  }
}

/** One campaign with its text, asks, provenance and count; drafts are not public. Two round trips. */
export async function findCampaign(
  db: Db,
  slug: string,
  lang: Lang,
  { includeDrafts = false, partner }: { includeDrafts?: boolean; partner?: string } = {},
): Promise<Campaign | null> {
  const row = await findCampaignRow(db, slug, { includeDrafts })
  if (!row) return null
  return toCampaign(row, lang, await batchParts(db, campaignParts(db, row)), partner)
}

export interface Defender extends DefenderRef {
  campaigns: CampaignSummary[]
}

/** A defender with their public (open or closed) campaigns. */
export async function findDefender(db: Db, slug: string, lang: Lang): Promise<Defender | null> {
  const [person] = await db.select().from(defenders).where(eq(defenders.slug, slug)).limit(1)
  if (!person) return null
  const rows = await db
    .select(summaryColumns)
    .from(campaigns)
    .leftJoin(defenders, eq(defenders.id, campaigns.defenderId))
    .where(and(eq(campaigns.defenderId, person.id), inArray(campaigns.status, ['open', 'closed'])))
    .orderBy(campaigns.id)
  const list = await withText(db, lang, rows)
  const texts = await db
    .select()
    .from(defenderTranslations)
    .where(eq(defenderTranslations.defenderId, person.id))
  const text = pick(texts, lang, ['en'])
  if (!text) return null
  return {
    slug: person.slug,
    country: person.country,
    status: person.status,
    name: text.name,
    situation: text.situation,
    campaigns: list.map(({ story: _s, asks: _a, ...summary }) => summary),
  }
}

/** The confirmed count and goal of a public campaign, from the kept tally. */
export async function findCount(
  db: Db,
  slug: string,
): Promise<{ confirmed: number; goal: number; status: CampaignStatus } | null> {
  const [row] = await db
    .select({ confirmed: confirmedCount, goal: campaigns.goal, status: campaigns.status })
    .from(campaigns)
    .where(eq(campaigns.slug, slug))
    .limit(1)
  if (!row || row.status === 'draft') return null
  return row
}
