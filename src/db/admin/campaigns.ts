/**
 * Campaigns as organisers run them: every campaign including drafts, with its text in every
 * language, its state counts (from the kept tallies), edits, and opening and closing.
 */
import { and, asc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm'
import type { CampaignEdit, CampaignText } from '../../domain/admin/campaign-edit.ts'
import type { Db } from '../client.ts'
import {
  type CampaignStatus,
  campaigns,
  campaignTranslations,
  defenders,
  defenderTranslations,
  organisations,
  type SignatureState,
  tallies,
} from '../schema.ts'
import { type AuditInput, auditIfChanged, auditInsert } from './audit.ts'

export interface AdminCampaign {
  id: number
  slug: string
  kind: 'defender' | 'general'
  status: CampaignStatus
  goal: number
  languages: string[]
  allowedOrigins: string[]
  openedAt: number | null
  closedAt: number | null
  title: string
  defender: { slug: string; name: string; country: string } | null
  /** The host organisation's slug. */
  host: string | null
  /** Signatures per state, from the `state` tallies. */
  counts: Record<SignatureState, number>
}

export interface AdminCampaignDetail extends AdminCampaign {
  translations: Record<string, CampaignText>
}

/** The English text if there is one, else the first language's. */
const title = sql<string | null>`(select ${campaignTranslations.title} from ${campaignTranslations}
  where ${campaignTranslations.campaignId} = ${campaigns.id}
  order by ${campaignTranslations.lang} = 'en' desc, ${campaignTranslations.lang} limit 1)`
const defenderName = sql<string | null>`(select ${defenderTranslations.name}
  from ${defenderTranslations} where ${defenderTranslations.defenderId} = ${defenders.id}
  order by ${defenderTranslations.lang} = 'en' desc, ${defenderTranslations.lang} limit 1)`

function select(db: Db, where?: SQL) {
  return db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      kind: campaigns.kind,
      status: campaigns.status,
      goal: campaigns.goal,
      languages: campaigns.languages,
      allowedOrigins: campaigns.allowedOrigins,
      openedAt: campaigns.openedAt,
      closedAt: campaigns.closedAt,
      title,
      defenderSlug: defenders.slug,
      defenderCountry: defenders.country,
      defenderName,
      host: organisations.slug,
    })
    .from(campaigns)
    .leftJoin(defenders, eq(defenders.id, campaigns.defenderId))
    .leftJoin(organisations, eq(organisations.id, campaigns.hostOrganisationId))
    .where(where)
    .orderBy(asc(campaigns.id))
}

type Row = Awaited<ReturnType<typeof select>>[number]

const emptyCounts = (): Record<SignatureState, number> => ({
  pending: 0,
  confirmed: 0,
  held: 0,
  invalidated: 0,
  removed: 0,
})

function toCampaign(row: Row, counts: Record<SignatureState, number>): AdminCampaign {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    status: row.status,
    goal: row.goal,
    languages: JSON.parse(row.languages) as string[],
    allowedOrigins: JSON.parse(row.allowedOrigins) as string[],
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    title: row.title ?? row.slug,
    defender:
      row.defenderSlug && row.defenderCountry
        ? {
            slug: row.defenderSlug,
            name: row.defenderName ?? row.defenderSlug,
            country: row.defenderCountry,
          }
        : null,
    host: row.host,
    counts,
  }
}

async function stateCounts(db: Db, campaignIds: number[]) {
  const out = new Map<number, Record<SignatureState, number>>()
  if (campaignIds.length === 0) return out
  const rows = await db
    .select({ campaignId: tallies.campaignId, key: tallies.key, n: tallies.n })
    .from(tallies)
    .where(
      and(
        eq(tallies.dimension, 'state'),
        inArray(
          tallies.campaignId,
          sql`(select value from json_each(${JSON.stringify(campaignIds)}))`,
        ),
      ),
    )
  for (const r of rows) {
    const counts = out.get(r.campaignId) ?? emptyCounts()
    if (r.key in counts) counts[r.key as SignatureState] = r.n
    out.set(r.campaignId, counts)
  }
  return out
}

/** The given campaigns (all when omitted), drafts included, in release order. */
export async function listAdminCampaigns(db: Db, ids?: number[]): Promise<AdminCampaign[]> {
  if (ids?.length === 0) return []
  const rows = await select(
    db,
    ids
      ? inArray(campaigns.id, sql`(select value from json_each(${JSON.stringify(ids)}))`)
      : undefined,
  )
  const counts = await stateCounts(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toCampaign(r, counts.get(r.id) ?? emptyCounts()))
}

/** One campaign (any status) with its text in every language. */
export async function findAdminCampaign(db: Db, slug: string): Promise<AdminCampaignDetail | null> {
  const [row] = await select(db, eq(campaigns.slug, slug))
  if (!row) return null
  const [texts, counts] = await Promise.all([
    db
      .select({
        lang: campaignTranslations.lang,
        title: campaignTranslations.title,
        summary: campaignTranslations.summary,
        story: campaignTranslations.story,
        target: campaignTranslations.target,
        asks: campaignTranslations.asks,
      })
      .from(campaignTranslations)
      .where(eq(campaignTranslations.campaignId, row.id))
      .orderBy(asc(campaignTranslations.lang)),
    stateCounts(db, [row.id]),
  ])
  const translations: Record<string, CampaignText> = {}
  for (const { lang, asks, ...text } of texts) {
    translations[lang] = { ...text, asks: JSON.parse(asks) as string[] }
  }
  return { ...toCampaign(row, counts.get(row.id) ?? emptyCounts()), translations }
}

type Who = Pick<AuditInput, 'actor' | 'organisationId'>

/** Applies an edit and its audit row in one batch. */
export async function updateCampaign(
  db: Db,
  campaign: AdminCampaign,
  edit: CampaignEdit,
  who: Who,
  now = Date.now(),
): Promise<void> {
  const langs = Object.keys(edit.translations ?? {})
  const languages = [...new Set([...campaign.languages, ...langs])]
  await db.batch([
    db
      .update(campaigns)
      .set({
        languages: JSON.stringify(languages),
        updatedAt: now,
        ...(edit.goal !== undefined ? { goal: edit.goal } : {}),
        ...(edit.allowedOrigins ? { allowedOrigins: JSON.stringify(edit.allowedOrigins) } : {}),
      })
      .where(eq(campaigns.id, campaign.id)),
    ...Object.entries(edit.translations ?? {}).map(([lang, t]) => {
      const text = {
        title: t.title,
        summary: t.summary,
        story: t.story,
        target: t.target,
        asks: JSON.stringify(t.asks),
      }
      return db
        .insert(campaignTranslations)
        .values({ campaignId: campaign.id, lang, ...text })
        .onConflictDoUpdate({
          target: [campaignTranslations.campaignId, campaignTranslations.lang],
          set: text,
        })
    }),
    auditInsert(
      db,
      {
        ...who,
        action: 'campaign.edit',
        subject: campaign.slug,
        detail: {
          goal: edit.goal,
          allowedOrigins: edit.allowedOrigins,
          languages: langs.length ? langs : undefined,
        },
      },
      now,
    ),
  ])
}

/**
 * Opens (a draft or a closed campaign) or closes (an open one). `opened_at` keeps the first
 * opening; reopening clears `closed_at`, so retention counts from the last close only.
 * Returns whether the status changed.
 */
export async function setCampaignStatus(
  db: Db,
  campaign: AdminCampaign,
  to: 'open' | 'closed',
  who: Who,
  now = Date.now(),
): Promise<boolean> {
  const update =
    to === 'open'
      ? db
          .update(campaigns)
          .set({
            status: 'open',
            openedAt: sql`coalesce(${campaigns.openedAt}, ${now})`,
            closedAt: null,
            updatedAt: now,
          })
          .where(and(eq(campaigns.id, campaign.id), ne(campaigns.status, 'open')))
          .returning({ id: campaigns.id })
      : db
          .update(campaigns)
          .set({ status: 'closed', closedAt: now, updatedAt: now })
          .where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'open')))
          .returning({ id: campaigns.id })
  const [changed] = await db.batch([
    update,
    auditIfChanged(
      db,
      {
        ...who,
        action: to === 'open' ? 'campaign.open' : 'campaign.close',
        subject: campaign.slug,
      },
      now,
    ),
  ])
  return changed.length === 1
}
