/**
 * Loads a content file into D1 in one batch, idempotently: rows are matched by slug and
 * updated in place, so seeding twice changes nothing. A campaign's status is only set when
 * it is created; after that it belongs to the organisers (closing it must survive a re-seed).
 */
import type { ContentFile } from '../domain/content.ts'

export interface Statement {
  sql: string
  params: (string | number | null)[]
}

export function seedStatements(content: ContentFile): Statement[] {
  const out: Statement[] = []
  const { release } = content
  out.push({
    sql: `insert into releases (slug, title, publisher, published_on, place) values (?, ?, ?, ?, ?)
      on conflict (slug) do update set title = excluded.title, publisher = excluded.publisher,
      published_on = excluded.published_on, place = excluded.place`,
    params: [
      release.slug,
      release.title,
      release.publisher ?? null,
      release.date ?? null,
      release.place ?? null,
    ],
  })
  for (const d of content.defenders) {
    out.push({
      sql: `insert into defenders (slug, country, status) values (?, ?, ?)
        on conflict (slug) do update set country = excluded.country, status = excluded.status`,
      params: [d.slug, d.country, d.status],
    })
    for (const [lang, t] of Object.entries(d.translations)) {
      out.push({
        sql: `insert into defender_translations (defender_id, lang, name, situation)
          values ((select id from defenders where slug = ?), ?, ?, ?)
          on conflict (defender_id, lang) do update set name = excluded.name, situation = excluded.situation`,
        params: [d.slug, lang, t.name, t.situation],
      })
    }
  }
  const now = Date.now()
  for (const c of content.campaigns) {
    out.push({
      // A new campaign is hosted by the demo host until an owner says otherwise; a re-seed
      // keeps the host it has.
      sql: `insert into campaigns (slug, kind, defender_id, release_id, status, goal, languages, allowed_origins, opened_at, host_organisation_id)
        values (?, ?, (select id from defenders where slug = ?), (select id from releases where slug = ?), ?, ?, ?, ?, ?,
          (select id from organisations where slug = 'demo-host'))
        on conflict (slug) do update set kind = excluded.kind, defender_id = excluded.defender_id,
        release_id = excluded.release_id, goal = excluded.goal, languages = excluded.languages,
        allowed_origins = excluded.allowed_origins,
        host_organisation_id = coalesce(campaigns.host_organisation_id, excluded.host_organisation_id)`,
      params: [
        c.slug,
        c.kind,
        c.defender ?? null,
        release.slug,
        c.status,
        c.goal,
        JSON.stringify(c.languages),
        JSON.stringify(c.allowedOrigins),
        c.status === 'open' ? now : null,
      ],
    })
    for (const [lang, t] of Object.entries(c.translations)) {
      out.push({
        sql: `insert into campaign_translations (campaign_id, lang, title, summary, story, target, asks)
          values ((select id from campaigns where slug = ?), ?, ?, ?, ?, ?, ?)
          on conflict (campaign_id, lang) do update set title = excluded.title, summary = excluded.summary,
          story = excluded.story, target = excluded.target, asks = excluded.asks`,
        params: [c.slug, lang, t.title, t.summary, t.story, t.target, JSON.stringify(t.asks)],
      })
    }
    out.push({
      sql: 'delete from campaign_sources where campaign_id = (select id from campaigns where slug = ?)',
      params: [c.slug],
    })
    c.sources.forEach((sentence, position) => {
      out.push({
        sql: `insert into campaign_sources (campaign_id, position, sentence)
          values ((select id from campaigns where slug = ?), ?, ?)`,
        params: [c.slug, position, sentence],
      })
    })
  }
  return out
}

/**
 * The seed statements as D1 statements. Raw SQL: the texts are the seeder's own (idempotent
 * upserts matched by slug, with look-ups by slug inside them), shared with `npm run seed`.
 */
export function seedBatch(d1: D1Database, content: ContentFile): D1PreparedStatement[] {
  return seedStatements(content).map((s) => d1.prepare(s.sql).bind(...s.params))
}

/** Applies a content file to a D1 database as one transaction. */
export async function seedContent(d1: D1Database, content: ContentFile): Promise<void> {
  await d1.batch(seedBatch(d1, content))
}
