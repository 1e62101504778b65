/** Full recounts from the signature rows, to compare with the kept tallies. */
import { env } from 'cloudflare:test'

export interface Counts {
  state: Record<string, number>
  country: Record<string, number>
  day: Record<string, number>
}

async function pairs(sql: string, ...params: unknown[]): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(sql)
    .bind(...params)
    .all<{ k: string; n: number }>()
  return Object.fromEntries(results.filter((r) => r.n !== 0).map((r) => [r.k, r.n]))
}

export async function recount(campaignId: number): Promise<Counts> {
  return {
    state: await pairs(
      'select status as k, count(*) as n from signatures where campaign_id = ? group by status',
      campaignId,
    ),
    country: await pairs(
      `select country as k, count(*) as n from signatures where campaign_id = ? and status = 'confirmed'
      group by country`,
      campaignId,
    ),
    day: await pairs(
      `select strftime('%Y-%m-%d', confirmed_at / 1000, 'unixepoch') as k, count(*) as n
      from signatures where campaign_id = ? and status = 'confirmed' group by k`,
      campaignId,
    ),
  }
}

export async function kept(campaignId: number): Promise<Counts> {
  const of = (dimension: string) =>
    pairs(
      'select key as k, n from tallies where campaign_id = ? and dimension = ?',
      campaignId,
      dimension,
    )
  return { state: await of('state'), country: await of('country'), day: await of('day') }
}

/** A fresh campaign (open unless said) for a test that needs counts of its own. */
export async function freshCampaign({
  status = 'open',
  goal = 1000,
  prefix = 'test',
  title = 'Test campaign',
} = {}): Promise<{ id: number; slug: string }> {
  const slug = `${prefix}-${crypto.randomUUID().slice(0, 8)}`
  const row = await env.DB.prepare(
    `insert into campaigns (slug, kind, status, goal, languages, host_organisation_id)
    values (?, 'general', ?, ?, '["en"]', 1) returning id`,
  )
    .bind(slug, status, goal)
    .first<{ id: number }>()
  await env.DB.prepare(
    `insert into campaign_translations (campaign_id, lang, title, summary, story, target, asks)
    values (?, 'en', ?, 'Summary', 'Story', 'Target', '["Ask"]')`,
  )
    .bind(row!.id, title)
    .run()
  return { id: row!.id, slug }
}
