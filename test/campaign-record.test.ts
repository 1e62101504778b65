/**
 * Sharing and campaigns that stay true (issue 16, items 4 and 7): share tags, the campaign
 * image in R2, dated updates, the review date, and the outcome a closed campaign shows.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminJson, bearer, login, postForm, type Session } from './admin-helpers.ts'
import { apiSign, fetchWorker, validSignature } from './helpers.ts'
import { freshCampaign } from './recount.ts'

let session: Session
beforeAll(async () => {
  session = await login()
})

/** A 1×1 PNG (the smallest real one), and the other formats by their magic bytes. */
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  ),
  (ch) => ch.charCodeAt(0),
)
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1])
const WEBP = new Uint8Array([82, 73, 70, 70, 26, 0, 0, 0, 87, 69, 66, 80, 86, 80, 56, 76])

function imageForm(bytes: Uint8Array, fields: Record<string, string> = {}, name = 'photo.png') {
  const form = new FormData()
  form.set('image', new File([bytes], name, { type: 'image/png' }))
  form.set('alt.en', 'Azimzhan Askarov in court, behind bars')
  form.set('alt.ru', 'Азимжан Аскаров в зале суда, за решёткой')
  form.set('credit', 'IPHR')
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  return form
}

function uploadImage(slug: string, form: FormData, headers: Record<string, string> = bearer()) {
  return fetchWorker(`/api/v1/admin/campaigns/${slug}/image`, {
    method: 'POST',
    headers,
    body: form,
  })
}

const meta = (html: string, property: string) =>
  html.match(new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`))?.[1]

async function page(slug: string, lang = 'en') {
  const res = await fetchWorker(`/campaigns/${slug}?lang=${lang}`)
  expect(res.status).toBe(200)
  return res.text()
}

async function lastAudit(action: string) {
  return env.DB.prepare(
    'select actor, subject, detail from audit_log where action = ? order by id desc limit 1',
  )
    .bind(action)
    .first<{ actor: string; subject: string; detail: string | null }>()
}

describe('share tags', () => {
  it('a campaign page names its title, summary, absolute URL and a PNG card', async () => {
    const html = await page('azimzhan-askarov')
    expect(meta(html, 'og:title')).toBe('Justice for Azimzhan Askarov')
    expect(meta(html, 'og:description')?.length).toBeGreaterThan(20)
    expect(meta(html, 'og:url')).toBe(`${env.PUBLIC_ORIGIN}/campaigns/azimzhan-askarov`)
    expect(meta(html, 'og:image')).toBe(`${env.PUBLIC_ORIGIN}/static/cards/defender-en.png`)
    expect(meta(html, 'og:image:width')).toBe('1200')
    expect(meta(html, 'twitter:card')).toBe('summary_large_image')
    const ru = await page('azimzhan-askarov', 'ru')
    expect(meta(ru, 'og:url')).toBe(`${env.PUBLIC_ORIGIN}/campaigns/azimzhan-askarov?lang=ru`)
    expect(meta(ru, 'og:image')).toBe(`${env.PUBLIC_ORIGIN}/static/cards/defender-ru.png`)
    expect(meta(ru, 'og:locale')).toBe('ru_RU')
  })

  it('the home page and a defender page carry them too', async () => {
    const home = await (await fetchWorker('/')).text()
    expect(meta(home, 'og:image')).toBe(`${env.PUBLIC_ORIGIN}/static/cards/general-en.png`)
    expect(meta(home, 'og:url')).toBe(`${env.PUBLIC_ORIGIN}/`)
    expect(meta(home, 'twitter:card')).toBe('summary_large_image')
    const defender = await (await fetchWorker('/defenders/azimzhan-askarov')).text()
    expect(meta(defender, 'og:title')).toBe('Azimzhan Askarov')
    expect(meta(defender, 'og:image')).toMatch(/^http.*\/static\/cards\/defender-en\.png$/)
  })
})

describe('the campaign image', () => {
  it('an editor uploads one: the page shows it with alt text and credit, and shares it', async () => {
    const { slug } = await freshCampaign()
    const res = await uploadImage(slug, imageForm(PNG))
    expect(res.status).toBe(201)
    const { image } = (await res.json()) as { image: { url: string; type: string } }
    expect(image.type).toBe('image/png')
    expect(image.url).toMatch(new RegExp(`^/media/campaigns/${slug}/[0-9a-f]{32}\\.png$`))

    const html = await page(slug)
    expect(html).toContain(`<img src="${image.url}" alt="Azimzhan Askarov in court, behind bars"/>`)
    expect(html).toContain('<figcaption>Photo: IPHR</figcaption>')
    expect(meta(html, 'og:image')).toBe(`${env.PUBLIC_ORIGIN}${image.url}`)
    expect(meta(html, 'og:image:alt')).toBe('Azimzhan Askarov in court, behind bars')
    const ru = await page(slug, 'ru')
    expect(ru).toContain('alt="Азимжан Аскаров в зале суда, за решёткой"')
    expect(ru).toContain('<figcaption>Фото: IPHR</figcaption>')

    const { image: inApi } = (await (await fetchWorker(`/api/v1/campaigns/${slug}`)).json()) as {
      image: unknown
    }
    expect(inApi).toEqual({
      url: `${env.PUBLIC_ORIGIN}${image.url}`,
      alt: {
        en: 'Azimzhan Askarov in court, behind bars',
        ru: 'Азимжан Аскаров в зале суда, за решёткой',
      },
      credit: 'IPHR',
    })

    const served = await fetchWorker(image.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG)
    const again = await fetchWorker(image.url, {
      headers: { 'if-none-match': served.headers.get('etag')! },
    })
    expect(again.status).toBe(304)

    const audit = await lastAudit('campaign.image.set')
    expect(audit).toMatchObject({ actor: 'person:1', subject: slug })
  })

  it('takes JPEG and WebP by their bytes, and refuses anything else whatever it is called', async () => {
    const { slug } = await freshCampaign()
    const jpeg = await uploadImage(slug, imageForm(JPEG, {}, 'x.png'))
    expect(jpeg.status).toBe(201)
    expect(((await jpeg.json()) as { image: { url: string } }).image.url).toMatch(/\.jpg$/)
    const webp = await uploadImage(slug, imageForm(WEBP))
    expect(((await webp.json()) as { image: { url: string } }).image.url).toMatch(/\.webp$/)

    const html = new TextEncoder().encode('<svg onload="alert(1)"></svg>')
    const refused = await uploadImage(slug, imageForm(html, {}, 'evil.png'))
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ issues: [{ field: 'image' }] })
    const noAlt = await uploadImage(slug, imageForm(PNG, { 'alt.en': '', 'alt.ru': '' }))
    expect(noAlt.status).toBe(400)
    expect(await noAlt.json()).toMatchObject({ issues: [{ field: 'alt' }] })
    const big = new Uint8Array(2 * 1024 * 1024 + 1)
    big.set(PNG)
    expect((await uploadImage(slug, imageForm(big))).status).toBe(413)
    expect((await uploadImage(slug, imageForm(PNG), {})).status).toBe(401)
    expect((await uploadImage('no-such-campaign', imageForm(PNG))).status).toBe(404)
  })

  it('a replaced or removed image is gone from R2, and the page shares the card again', async () => {
    const { slug } = await freshCampaign()
    const first = (await (await uploadImage(slug, imageForm(PNG))).json()) as {
      image: { url: string }
    }
    await uploadImage(slug, imageForm(JPEG))
    expect((await fetchWorker(first.image.url)).status).toBe(404)
    const removed = await fetchWorker(`/api/v1/admin/campaigns/${slug}/image`, {
      method: 'DELETE',
      headers: bearer(),
    })
    expect(removed.status).toBe(200)
    const listed = await env.MEDIA.list({ prefix: `campaigns/${slug}/` })
    expect(listed.objects).toEqual([])
    const html = await page(slug)
    expect(html).not.toContain('<figure class="campaign-image">')
    expect(meta(html, 'og:image')).toMatch(/\/static\/cards\/general-en\.png$/)
  })

  it('the admin page uploads through a multipart form with its CSRF token', async () => {
    const { slug } = await freshCampaign()
    const form = imageForm(PNG)
    form.set('_csrf', session.csrf)
    const res = await fetchWorker(`/admin/campaigns/${slug}/image`, {
      method: 'POST',
      headers: { origin: 'http://localhost:8787', cookie: session.cookie },
      body: form,
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
    expect(await page(slug)).toContain('<figcaption>Photo: IPHR</figcaption>')
    const bad = imageForm(new TextEncoder().encode('GIF89a'))
    bad.set('_csrf', session.csrf)
    const refused = await fetchWorker(`/admin/campaigns/${slug}/image`, {
      method: 'POST',
      headers: { origin: 'http://localhost:8787', cookie: session.cookie },
      body: bad,
      redirect: 'manual',
    })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('The image must be a PNG, JPEG or WebP file.')
    const noCsrf = await fetchWorker(`/admin/campaigns/${slug}/image`, {
      method: 'POST',
      headers: { origin: 'http://localhost:8787', cookie: session.cookie },
      body: imageForm(PNG),
      redirect: 'manual',
    })
    expect(noCsrf.status).toBe(403)
  })
})

describe('updates and the review date', () => {
  it('an editor adds dated updates with sources; the page lists them newest first', async () => {
    const { slug } = await freshCampaign()
    const older = await adminJson(`/api/v1/admin/campaigns/${slug}/updates`, 'POST', {
      postedOn: '2010-12-10',
      text: { en: 'The appeal was lodged.', ru: 'Подана апелляция.' },
      sourceUrl: 'https://www.iphronline.org/askarov.html',
    })
    expect(older.status).toBe(201)
    const newer = await adminJson(`/api/v1/admin/campaigns/${slug}/updates`, 'POST', {
      postedOn: '2011-03-01',
      text: { en: 'A hearing was set.' },
    })
    expect(newer.status).toBe(201)

    const html = await page(slug)
    expect(html).toContain('<h2 id="updates-title">Updates</h2>')
    expect(html).toContain('<time datetime="2010-12-10">10 December 2010</time>')
    expect(html.indexOf('A hearing was set.')).toBeLessThan(html.indexOf('The appeal was lodged.'))
    expect(html).toContain('href="https://www.iphronline.org/askarov.html"')
    const ru = await page(slug, 'ru')
    expect(ru).toContain('<time datetime="2010-12-10">10 декабря 2010 г.</time>')
    expect(ru).toContain('Подана апелляция.')
    // Written only in English: shown in English, marked as such.
    expect(ru).toContain('<p lang="en">A hearing was set.</p>')

    const audit = await lastAudit('campaign.update.add')
    expect(audit).toMatchObject({ actor: 'person:1', subject: slug })
    const { id } = (await newer.json()) as { id: number }
    const deleted = await adminJson(`/api/v1/admin/campaigns/${slug}/updates/${id}`, 'DELETE')
    expect(deleted.status).toBe(200)
    expect(await page(slug)).not.toContain('A hearing was set.')
    // Another campaign's update, or one already gone: 404, and no audit row.
    const { id: olderId } = (await older.json()) as { id: number }
    const other = await freshCampaign()
    const before = await env.DB.prepare('select count(*) as n from audit_log').first<number>('n')
    const foreign = await adminJson(
      `/api/v1/admin/campaigns/${other.slug}/updates/${olderId}`,
      'DELETE',
    )
    expect(foreign.status).toBe(404)
    expect(
      (await adminJson(`/api/v1/admin/campaigns/${slug}/updates/${id}`, 'DELETE')).status,
    ).toBe(404)
    expect(await env.DB.prepare('select count(*) as n from audit_log').first<number>('n')).toBe(
      before,
    )
    expect(await page(slug)).toContain('The appeal was lodged.')
  })

  it('refuses an update without text, with a future date or a script URL, and changes nothing', async () => {
    const { slug } = await freshCampaign()
    const post = (body: unknown) =>
      adminJson(`/api/v1/admin/campaigns/${slug}/updates`, 'POST', body)
    const cases: [unknown, string][] = [
      [{ postedOn: '2010-12-10', text: { en: ' ', ru: '' } }, 'text'],
      [{ postedOn: '2999-01-01', text: { en: 'x' } }, 'postedOn'],
      [{ postedOn: '2010-02-30', text: { en: 'x' } }, 'postedOn'],
      [
        { postedOn: '2010-12-10', text: { en: 'x' }, sourceUrl: 'javascript:alert(1)' },
        'sourceUrl',
      ],
      [{ postedOn: '2010-12-10', text: { en: 'x\u202e' } }, 'text.en'],
    ]
    for (const [body, field] of cases) {
      const res = await post(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(((await res.json()) as { issues: { field: string }[] }).issues[0]?.field).toBe(field)
    }
    expect(await page(slug)).not.toContain('updates-title')
  })

  it('shows "last reviewed on" in en-GB and in Russian with one full stop', async () => {
    const { slug } = await freshCampaign()
    const res = await adminJson(`/api/v1/admin/campaigns/${slug}/review`, 'PUT', {
      reviewedOn: '2010-12-10',
    })
    expect(res.status).toBe(200)
    expect(await page(slug)).toContain('<p class="reviewed">Last reviewed on 10 December 2010.</p>')
    const ru = await page(slug, 'ru')
    expect(ru).toContain('<p class="reviewed">Сведения проверены 10 декабря 2010 г.</p>')
    expect(ru).not.toContain('г..')
    // Without a date: today.
    await adminJson(`/api/v1/admin/campaigns/${slug}/review`, 'PUT', {})
    const today = new Date().toISOString().slice(0, 10)
    expect(await lastAudit('campaign.review')).toMatchObject({
      subject: slug,
      detail: JSON.stringify({ reviewedOn: today }),
    })
  })

  it('the admin page adds an update and shows the errors of a refused one', async () => {
    const { slug } = await freshCampaign()
    const ok = await postForm(
      `/admin/campaigns/${slug}/updates`,
      { postedOn: '2010-12-10', 'text.en': 'Moved to a prison hospital.', 'text.ru': '' },
      session,
    )
    expect(ok.status).toBe(303)
    expect(await page(slug)).toContain('Moved to a prison hospital.')
    const edit = await (
      await fetchWorker(`/admin/campaigns/${slug}`, { headers: { cookie: session.cookie } })
    ).text()
    expect(edit).toContain('Moved to a prison hospital.')
    const refused = await postForm(
      `/admin/campaigns/${slug}/updates`,
      { postedOn: '2010-12-10', 'text.en': '', 'text.ru': '' },
      session,
    )
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('Write it in at least one language.')
  })
})

describe('closing with an outcome', () => {
  it('closes the campaign: the page and the widget show the outcome, signing answers 410', async () => {
    const { slug } = await freshCampaign()
    const res = await adminJson(`/api/v1/admin/campaigns/${slug}/outcome`, 'PUT', {
      outcome: 'released',
      note: { en: 'He was released on 15 May 2020', ru: 'Освобождён 15 мая 2020 г.' },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'closed' })
    const api = (await (await fetchWorker(`/api/v1/campaigns/${slug}`)).json()) as Record<
      string,
      unknown
    >
    expect(api).toMatchObject({ status: 'closed', outcome: { kind: 'released' } })

    const html = await page(slug)
    expect(html).toContain('Outcome: released')
    expect(html).toContain('He was released on 15 May 2020.')
    expect(html).not.toContain('class="sign-form"')
    const ru = await page(slug, 'ru')
    expect(ru).toContain('Итог: освобождение')
    expect(ru).toContain('Освобождён 15 мая 2020 г.<')
    const widget = await (await fetchWorker(`/embed/${slug}?lang=en`)).text()
    expect(widget).toContain('Outcome: released')

    expect((await apiSign(slug, validSignature())).status).toBe(410)
    expect(await lastAudit('campaign.close')).toMatchObject({ actor: 'person:1', subject: slug })
  })

  it('takes the three outcomes and free text; "other" needs words; a draft has none', async () => {
    const { slug } = await freshCampaign()
    const put = (body: unknown, s = slug) =>
      adminJson(`/api/v1/admin/campaigns/${s}/outcome`, 'PUT', body)
    expect((await put({ outcome: 'other' })).status).toBe(400)
    expect((await put({ outcome: 'pardoned' })).status).toBe(400)
    expect((await put({ outcome: 'charges-dropped' })).status).toBe(200)
    expect(await page(slug)).toContain('Outcome: charges dropped')
    expect((await put({ outcome: 'died-in-custody' })).status).toBe(200)
    expect(await page(slug)).toContain('Outcome: died in custody')
    expect(await lastAudit('campaign.outcome')).toMatchObject({ subject: slug })
    expect(
      (await put({ outcome: 'other', note: { en: 'The case was sent back for retrial' } })).status,
    ).toBe(200)
    expect(await page(slug)).toContain('The case was sent back for retrial.')
    const draft = await freshCampaign({ status: 'draft' })
    expect((await put({ outcome: 'released' }, draft.slug)).status).toBe(409)
  })

  it('the admin page closes a campaign with an outcome', async () => {
    const { slug } = await freshCampaign()
    const res = await postForm(
      `/admin/campaigns/${slug}/outcome`,
      { outcome: 'charges-dropped', 'note.en': '', 'note.ru': '' },
      session,
    )
    expect(res.status).toBe(303)
    expect(await page(slug)).toContain('Outcome: charges dropped')
    const refused = await postForm(`/admin/campaigns/${slug}/outcome`, { outcome: '' }, session)
    expect(refused.status).toBe(422)
  })
})
