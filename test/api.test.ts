import { describe, expect, it } from 'vitest'
import { getJson, SEEDED_SLUGS } from './helpers.ts'

interface ApiCampaign {
  slug: string
  title: string
  target: string
  count: { confirmed: number; goal: number; byCountry?: Record<string, number | string> }
  defender: { name: string; country: string } | null
  sources?: string[]
  release?: { title: string; publisher: string; date: string }
}

describe('GET /api/v1/campaigns', () => {
  it('lists the open campaigns with counts', async () => {
    const { res, body } = await getJson<{ campaigns: ApiCampaign[] }>('/api/v1/campaigns')
    expect(res.status).toBe(200)
    expect(body.campaigns.map((c) => c.slug)).toEqual([...SEEDED_SLUGS])
    const askarov = body.campaigns[0]!
    expect(askarov.defender).toMatchObject({ name: 'Azimzhan Askarov', country: 'KG' })
    expect(askarov.count).toEqual({ confirmed: 0, goal: 10000 })
  })

  it('answers in Russian with ?lang=ru', async () => {
    const { body } = await getJson<{ campaigns: ApiCampaign[] }>('/api/v1/campaigns?lang=ru')
    expect(body.campaigns[1]!.defender!.name).toBe('Фарид Тухбатуллин')
  })
})

describe('GET /api/v1/campaigns/:slug', () => {
  it('includes count, provenance and source sentences', async () => {
    const { res, body } = await getJson<ApiCampaign>('/api/v1/campaigns/surat-ikramov')
    expect(res.status).toBe(200)
    expect(body.count).toEqual({ confirmed: 0, goal: 10000, byCountry: {} })
    expect(body.release).toMatchObject({
      publisher: 'International Partnership for Human Rights (IPHR)',
      date: '2010-12-10',
    })
    expect(body.sources?.[0]).toContain('Surat Ikramov')
  })

  it('gives 404 in the error shape for unknown slugs', async () => {
    for (const path of [
      '/api/v1/campaigns/nope',
      '/api/v1/campaigns/nope/count',
      '/api/v1/unknown',
    ]) {
      const { res, body } = await getJson(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toContain('application/json')
      expect(body).toMatchObject({ error: 'not_found', message: expect.any(String) })
    }
  })
})

describe('GET /api/v1/campaigns/:slug/count', () => {
  it('returns confirmed and goal', async () => {
    const { res, body } = await getJson('/api/v1/campaigns/international-solidarity/count')
    expect(res.status).toBe(200)
    expect(body).toEqual({ confirmed: 0, goal: 25000, status: 'open' })
  })
})
