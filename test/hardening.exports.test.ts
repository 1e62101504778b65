/**
 * The delivery list (issue 13, items 3, 5 and 10): a row whose name is withheld carries no city,
 * no comment, and no country where that country's count is suppressed; CSV cells survive a
 * `;`-separated locale and fullwidth formula signs.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { csvCell } from '../src/domain/csv.ts'
import { fetchWorker, getJson, signAndConfirm, validSignature } from './helpers.ts'
import { freshCampaign } from './recount.ts'

const admin = () => ({ authorization: `Bearer ${env.ADMIN_TOKEN}` })
let slug = ''

/** Rows of a simple CSV (no quoted line breaks in this test's data). */
function rows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => {
      const out: string[] = []
      let cell = ''
      let quoted = false
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!
        if (quoted && ch === '"' && line[i + 1] === '"') {
          cell += '"'
          i++
        } else if (ch === '"') quoted = !quoted
        else if (ch === ',' && !quoted) {
          out.push(cell)
          cell = ''
        } else cell += ch
      }
      out.push(cell)
      return out
    })
}

beforeAll(async () => {
  const campaign = await freshCampaign()
  slug = campaign.slug
  const sign = (o: Parameters<typeof validSignature>[0]) => signAndConfirm(slug, validSignature(o))
  for (let i = 0; i < 7; i++) {
    await sign({ name: `Withheld FR ${i}`, country: 'FR', city: 'Lyon', comment: 'solidarity' })
  }
  for (let i = 0; i < 5; i++) {
    await sign({ name: `Named DE ${i}`, nameInDelivery: true, country: 'DE', city: 'Berlin' })
  }
  await sign({ name: 'Withheld DE', country: 'DE', city: 'Bonn', comment: 'from Bonn' })
  await sign({ name: 'Withheld TM', country: 'TM', city: 'Ashgabat', comment: 'I am the only one' })
})

describe('the delivery list', () => {
  it('gives a withheld signer no city and no comment', async () => {
    const res = await fetchWorker(`/api/v1/admin/campaigns/${slug}/signatures.csv`, {
      headers: admin(),
    })
    const [header, ...data] = rows(await res.text())
    expect(header).toEqual([
      'signed_on',
      'confirmed_on',
      'name',
      'city',
      'country',
      'country_name',
      'comment',
    ])
    const withheld = data.filter((r) => r[2] === '(name withheld)')
    expect(withheld).toHaveLength(9)
    for (const r of withheld) {
      expect(r[3]).toBe('')
      expect(r[6]).toBe('')
    }
    const named = data.filter((r) => r[2]?.startsWith('Named DE'))
    expect(named.every((r) => r[3] === 'Berlin' && r[4] === 'DE')).toBe(true)
  })

  it('counts no suppressed country exactly', async () => {
    const { body } = await getJson<{ count: { byCountry: Record<string, unknown> } }>(
      `/api/v1/campaigns/${slug}`,
    )
    expect(body.count.byCountry).toEqual({ FR: 7, DE: '≥5', TM: '<5' })
    const res = await fetchWorker(`/api/v1/admin/campaigns/${slug}/signatures.csv`, {
      headers: admin(),
    })
    const [, ...data] = rows(await res.text())
    const withheld = data.filter((r) => r[2] === '(name withheld)')
    // FR is published exactly; the withheld DE and TM rows do not say their country.
    expect(withheld.filter((r) => r[4] === 'FR')).toHaveLength(7)
    expect(withheld.filter((r) => r[4] === '')).toHaveLength(2)
    expect(data.filter((r) => r[4] === 'TM')).toHaveLength(0)
    // Nor does the country's name beside it.
    expect(withheld.filter((r) => r[4] === '').every((r) => r[5] === '')).toBe(true)
  })
})

describe('CSV cells', () => {
  it('quote a semicolon, so a ;-separated locale does not split them', () => {
    expect(csvCell('Berlin; Bonn')).toBe('"Berlin; Bonn"')
  })

  it.each(['\uFF1D1+1', '\uFF0B1', '\uFF0D1', '\uFF20SUM(A1)'])(
    'neutralise a fullwidth formula sign at the start of %j',
    (text) => {
      expect(csvCell(text)).toBe(`'${text}`)
    },
  )
})
