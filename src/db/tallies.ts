/** Reads of the kept tallies (never a scan of signatures). */
import { and, eq } from 'drizzle-orm'
import type { Db } from './client.ts'
import { tallies } from './schema.ts'

export type Dimension = 'state' | 'country' | 'day' | 'partner'

/** One dimension of a campaign's tallies as `{ key: n }`. */
export async function tallyOf(
  db: Db,
  campaignId: number,
  dimension: Dimension,
): Promise<Record<string, number>> {
  const rows = await db
    .select({ key: tallies.key, n: tallies.n })
    .from(tallies)
    .where(and(eq(tallies.campaignId, campaignId), eq(tallies.dimension, dimension)))
  return Object.fromEntries(rows.filter((r) => r.n !== 0).map((r) => [r.key, r.n]))
}
