/** Several named reads in one D1 round trip: `db.batch` over an object of queries. */
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from './client.ts'

type Parts = Record<string, BatchItem<'sqlite'>>
export type PartResults<T extends Parts> = { [K in keyof T]: T[K]['_']['result'] }

/**
 * Runs every query of `parts` in one batch (one round trip, one consistent snapshot) and
 * answers with their results under the same names: a page adds a read by adding a part.
 */
export async function batchParts<T extends Parts>(db: Db, parts: T): Promise<PartResults<T>> {
  const keys = Object.keys(parts)
  const queries = keys.map((k) => parts[k] as BatchItem<'sqlite'>)
  const [first, ...rest] = queries
  if (!first) return {} as PartResults<T>
  const results = await db.batch([first, ...rest])
  return Object.fromEntries(keys.map((k, i) => [k, results[i]])) as PartResults<T>
}
