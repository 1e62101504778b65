import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  apiSign,
  fetchWorker,
  freshIp,
  uniqueEmail,
  updateCampaign,
  validSignature,
} from './helpers.ts'

const SLUG = 'farid-tukhbatullin'

async function rowCount(): Promise<number> {
  const row = await env.DB.prepare('select count(*) as n from signatures').first<{ n: number }>()
  return row!.n
}

async function tallySum(): Promise<number> {
  const row = await env.DB.prepare('select coalesce(sum(n), 0) as n from tallies').first<{
    n: number
  }>()
  return row!.n
}

/** Sends a request and checks that it changed nothing in the database. */
async function expectNoChange(send: () => Promise<Response>) {
  const [rows, sums] = [await rowCount(), await tallySum()]
  const res = await send()
  expect(await rowCount()).toBe(rows)
  expect(await tallySum()).toBe(sums)
  return res
}

async function expectError(res: Response, status: number, error: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toContain('application/json')
  const body = (await res.json()) as {
    error: string
    message: string
    issues?: { field: string; message: string }[]
  }
  expect(body.error).toBe(error)
  expect(body.message.length).toBeGreaterThan(5)
  return body
}

describe('bad input to POST /api/v1/campaigns/:slug/signatures changes nothing', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const res = await expectNoChange(() => apiSign(SLUG, '{"name": "x", '))
    await expectError(res, 400, 'invalid_json')
  })

  it('a JSON body that is not an object → 400', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const res = await expectNoChange(() => apiSign(SLUG, body))
      const err = await expectError(res, 400, 'invalid')
      expect(err.issues).toEqual([{ field: 'body', message: expect.any(String) }])
    }
  })

  it('wrong or missing content type → 415', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/jsonp',
      '',
    ]) {
      const res = await expectNoChange(() =>
        fetchWorker(`/api/v1/campaigns/${SLUG}/signatures`, {
          method: 'POST',
          headers: { 'content-type': type, 'cf-connecting-ip': freshIp() },
          body: JSON.stringify(validSignature()),
        }),
      )
      await expectError(res, 415, 'unsupported_media_type')
    }
  })

  it('accepts application/json with a charset', async () => {
    const res = await apiSign(SLUG, validSignature(), freshIp(), {
      'content-type': 'application/json; charset=utf-8',
    })
    expect(res.status).toBe(202)
  })

  it('a body over 16 KiB → 413, before parsing, whatever Content-Length says', async () => {
    const big = JSON.stringify(validSignature({ comment: 'x'.repeat(17 * 1024) }))
    await expectError(await expectNoChange(() => apiSign(SLUG, big)), 413, 'payload_too_large')
    // A stream without Content-Length is cut off too.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)))
        controller.close()
      },
    })
    const res = await expectNoChange(() =>
      fetchWorker(`/api/v1/campaigns/${SLUG}/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
        body: stream,
        // @ts-expect-error workerd needs duplex for a stream body
        duplex: 'half',
      }),
    )
    await expectError(res, 413, 'payload_too_large')
  })

  it('invalid UTF-8 → 400', async () => {
    const res = await expectNoChange(() =>
      fetchWorker(`/api/v1/campaigns/${SLUG}/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
        body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      }),
    )
    await expectError(res, 400, 'invalid_encoding')
  })

  it('missing fields → 400 with one issue per field', async () => {
    const res = await expectNoChange(() => apiSign(SLUG, {}))
    const body = await expectError(res, 400, 'invalid')
    expect(body.issues!.map((i) => i.field).sort()).toEqual(['consent', 'country', 'email', 'name'])
    expect(body.issues!.find((i) => i.field === 'consent')!.message).toMatch(/consent/i)
  })

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['overlong name', { name: 'a'.repeat(101) }, 'name', /too long/],
    ['overlong city', { city: 'c'.repeat(101) }, 'city', /too long/],
    ['overlong comment', { comment: 'c'.repeat(1001) }, 'comment', /too long/],
    ['blank name', { name: '   ' }, 'name', /required/],
    ['null byte in name', { name: 'Ada\u0000Lovelace' }, 'name', /control/],
    ['control character', { name: 'Ada\u0007' }, 'name', /control/],
    ['newline in a name', { name: 'Ada\nLovelace' }, 'name', /control/],
    ['bidi override (RLO)', { name: 'Ada \u202egnp.exe' }, 'name', /direction/],
    ['bidi isolate', { city: '\u2067Tashkent\u2069' }, 'city', /direction/],
    ['bidi override in comment', { comment: 'ok\u202d' }, 'comment', /direction/],
    ['invalid email', { email: 'ada@' }, 'email', /email/],
    ['email with spaces', { email: 'ada lovelace@example.org' }, 'email', /email/],
    ['email without a dot', { email: 'ada@localhost' }, 'email', /email/],
    [
      'overlong email',
      { email: `${'a'.repeat(60)}@${'b'.repeat(200)}.org` },
      'email',
      /too long|email/,
    ],
    ['unknown country', { country: 'XX' }, 'country', /country/i],
    ['country name instead of code', { country: 'Kyrgyzstan' }, 'country', /country/i],
    ['consent false', { consent: false }, 'consent', /consent/i],
    ['consent as a string', { consent: 'yes' }, 'consent', /consent/i],
    ['name as a number', { name: 42 }, 'name', /type/],
    ['flag as a string', { showName: 'true' }, 'showName', /type/],
  ]
  it.each(cases)('%s → 400 on the field', async (_label, override, field, message) => {
    const res = await expectNoChange(() => apiSign(SLUG, validSignature(override)))
    const body = await expectError(res, 400, 'invalid')
    const issue = body.issues!.find((i) => i.field === field)
    expect(issue, JSON.stringify(body.issues)).toBeDefined()
    expect(issue!.message).toMatch(message)
  })

  it('accepts a lower-case country code and stores it upper-case', async () => {
    const email = uniqueEmail()
    expect((await apiSign(SLUG, validSignature({ email, country: 'kg' }))).status).toBe(202)
    const row = await env.DB.prepare(
      "select country from signatures where country = 'KG' limit 1",
    ).first()
    expect(row).toEqual({ country: 'KG' })
  })

  it('unknown campaign → 404, closed campaign → 410', async () => {
    await expectError(
      await expectNoChange(() => apiSign('no-such', validSignature())),
      404,
      'not_found',
    )
    await updateCampaign('surat-ikramov', "status = 'closed'")
    try {
      const res = await expectNoChange(() => apiSign('surat-ikramov', validSignature()))
      await expectError(res, 410, 'campaign_closed')
      const html = await fetchWorker('/campaigns/surat-ikramov/sign', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'cf-connecting-ip': freshIp(),
        },
        body: 'name=A&email=a%40example.org&country=GB&consent=yes',
      })
      expect(html.status).toBe(410)
      expect(await html.text()).toContain('This campaign is closed')
    } finally {
      await updateCampaign('surat-ikramov', "status = 'open'")
    }
  })

  it('draft campaigns are not signable or visible', async () => {
    await updateCampaign('surat-ikramov', "status = 'draft'")
    try {
      await expectError(await apiSign('surat-ikramov', validSignature()), 404, 'not_found')
      expect((await fetchWorker('/campaigns/surat-ikramov')).status).toBe(404)
      expect((await fetchWorker('/api/v1/campaigns/surat-ikramov')).status).toBe(404)
    } finally {
      await updateCampaign('surat-ikramov', "status = 'open'")
    }
  })
})

describe('bad input to the HTML form', () => {
  it('an oversized form → 413 page, nothing stored', async () => {
    const res = await expectNoChange(() =>
      fetchWorker(`/campaigns/${SLUG}/sign`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'cf-connecting-ip': freshIp(),
        },
        body: `name=${'x'.repeat(20_000)}`,
      }),
    )
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toContain('text/html')
  })

  it('HTML and SQL in fields are kept as text and escaped on the 422 page', async () => {
    const res = await expectNoChange(() =>
      fetchWorker(`/campaigns/${SLUG}/sign`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'cf-connecting-ip': freshIp(),
        },
        body: new URLSearchParams({
          name: '"><img src=x onerror=alert(1)>',
          city: "'; DROP TABLE signatures; --",
        }).toString(),
      }),
    )
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"')
  })
})

describe('bad input to messages', () => {
  it('rejects an empty or overlong message with the error shape', async () => {
    const post = (body: unknown) =>
      fetchWorker(`/api/v1/campaigns/${SLUG}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
        body: JSON.stringify(body),
      })
    const empty = await expectError(await post({ name: 'A' }), 400, 'invalid')
    expect(empty.issues).toEqual([{ field: 'body', message: expect.stringMatching(/required/) }])
    const long = await expectError(
      await post({ name: 'A', body: 'x'.repeat(2001) }),
      400,
      'invalid',
    )
    expect(long.issues![0]!.field).toBe('body')
    const { n } = (await env.DB.prepare('select count(*) as n from messages').first<{
      n: number
    }>())!
    expect(n).toBe(0)
  })
})

describe('link tokens', () => {
  it('unknown, malformed and wrong-purpose tokens show the invalid-link page', async () => {
    for (const path of [
      '/confirm/short',
      `/confirm/${'A'.repeat(43)}`,
      `/remove/${'B'.repeat(43)}`,
    ]) {
      for (const method of ['GET', 'POST']) {
        const res = await fetchWorker(path, { method })
        expect(res.status, `${method} ${path}`).toBe(404)
        expect(await res.text()).toContain('This link does not work')
      }
    }
  })
})
