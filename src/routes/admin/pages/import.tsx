/**
 * `/admin/import`: paste a release, review and edit the campaigns the importer proposes, save the
 * chosen ones as drafts (published later with the campaign's open action).
 */
import { type Context, Hono } from 'hono'
import { auditStatement } from '../../../db/admin/audit.ts'
import { seedStatements } from '../../../db/seed.ts'
import {
  buildContent,
  FORM_ERROR,
  type FormErrors,
  type FormValues,
  highlightSources,
  normaliseReleaseText,
  proposalValues,
} from '../../../domain/admin/release-import.ts'
import type { ContentFile } from '../../../domain/content.ts'
import { type ImportResult, importRelease } from '../../../domain/importer/index.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { ImportFormPage, ImportProposalPage } from '../../../views/admin/import.tsx'

function proposalPage(
  c: Context<AdminEnv>,
  text: string,
  result: ImportResult,
  values: FormValues,
  errors: FormErrors = {},
  status: 200 | 409 | 422 = 200,
) {
  const sources = result.campaigns.flatMap((x) => x.sources)
  return c.html(
    <ImportProposalPage
      csrf={c.get('admin').csrf}
      text={text}
      result={result}
      segments={highlightSources(text, sources)}
      values={values}
      errors={errors}
    />,
    status,
  )
}

/** Campaign slugs of the file that already exist and are no longer drafts. */
async function publishedSlugs(d1: D1Database, content: ContentFile): Promise<string[]> {
  const slugs = content.campaigns.map((c) => c.slug)
  const { results } = await d1
    .prepare(
      `select slug from campaigns where status <> 'draft'
      and slug in (select value from json_each(?))`,
    )
    .bind(JSON.stringify(slugs))
    .all<{ slug: string }>()
  return results.map((r) => r.slug)
}

/**
 * Defenders already on record keep what the organisers wrote about them: an import names them,
 * it does not rewrite their country, status or situation.
 */
async function keepStoredDefenders(d1: D1Database, content: ContentFile): Promise<ContentFile> {
  if (!content.defenders.length) return content
  const { results } = await d1
    .prepare(
      `select d.slug, d.country, d.status, t.lang, t.name, t.situation
      from defenders d join defender_translations t on t.defender_id = d.id
      where d.slug in (select value from json_each(?))`,
    )
    .bind(JSON.stringify(content.defenders.map((d) => d.slug)))
    .all<{
      slug: string
      country: string
      status: string
      lang: string
      name: string
      situation: string
    }>()
  const stored = new Map<string, ContentFile['defenders'][number]>()
  for (const r of results) {
    const d = stored.get(r.slug) ?? {
      slug: r.slug,
      country: r.country,
      status: r.status,
      translations: {},
    }
    d.translations[r.lang] = { name: r.name, situation: r.situation }
    stored.set(r.slug, d)
  }
  return { ...content, defenders: content.defenders.map((d) => stored.get(d.slug) ?? d) }
}

export const importPages = new Hono<AdminEnv>()
  .get('/import', (c) => c.html(<ImportFormPage csrf={c.get('admin').csrf} />))
  .post('/import', (c) => {
    const text = normaliseReleaseText(c.get('form').release)
    if (!text.trim()) {
      return c.html(
        <ImportFormPage csrf={c.get('admin').csrf} error="Paste the text of a release." />,
        422,
      )
    }
    const result = importRelease(text)
    return proposalPage(c, text, result, proposalValues(result))
  })
  .post('/import/save', async (c) => {
    const form = c.get('form')
    const text = normaliseReleaseText(form.release)
    if (!text.trim()) {
      return c.html(
        <ImportFormPage csrf={c.get('admin').csrf} error="Paste the text of a release." />,
        422,
      )
    }
    const built = buildContent(text, form)
    if (!built.ok) return proposalPage(c, text, built.result, form, built.errors, 422)
    const taken = await publishedSlugs(c.env.DB, built.content)
    if (taken.length) {
      const errors: FormErrors = {
        [FORM_ERROR]: `Already published, so not replaced: ${taken.join(', ')}. Choose other slugs.`,
      }
      built.result.campaigns.forEach((_, i) => {
        if (
          form[`campaigns.${i}.include`] &&
          taken.includes(form[`campaigns.${i}.slug`]?.trim() ?? '')
        ) {
          errors[`campaigns.${i}.slug`] = 'A published campaign already has this slug.'
        }
      })
      return proposalPage(c, text, built.result, form, errors, 409)
    }
    const content = await keepStoredDefenders(c.env.DB, built.content)
    const d1 = c.env.DB
    await d1.batch([
      ...seedStatements(content).map((s) => d1.prepare(s.sql).bind(...s.params)),
      auditStatement(d1, {
        actor: c.get('admin').actor,
        action: 'import.save',
        subject: content.release.slug,
        detail: {
          campaigns: content.campaigns.map((x) => x.slug),
          defenders: content.defenders.length,
          proposed: built.result.campaigns.length,
        },
      }),
    ])
    return c.redirect('/admin/campaigns?done=imported', 303)
  })
