/** Pure shaping of kept tallies into reports: sums, periods, every state named. */
import { SIGNATURE_STATES, type SignatureState } from '../db/schema.ts'

export type Counts = Record<string, number>

/** Adds count maps key by key. */
export function sumCounts(list: readonly Counts[]): Counts {
  const out: Counts = {}
  for (const counts of list) {
    for (const [key, n] of Object.entries(counts)) out[key] = (out[key] ?? 0) + n
  }
  return out
}

/** Every signature state, zero where the tally has none, in lifecycle order. */
export function allStates(byState: Counts): Record<SignatureState, number> {
  return Object.fromEntries(SIGNATURE_STATES.map((s) => [s, byState[s] ?? 0])) as Record<
    SignatureState,
    number
  >
}

/** Keys in a stable order: largest count first, then alphabetically. */
export function byCountDesc<T extends number | string>(counts: Record<string, T>): [string, T][] {
  // "≥5" sits below every exact count and above "<5"; suppressed cells keep the order of
  // their names, never of their hidden counts.
  const rank = (v: T) => (typeof v === 'number' ? v : v === '≥5' ? 4.5 : 0)
  return Object.entries(counts).sort(
    ([ka, a], [kb, b]) => rank(b) - rank(a) || ka.localeCompare(kb),
  )
}

/** Keys sorted ascending (days, ISO codes): JSON readers see them in order. */
export function sortedKeys<T>(counts: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** First and last day with a confirmation, from the `day` tally; null when there is none. */
export function periodOf(byDay: Counts): { from: string; to: string } | null {
  const days = Object.keys(byDay)
    .filter((d) => (byDay[d] ?? 0) > 0)
    .sort()
  const from = days[0]
  const to = days[days.length - 1]
  return from && to ? { from, to } : null
}
