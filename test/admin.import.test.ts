import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { proposalValues } from '../src/domain/admin/release-import.ts'
import { importRelease } from '../src/domain/importer/index.ts'
import { adminJson, login, postForm, type Session } from './admin-helpers.ts'
import text from './fixtures/releases/iphr-2010-12-10-central-asia.txt?raw'
import { fetchWorker, getJson, ORIGIN } from './helpers.ts'

let session: Session
beforeAll(async () => {
  session = await login()
})

const result = importRelease(text)

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

/** The proposal's form with fresh slugs, as the editor would submit it. */
function editedForm(overrides: Record<string, string | null> = {}) {
  const prefix = `imported-${crypto.randomUUID().slice(0, 8)}`
  const values: Record<string, string> = { release: text, ...proposalValues(result) }
  result.campaigns.forEach((_, i) => {
    values[`campaigns.${i}.slug`] = `${prefix}-${i}`
  })
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete values[k]
    else values[k] = v
  }
  const slugs = result.campaigns.map((_, i) => values[`campaigns.${i}.slug`]!)
  return { values, slugs }
}

async function campaignRows(slugs: string[]) {
  const { results } = await env.DB.prepare(
    `select c.slug, c.status, c.kind, c.goal, t.title, r.slug as release, r.title as releaseTitle,
      r.publisher, r.published_on as date, d.slug as defender
    from campaigns c join campaign_translations t on t.campaign_id = c.id and t.lang = 'en'
    left join releases r on r.id = c.release_id left join defenders d on d.id = c.defender_id
    where c.slug in (select value from json_each(?))`,
  )
    .bind(JSON.stringify(slugs))
    .all<Record<string, string | number | null>>()
  return results
}

const auditCount = async () =>
  (await env.DB.prepare(
    "select count(*) as n from audit_log where action = 'import.save'",
  ).first<number>('n'))!

describe('access', () => {
  it('sends visitors without a session to the login page', async () => {
    const res = await fetchWorker('/admin/import', { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fimport')
    const { values, slugs } = editedForm()
    for (const path of ['/admin/import', '/admin/import/save']) {
      const post = await postForm(path, values, null)
      expect(post.status).toBe(303)
      expect(post.headers.get('location')).toBe('/admin/login')
    }
    expect(await campaignRows(slugs)).toEqual([])
  })

  it('refuses a form without the CSRF token and writes nothing', async () => {
    const before = await auditCount()
    const { values, slugs } = editedForm()
    for (const csrf of ['', 'forged']) {
      const res = await postForm('/admin/import/save', { ...values, _csrf: csrf }, session)
      expect(res.status).toBe(403)
    }
    const res = await fetchWorker('/admin/import/save', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: ORIGIN,
        cookie: session.cookie,
      },
      body: new URLSearchParams(values).toString(),
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
    expect((await postForm('/admin/import', { release: text, _csrf: '' }, session)).status).toBe(
      403,
    )
    expect(await campaignRows(slugs)).toEqual([])
    expect(await auditCount()).toBe(before)
  })
})

describe('proposing campaigns from a pasted release', () => {
  it('shows the form, linked from the admin navigation', async () => {
    const res = await fetchWorker('/admin/import', { headers: { cookie: session.cookie } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<textarea id="f-release" name="release"')
    expect(html).toMatch(/<a href="\/admin\/import" aria-current="page">/)
  })

  it('shows the defenders, the calls and the highlighted sources of the seed release', async () => {
    const res = await postForm('/admin/import', { release: text }, session)
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const name of ['Azimzhan Askarov', 'Farid Tukhbatullin', 'Surat Ikramov']) {
      expect(html).toContain(`<strong>${name}</strong>`)
    }
    for (const country of ['Kyrgyzstan', 'Turkmenistan', 'Uzbekistan']) {
      expect(html).toContain(country)
    }
    expect(result.callsToAction).toHaveLength(2)
    for (const call of result.callsToAction) expect(html).toContain(escapeHtml(call.text))
    expect(html).toContain(escapeHtml(result.release.title))
    expect(html).toContain('2010-12-10')
    expect(html).toContain('International Partnership for Human Rights (IPHR)')
    // Every source sentence is highlighted (line breaks in the release are kept as typed).
    const marks = [...html.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) =>
      decode(m[1]!).replace(/\s+/g, ' '),
    )
    expect(marks.length).toBeGreaterThan(0)
    const marked = marks.join(' | ')
    for (const source of result.campaigns.flatMap((c) => c.sources)) {
      expect(marked).toContain(source)
    }
    // One editable fieldset per proposed campaign, all included, and the release kept.
    expect(html.match(/<fieldset>/g)).toHaveLength(result.campaigns.length)
    expect(html.match(/name="campaigns\.\d+\.include" value="on" checked/g)).toHaveLength(
      result.campaigns.length,
    )
    expect(html).toContain('<input type="hidden" name="release"')
    expect(html).toMatch(/class="import-grid"/)
  })

  it('escapes the pasted text: a release is never markup', async () => {
    const evil = `${text}\n\n<script>alert(1)</script> <img src=x onerror=alert(2)>`
    const res = await postForm('/admin/import', { release: evil }, session)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('says plainly when a release names no defenders', async () => {
    const res = await postForm(
      '/admin/import',
      { release: 'Weather report\n\nIt will rain tomorrow in the north of the country.' },
      session,
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('No defenders were found in this release.')
  })

  it('asks for text when nothing was pasted', async () => {
    const res = await postForm('/admin/import', { release: '  ' }, session)
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Paste the text of a release.')
  })
})

describe('saving the proposal as drafts', () => {
  let saved: string[] = []

  it('creates the included campaigns as drafts with the edits, provenance and sources', async () => {
    const seededDefender = await env.DB.prepare(
      `select t.situation from defender_translations t join defenders d on d.id = t.defender_id
      where d.slug = 'azimzhan-askarov' and t.lang = 'en'`,
    ).first<string>('situation')
    const before = await auditCount()
    const { values, slugs } = editedForm({
      'campaigns.0.title': 'Justice for Azimzhan Askarov',
      // The release makes no demand for Askarov: the draft has no asks until an editor writes one.
      'campaigns.0.asks': 'Respect the rights of Azimzhan Askarov.',
      'campaigns.1.include': null,
    })
    expect(result.campaigns[0]!.translations.en!.asks).toEqual([])
    const res = await postForm('/admin/import/save', values, session)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/campaigns?done=imported')

    const rows = await campaignRows(slugs)
    expect(rows.map((r) => r.slug).sort()).toEqual(slugs.filter((_, i) => i !== 1).sort())
    const first = rows.find((r) => r.slug === slugs[0])!
    expect(first).toMatchObject({
      status: 'draft',
      kind: 'defender',
      title: 'Justice for Azimzhan Askarov',
      defender: 'azimzhan-askarov',
      releaseTitle: result.release.title,
      publisher: result.release.publisher,
      date: result.release.date,
    })
    for (const r of rows) expect(r.status).toBe('draft')
    const { results: sources } = await env.DB.prepare(
      `select sentence from campaign_sources
      where campaign_id = (select id from campaigns where slug = ?) order by position`,
    )
      .bind(slugs[0])
      .all<{ sentence: string }>()
    expect(sources.map((s) => s.sentence)).toEqual(result.campaigns[0]!.sources)
    // A defender already on record keeps what the organisers wrote about them.
    const situation = await env.DB.prepare(
      `select t.situation from defender_translations t join defenders d on d.id = t.defender_id
      where d.slug = 'azimzhan-askarov' and t.lang = 'en'`,
    ).first<string>('situation')
    expect(situation).toBe(seededDefender)

    // Drafts are not public.
    for (const slug of slugs) {
      expect((await fetchWorker(`/campaigns/${slug}`)).status).toBe(404)
    }
    const list = await (
      await fetchWorker('/admin/campaigns?done=imported', { headers: { cookie: session.cookie } })
    ).text()
    expect(list).toContain('saved as drafts')
    expect(list).toContain(slugs[0])

    expect(await auditCount()).toBe(before + 1)
    const audit = await env.DB.prepare(
      "select detail from audit_log where action = 'import.save' order by id desc limit 1",
    ).first<string>('detail')
    expect(JSON.parse(audit!).campaigns).toEqual(slugs.filter((_, i) => i !== 1))
    expect(audit).not.toContain('Askarov')
    saved = slugs
  })

  it('refuses invalid input with 422, keeps the values and writes nothing', async () => {
    const before = await auditCount()
    const { values, slugs } = editedForm({
      'campaigns.0.title': '  ',
      'campaigns.2.summary': 'A summary I rewrote',
      'campaigns.3.slug': 'Not A Slug',
    })
    const res = await postForm('/admin/import/save', values, session)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Nothing was saved.')
    expect(html).toMatch(/id="f-campaigns-0-title-error">This field is required\./)
    expect(html).toContain('id="f-campaigns-3-slug-error"')
    expect(html).toContain('A summary I rewrote')
    expect(await campaignRows(slugs)).toEqual([])
    expect(await auditCount()).toBe(before)

    const none = editedForm(
      Object.fromEntries(result.campaigns.map((_, i) => [`campaigns.${i}.include`, null])),
    )
    const empty = await postForm('/admin/import/save', none.values, session)
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('Include at least one campaign.')
  })

  it('refuses a slug a published campaign already has, writing nothing', async () => {
    const before = await auditCount()
    const { values, slugs } = editedForm({
      'campaigns.0.slug': 'azimzhan-askarov',
      'campaigns.0.title': 'Should not replace the open campaign',
    })
    const res = await postForm('/admin/import/save', values, session)
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain('Already published, so not replaced: azimzhan-askarov')
    expect(html).toContain('id="f-campaigns-0-slug-error"')
    expect(await campaignRows(slugs.slice(1))).toEqual([])
    const [seeded] = await campaignRows(['azimzhan-askarov'])
    expect(seeded!.status).toBe('open')
    expect(seeded!.title).not.toBe('Should not replace the open campaign')
    expect(await auditCount()).toBe(before)
  })

  it('publishes a draft with the open action: then it is public with a count of 0', async () => {
    expect(saved.length).toBeGreaterThan(0)
    const slug = saved[0]!
    const res = await adminJson(`/api/v1/admin/campaigns/${slug}/open`, 'POST')
    expect(await res.json()).toEqual({ slug, status: 'open', changed: true })
    const page = await fetchWorker(`/campaigns/${slug}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Justice for Azimzhan Askarov')
    const { body } = await getJson<{ count: { confirmed: number; goal: number } }>(
      `/api/v1/campaigns/${slug}`,
    )
    expect(body.count).toMatchObject({ confirmed: 0, goal: result.campaigns[0]!.goal })
    expect(await (await fetchWorker('/')).text()).toContain(`/campaigns/${slug}`)
    // The others stay drafts.
    expect((await fetchWorker(`/campaigns/${saved[2]}`)).status).toBe(404)
  })
})
