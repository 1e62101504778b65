/** Pure rules for the figures we publish. */

/** Counts below this are shown as "<5" in public and delivery outputs. */
export const SMALL_CELL = 5

export type PublicCount = number | '<5'

/** Replaces every count below the threshold by "<5"; zero cells are dropped. */
export function suppressSmallCells(counts: Record<string, number>): Record<string, PublicCount> {
  const out: Record<string, PublicCount> = {}
  for (const [key, n] of Object.entries(counts)) {
    if (n <= 0) continue
    out[key] = n < SMALL_CELL ? '<5' : n
  }
  return out
}
