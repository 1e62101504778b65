/**
 * Campaigns as organisers run them: every campaign including drafts, with its text in every
 * language, its state counts (from the kept tallies), edits, and opening and closing.
 */
import type { CampaignEdit, CampaignText } from '../../domain/admin/campaign-edit.ts'
import type { CampaignStatus, SignatureState } from '../schema.ts'
import { auditStatement } from './audit.ts'

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
  /** Signatures per state, from the `state` tallies. */
  counts: Record<SignatureState, number>
}

export interface AdminCampaignDetail extends AdminCampaign {
  translations: Record<string, CampaignText>
}

interface Row {
  id: number
  slug: string
  kind: 'defender' | 'general'
  status: CampaignStatus
  goal: number
  languages: string
  allowedOrigins: string
  openedAt: number | null
  closedAt: number | null
  title: string | null
  defenderSlug: string | null
  defenderName: string | null
  defenderCountry: string | null
}

const SELECT = `select c.id, c.slug, c.kind, c.status, c.goal, c.languages,
    c.allowed_origins as allowedOrigins, c.opened_at as openedAt, c.closed_at as closedAt,
    (select title from campaign_translations where campaign_id = c.id
      order by lang = 'en' desc, lang limit 1) as title,
    d.slug as defenderSlug, d.country as defenderCountry,
    (select name from defender_translations where defender_id = d.id
      order by lang = 'en' desc, lang limit 1) as defenderName
  from campaigns c left join defenders d on d.id = c.defender_id`

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
    counts,
  }
}

async function stateCounts(d1: D1Database, campaignId?: number) {
  const { results } = await d1
    .prepare(
      `select campaign_id as campaignId, key, n from tallies where dimension = 'state'
      ${campaignId === undefined ? '' : 'and campaign_id = ?'}`,
    )
    .bind(...(campaignId === undefined ? [] : [campaignId]))
    .all<{ campaignId: number; key: SignatureState; n: number }>()
  const out = new Map<number, Record<SignatureState, number>>()
  for (const r of results) {
    const counts = out.get(r.campaignId) ?? emptyCounts()
    if (r.key in counts) counts[r.key] = r.n
    out.set(r.campaignId, counts)
  }
  return out
}

/** Every campaign, drafts included, in release order. */
export async function listAdminCampaigns(d1: D1Database): Promise<AdminCampaign[]> {
  const [{ results }, counts] = await Promise.all([
    d1.prepare(`${SELECT} order by c.id`).all<Row>(),
    stateCounts(d1),
  ])
  return results.map((r) => toCampaign(r, counts.get(r.id) ?? emptyCounts()))
}

/** One campaign (any status) with its text in every language. */
export async function findAdminCampaign(
  d1: D1Database,
  slug: string,
): Promise<AdminCampaignDetail | null> {
  const row = await d1.prepare(`${SELECT} where c.slug = ?`).bind(slug).first<Row>()
  if (!row) return null
  const [{ results }, counts] = await Promise.all([
    d1
      .prepare(
        `select lang, title, summary, story, target, asks from campaign_translations
        where campaign_id = ? order by lang`,
      )
      .bind(row.id)
      .all<Omit<CampaignText, 'asks'> & { lang: string; asks: string }>(),
    stateCounts(d1, row.id),
  ])
  const translations: Record<string, CampaignText> = {}
  for (const { lang, asks, ...text } of results) {
    translations[lang] = { ...text, asks: JSON.parse(asks) as string[] }
  }
  return { ...toCampaign(row, counts.get(row.id) ?? emptyCounts()), translations }
}

/** Applies an edit and its audit row in one batch. */
export async function updateCampaign(
  d1: D1Database,
  campaign: AdminCampaign,
  edit: CampaignEdit,
  actor: string,
  now = Date.now(),
): Promise<void> {
  const langs = Object.keys(edit.translations ?? {})
  const languages = [...new Set([...campaign.languages, ...langs])]
  const statements = [
    d1
      .prepare(
        `update campaigns set goal = coalesce(?, goal), allowed_origins = coalesce(?, allowed_origins),
        languages = ?, updated_at = ? where id = ?`,
      )
      .bind(
        edit.goal ?? null,
        edit.allowedOrigins ? JSON.stringify(edit.allowedOrigins) : null,
        JSON.stringify(languages),
        now,
        campaign.id,
      ),
    ...Object.entries(edit.translations ?? {}).map(([lang, t]) =>
      d1
        .prepare(
          `insert into campaign_translations (campaign_id, lang, title, summary, story, target, asks)
          values (?, ?, ?, ?, ?, ?, ?)
          on conflict (campaign_id, lang) do update set title = excluded.title,
            summary = excluded.summary, story = excluded.story, target = excluded.target,
            asks = excluded.asks`,
        )
        .bind(campaign.id, lang, t.title, t.summary, t.story, t.target, JSON.stringify(t.asks)),
    ),
    auditStatement(
      d1,
      {
        actor,
        action: 'campaign.edit',
        subject: campaign.slug,
        detail: {
          goal: edit.goal,
          allowedOrigins: edit.allowedOrigins,
          languages: langs.length ? langs : undefined,
        },
      },
      { now },
    ),
  ]
  await d1.batch(statements)
}

/**
 * Opens (a draft or a closed campaign) or closes (an open one). `opened_at` keeps the first
 * opening; reopening clears `closed_at`, so retention counts from the last close only.
 * Returns whether the status changed.
 */
export async function setCampaignStatus(
  d1: D1Database,
  campaign: AdminCampaign,
  to: 'open' | 'closed',
  actor: string,
  now = Date.now(),
): Promise<boolean> {
  const update =
    to === 'open'
      ? d1
          .prepare(
            `update campaigns set status = 'open', opened_at = coalesce(opened_at, ?),
            closed_at = null, updated_at = ? where id = ? and status != 'open'`,
          )
          .bind(now, now, campaign.id)
      : d1
          .prepare(
            `update campaigns set status = 'closed', closed_at = ?, updated_at = ?
            where id = ? and status = 'open'`,
          )
          .bind(now, now, campaign.id)
  const [result] = await d1.batch([
    update,
    auditStatement(
      d1,
      { actor, action: to === 'open' ? 'campaign.open' : 'campaign.close', subject: campaign.slug },
      { ifChanged: true, now },
    ),
  ])
  return result?.meta.changes === 1
}
