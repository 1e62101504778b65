/** The embeddable widget: loader, widget document, framing, cookies, signing from the widget. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import widgetCss from '../public/static/widget.css?raw'
import widgetJs from '../public/static/widget.js?raw'
import { newApp } from '../src/app.ts'
import { forgetCachedPages } from '../src/middleware/page-cache/index.ts'
import { frameAncestors } from '../src/routes/embed.tsx'
import {
  awayFromMinuteEnd,
  fetchWorker,
  formSign,
  freshIp,
  mailsTo,
  uniqueEmail,
  updateCampaign,
} from './helpers.ts'

const SLUG = 'azimzhan-askarov'

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))
  return (await new Response(stream).arrayBuffer()).byteLength
}

function csp(res: Response): string {
  return res.headers.get('content-security-policy') ?? ''
}

/** The value of the CSP's `frame-ancestors` directive. */
function ancestors(res: Response): string | undefined {
  const directive = csp(res)
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('frame-ancestors '))
  return directive?.slice('frame-ancestors '.length)
}

/** POSTs the widget's form, as the iframe would. */
function widgetSign(
  slug: string,
  fields: Record<string, string>,
  { ip = freshIp(), query = '?lang=en' } = {},
) {
  return fetchWorker(`/embed/${slug}/sign${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

const validFields = (email = uniqueEmail('widget')) => ({
  name: 'Ғалымжан Әбілқайыров',
  email,
  country: 'KZ',
  consent: 'yes',
  lang: 'en',
})

async function signatureRows(): Promise<number> {
  const row = await env.DB.prepare('select count(*) as n from signatures').first<{ n: number }>()
  return row!.n
}

const setCampaign = updateCampaign

afterEach(async () => {
  await setCampaign(SLUG, "allowed_origins = '[]', status = 'open'")
})

describe('GET /embed.js', () => {
  it('is a small, cacheable script: text/javascript, under 2 KiB gzipped', async () => {
    const res = await fetchWorker('/embed.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(res.headers.get('set-cookie')).toBeNull()
    const js = await res.text()
    expect(await gzipSize(js)).toBeLessThanOrEqual(2048)
    // The maintainers' comments are not shipped; the code is one IIFE with the checks.
    expect(js).not.toMatch(/^\s*\/\//m)
    expect(js.startsWith(';(() => {')).toBe(true)
    expect(js.trimEnd().endsWith('})()')).toBe(true)
    for (const part of ['standwith:height', 'event.origin !== origin', 'frame.contentWindow']) {
      expect(js).toContain(part)
    }
  })

  it('answers 304 to a matching If-None-Match', async () => {
    const etag = (await fetchWorker('/embed.js')).headers.get('etag')
    expect(etag).toMatch(/^"[0-9a-f]{24}"$/)
    const again = await fetchWorker('/embed.js', { headers: { 'if-none-match': etag! } })
    expect(again.status).toBe(304)
  })
})

describe('GET /embed/:slug', () => {
  it('shows defender, ask, count and the sign form, under 15 KiB gzipped with CSS and JS', async () => {
    for (const lang of ['en', 'ru']) {
      const res = await fetchWorker(`/embed/${SLUG}?lang=${lang}`)
      expect(res.status).toBe(200)
      const html = await res.text()
      const total =
        (await gzipSize(html)) + (await gzipSize(widgetCss)) + (await gzipSize(widgetJs))
      expect(total, lang).toBeLessThanOrEqual(15 * 1024)
      expect(html).toContain(`<html lang="${lang}" data-theme="light">`)
    }
    const html = await (await fetchWorker(`/embed/${SLUG}?lang=en`)).text()
    expect(html).toContain('<h1 id="w-campaign">Justice for Azimzhan Askarov</h1>')
    expect(html).toContain('Azimzhan Askarov')
    expect(html).toContain('Kyrgyzstan')
    expect(html).toContain('What we ask')
    expect(html).toMatch(/0 of 10,000 signatures/)
    expect(html).toContain('aria-valuemax="10000" aria-valuenow="0"')
    expect(html).toContain(`action="/embed/${SLUG}/sign?lang=en"`)
    expect(html).toContain('<input type="hidden" name="lang" value="en"/>')
    for (const field of ['name', 'email', 'country', 'consent']) {
      expect(html).toContain(`<label for="w-${field}">`)
    }
    expect(html).toContain(
      `<a href="http://localhost:8787/campaigns/${SLUG}?lang=en" target="_blank" rel="noopener">`,
    )
    // Its only subresources are this origin's stylesheet and script.
    const subresources = [
      ...html.matchAll(/<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"/g),
    ]
    expect(subresources.map((m) => m[1])).toEqual(['/static/widget.css', '/static/widget.js'])
    expect(html).not.toMatch(/<script(?![^>]*src=)/)
  })

  it('speaks the language of ?lang=, else Accept-Language; never the lang cookie', async () => {
    const ru = await (await fetchWorker(`/embed/${SLUG}?lang=ru`)).text()
    expect(ru).toContain('<html lang="ru"')
    expect(ru).toContain('Наши требования')
    expect(ru).toContain(`action="/embed/${SLUG}/sign?lang=ru"`)
    const negotiated = await fetchWorker(`/embed/${SLUG}`, {
      headers: { 'accept-language': 'ru-RU,ru;q=0.9', cookie: 'lang=en' },
    })
    expect(await negotiated.text()).toContain('<html lang="ru"')
    const cookieOnly = await fetchWorker(`/embed/${SLUG}`, {
      headers: { 'accept-language': 'en', cookie: 'lang=ru' },
    })
    expect(await cookieOnly.text()).toContain('<html lang="en"')
  })

  it('keeps a valid theme and accent through the form post; ignores invalid ones', async () => {
    const html = await (await fetchWorker(`/embed/${SLUG}?theme=dark&accent=0A7F3C`)).text()
    expect(html).toContain('data-theme="dark" data-accent="#0a7f3c"')
    expect(html).toContain(`action="/embed/${SLUG}/sign?lang=en&amp;theme=dark&amp;accent=0a7f3c"`)
    const bad = await (
      await fetchWorker(`/embed/${SLUG}?theme=%22%3E&accent=red%22%3E%3Cscript%3E`)
    ).text()
    expect(bad).toContain('<html lang="en" data-theme="light">')
    expect(bad).not.toContain('<script>')
  })

  it('says a closed campaign is closed and shows no form', async () => {
    await setCampaign(SLUG, "status = 'closed'")
    const res = await fetchWorker(`/embed/${SLUG}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('This campaign is closed')
    expect(html).not.toContain('<form')
  })

  it('answers an unknown or malformed slug with a small 404 document that may be framed', async () => {
    for (const slug of ['no-such-campaign', 'Bad_Slug', 'a'.repeat(81)]) {
      const res = await fetchWorker(`/embed/${slug}`)
      expect(res.status).toBe(404)
      const html = await res.text()
      expect(html).toContain('Page not found')
      expect(html.length).toBeLessThan(2000)
      expect(ancestors(res)).toBeUndefined()
    }
  })
})

describe('framing', () => {
  it('lets any page frame the widget, its sign answers and thanks; nothing else', async () => {
    const framed = [
      await fetchWorker(`/embed/${SLUG}`),
      await fetchWorker(`/embed/${SLUG}/thanks?lang=en`),
      await widgetSign(SLUG, { name: '', lang: 'en' }),
    ]
    for (const res of framed) {
      expect(res.status).not.toBe(303)
      expect(ancestors(res)).toBeUndefined()
      expect(res.headers.get('x-frame-options')).toBeNull()
      expect(res.headers.get('cross-origin-embedder-policy')).toBeNull()
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    }
    for (const path of ['/', `/campaigns/${SLUG}`, `/campaigns/${SLUG}/thanks`, '/embed.js']) {
      const res = await fetchWorker(path)
      expect(ancestors(res), path).toBe("'none'")
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
    }
  })

  it("allows only the campaign's partner origins when it lists them", async () => {
    await setCampaign(SLUG, 'allowed_origins = ?', '["https://a.org", "https://b.org:8443/"]')
    for (const res of [
      await fetchWorker(`/embed/${SLUG}`),
      await fetchWorker(`/embed/${SLUG}/thanks`),
      await widgetSign(SLUG, { name: '', lang: 'en' }),
    ]) {
      expect(ancestors(res)).toBe('https://a.org https://b.org:8443')
      expect(res.headers.get('x-frame-options')).toBeNull()
    }
  })

  it('writes only plain origins into the header; a list of nothing usable allows no one', () => {
    expect(frameAncestors([])).toBe('*')
    expect(frameAncestors(['https://a.org', 'https://a.org/', 'http://localhost:8788'])).toBe(
      'https://a.org http://localhost:8788',
    )
    expect(frameAncestors(['https://*.a.org'])).toBe('https://*.a.org')
    expect(
      frameAncestors([
        "https://a.org; script-src 'unsafe-inline'",
        'https://a.org/page',
        'https://a.org/?x=1',
        'https://user:pw@a.org',
        'javascript:alert(1)',
        'data:text/html,x',
        '*',
        42,
      ]),
    ).toBe("'none'")
  })
})

describe('the page cache in front of the widget', () => {
  it('keeps the framing rules, the language and the look on cached answers', async () => {
    const app = newApp()
    const get = async (path: string) => {
      const ctx = createExecutionContext()
      const res = await app.fetch(
        new Request(`http://localhost:8787${path}`, { headers: { cookie: 'lang=en' } }),
        { ...env, PAGE_CACHE_SECONDS: '5' },
        ctx,
      )
      await waitOnExecutionContext(ctx)
      return res
    }
    forgetCachedPages()
    await setCampaign(SLUG, 'allowed_origins = ?', '["https://a.org"]')
    const path = `/embed/${SLUG}?lang=ru&theme=dark`
    const first = await get(path)
    const second = await get(path)
    expect(second.headers.get('x-cache')).toBe('memory')
    for (const res of [first, second]) {
      expect(ancestors(res)).toBe('https://a.org')
      expect(res.headers.get('x-frame-options')).toBeNull()
      expect(res.headers.get('set-cookie')).toBeNull()
      expect([...res.headers.keys()].some((k) => k.startsWith('x-standwith'))).toBe(false)
    }
    const html = await second.text()
    expect(html).toContain('<html lang="ru" data-theme="dark">')
    // Another look is another entry.
    expect((await get(`/embed/${SLUG}?lang=ru`)).headers.get('x-cache')).toBe('miss')
    forgetCachedPages()
  })
})

describe('no cookies on /embed*', () => {
  it('sets no cookie, whatever the language', async () => {
    const responses = [
      await fetchWorker('/embed.js?lang=ru'),
      await fetchWorker(`/embed/${SLUG}?lang=ru`),
      await fetchWorker(`/embed/${SLUG}/thanks?lang=ru`),
      await fetchWorker('/embed/no-such-campaign?lang=ru'),
      await widgetSign(SLUG, { name: '', lang: 'ru' }, { query: '?lang=ru' }),
      await widgetSign(SLUG, validFields(), { query: '?lang=ru' }),
    ]
    for (const res of responses) expect(res.headers.get('set-cookie'), res.url).toBeNull()
    // The campaign page still remembers an explicit choice.
    expect((await fetchWorker(`/campaigns/${SLUG}?lang=ru`)).headers.get('set-cookie')).toContain(
      'lang=ru',
    )
  })
})

describe('signing from the widget', () => {
  it('re-renders an invalid form with 422, values kept and errors beside their fields', async () => {
    const res = await widgetSign(SLUG, {
      name: 'Oʻgʻiloy Xoʻjayeva',
      email: 'not-an-email',
      country: 'UZ',
      lang: 'en',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(ancestors(res)).toBeUndefined()
    expect(html).toContain('<h1 id="w-campaign">')
    expect(html).toContain('value="Oʻgʻiloy Xoʻjayeva"')
    expect(html).toContain('<option value=UZ selected>')
    expect(html).toContain('<p class="field-error" id="w-email-error">')
    expect(html).toContain('<p class="field-error" id="w-consent-error">')
    expect(html).toContain('aria-describedby="w-email-hint w-email-error"')
    expect(html).toContain('role="alert"')
    expect(html).toContain(`action="/embed/${SLUG}/sign?lang=en"`)
  })

  it('records a valid signature: the thanks state as the answer, and a confirmation mail', async () => {
    const email = uniqueEmail('widget')
    const res = await widgetSign(SLUG, validFields(email))
    // The signer's own thanks (with their masked address) answers the POST: no cookie, no URL.
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const own = await res.text()
    expect(own).toContain('Thank you — one more step')
    expect(own).toContain(`action="/embed/${SLUG}/thanks?lang=en"`)
    expect(own).not.toContain(email)
    const [mail] = await mailsTo(email)
    expect(mail?.subject).toMatch(/confirm/i)
    expect(mail?.links.some((l) => new URL(l).pathname.startsWith('/confirm/'))).toBe(true)

    // Anyone else opening the thanks URL gets the generic state, without a form.
    const thanks = await fetchWorker(`/embed/${SLUG}/thanks?lang=en`)
    expect(thanks.status).toBe(200)
    const html = await thanks.text()
    expect(html).toContain('Thank you — one more step')
    expect(html).not.toContain('<form')
  })

  it('keeps the language and look through the post, and mails in that language', async () => {
    const email = uniqueEmail('widget-ru')
    const res = await widgetSign(
      SLUG,
      { ...validFields(email), lang: 'ru' },
      { query: '?lang=ru&theme=dark&accent=0a7f3c' },
    )
    expect(res.status).toBe(200)
    const thanks = await res.text()
    expect(thanks).toContain(
      `action="/embed/${SLUG}/thanks?lang=ru&amp;theme=dark&amp;accent=0a7f3c"`,
    )
    const [mail] = await mailsTo(email)
    expect(mail?.subject).toMatch(/[а-я]/i)
    expect(thanks).toContain('<html lang="ru" data-theme="dark" data-accent="#0a7f3c">')
    expect(thanks).toContain('Спасибо!')
  })

  it('answers a honeypot hit with the same thanks, and records nothing', async () => {
    const email = uniqueEmail('bot')
    const before = await signatureRows()
    const res = await widgetSign(SLUG, { ...validFields(email), website: 'http://spam.example' })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`action="/embed/${SLUG}/thanks?lang=en"`)
    expect(await signatureRows()).toBe(before)
    expect(await mailsTo(email, { timeoutMs: 300 })).toEqual([])
  })

  it('shares the hard per-IP rate limit with the campaign page: 429 in the widget', async () => {
    await awayFromMinuteEnd()
    const ip = freshIp()
    for (let i = 0; i < 10; i++) {
      const res = await formSign(SLUG, { ...validFields(), consent: 'yes' }, ip)
      expect(res.status).toBe(303)
    }
    const res = await widgetSign(SLUG, validFields(), { ip })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(ancestors(res)).toBeUndefined()
    expect(await res.text()).toContain('Too many submissions')
  })

  it('refuses a closed campaign with 410 and no form; an unknown one with 404', async () => {
    await setCampaign(SLUG, "status = 'closed'")
    const closed = await widgetSign(SLUG, validFields())
    expect(closed.status).toBe(410)
    const html = await closed.text()
    expect(html).toContain('This campaign is closed')
    expect(html).not.toContain('<form')
    expect((await widgetSign('no-such-campaign', validFields())).status).toBe(404)
  })

  it('answers an oversized form with 413 in the widget', async () => {
    const res = await widgetSign(SLUG, { ...validFields(), comment: 'x'.repeat(20_000) })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('The submission is too large.')
  })
})

describe('the campaign page', () => {
  it('offers the embed snippet with the public origin and a copy button', async () => {
    const html = await (await fetchWorker(`/campaigns/${SLUG}`)).text()
    const snippet = `<script src="http://localhost:8787/embed.js" data-campaign="${SLUG}" async></script>`
    const escaped = snippet.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    expect(html).toContain('<h2 id="embed-title">Embed this campaign</h2>')
    expect(html.replaceAll('&quot;', '"')).toContain(`<pre><code>${escaped}</code></pre>`)
    expect(html).toContain(
      `data-copy="${snippet.replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}"`,
    )
    // After the share links.
    expect(html.indexOf('id="embed-title"')).toBeGreaterThan(html.indexOf('id="share-title"'))
  })
})
