/** Reads of the kept tallies (never a scan of signatures). */
import { and, eq } from 'drizzle-orm'
import type { Db } from './client.ts'
import { tallies } from './schema.ts'

export type Dimension = 'state' | 'country' | 'day' | 'partner'

/** The read of one dimension of a campaign's tallies (for a batch); see `tallyRecord`. */
export function tallyQuery(db: Db, campaignId: number, dimension: Dimension) {
  return db
    .select({ key: tallies.key, n: tallies.n })
    .from(tallies)
    .where(and(eq(tallies.campaignId, campaignId), eq(tallies.dimension, dimension)))
}

/** Tally rows as `{ key: n }`, zero cells left out. */
export function tallyRecord(rows: { key: string; n: number }[]): Record<string, number> {
  return Object.fromEntries(rows.filter((r) => r.n !== 0).map((r) => [r.key, r.n]))
}

/** One dimension of a campaign's tallies as `{ key: n }`. */
export async function tallyOf(
  db: Db,
  campaignId: number,
  dimension: Dimension,
): Promise<Record<string, number>> {
  return tallyRecord(await tallyQuery(db, campaignId, dimension))
}
