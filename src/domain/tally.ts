/** Pure rules for the figures we publish and the counters behind them. */
import type { SignatureState } from '../db/schema.ts'

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

export interface TallyDelta {
  dimension: 'state' | 'country' | 'day' | 'partner'
  key: string
  delta: number
}

/** What a signature's tallies are keyed on. */
export interface TallyKeys {
  country: string
  confirmedDay: string | null
  /**
   * The organisation credited, as its id in text: the partner signed through, else the host.
   * Undefined or null: no partner tally (a campaign without a host).
   */
  credit?: string | null
}

/** The organisation a signature is credited to, as a `partner` tally key. */
export function creditKey(partnerId: number | null, hostId: number | null): string | null {
  const id = partnerId ?? hostId
  return id === null ? null : String(id)
}

/** What a signature contributes to its campaign's tallies in a given state. */
function contribution(state: SignatureState | null, sig: TallyKeys): TallyDelta[] {
  if (state === null) return []
  const out: TallyDelta[] = [{ dimension: 'state', key: state, delta: 1 }]
  // Only confirmed signatures count, everywhere.
  if (state === 'confirmed') {
    out.push({ dimension: 'country', key: sig.country, delta: 1 })
    if (sig.confirmedDay) out.push({ dimension: 'day', key: sig.confirmedDay, delta: 1 })
    if (sig.credit) out.push({ dimension: 'partner', key: sig.credit, delta: 1 })
  }
  return out
}

/**
 * The tally changes of one signature moving between states (null = not existing).
 * `before`/`after` carry what the tallies are keyed on in each state.
 */
export function tallyDeltas(
  from: SignatureState | null,
  to: SignatureState | null,
  before: TallyKeys,
  after: TallyKeys = before,
): TallyDelta[] {
  const sum = new Map<string, TallyDelta>()
  const add = (d: TallyDelta, sign: number) => {
    const k = `${d.dimension}\u0000${d.key}`
    const cur = sum.get(k) ?? { ...d, delta: 0 }
    cur.delta += sign * d.delta
    sum.set(k, cur)
  }
  for (const d of contribution(from, before)) add(d, -1)
  for (const d of contribution(to, after)) add(d, 1)
  return [...sum.values()].filter((d) => d.delta !== 0)
}
