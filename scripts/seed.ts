/**
 * Loads campaign content files into the local D1: `npm run seed [-- FILE ...]`.
 * Without files it loads every reviewed file in `campaigns/`. Idempotent.
 */
import { getPlatformProxy } from 'wrangler'
import { seedContent } from '../src/db/seed.ts'
import { readContentFile, reviewedContentFiles } from './lib/content.ts'

export async function seedLocal(files: string[] = reviewedContentFiles()): Promise<number> {
  const contents = files.map((f) => readContentFile(f))
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: true })
  try {
    for (const content of contents) await seedContent(proxy.env.DB, content)
  } finally {
    await proxy.dispose()
  }
  return contents.reduce((n, c) => n + c.campaigns.length, 0)
}

if (import.meta.main) {
  const files = process.argv.slice(2)
  const n = await seedLocal(files.length ? files : undefined)
  console.log(`Seeded ${n} campaigns into the local D1.`)
}
