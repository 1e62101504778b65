import { describe, expect, it } from 'vitest'
import { login } from './admin-helpers.ts'
import { fetchWorker } from './helpers.ts'

const PAGES = ['/admin', '/admin/campaigns', '/admin/campaigns/azimzhan-askarov/delivery', '/admin/people']

function texts(html: string, tags: string[]): string[] {
  const out: string[] = []
  for (const tag of tags) {
    for (const m of html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))) {
      out.push(`${tag}: ${m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}`)
    }
  }
  return out
}

describe('dump', () => {
  it('dumps', async () => {
    const s = await login()
    const all: string[] = []
    for (const p of PAGES) {
      const res = await fetchWorker(p, { headers: { cookie: s.cookie, 'accept-language': 'ru' } })
      const html = await res.text()
      all.push(p, String(res.status), texts(html, ['title', 'h1', 'h2', 'h3', 'a', 'button', 'th', 'dt', 'legend', 'label', 'summary', 'caption']).join('\n'))
    }
    throw new Error(all.join('\n'))
  })
})
