/** Pure rules for the figures we publish and the counters behind them. */
import type { SignatureState } from '../db/schema.ts'

/** Counts below this are shown as "<5" in public and delivery outputs. */
export const SMALL_CELL = 5

/** A published count: exact, or suppressed with the range a reader may know it lies in. */
export type PublicCount = number | '<5' | '≥5'

const RANGE: Record<'<5' | '≥5', [number, number]> = {
  '<5': [1, SMALL_CELL - 1],
  '≥5': [SMALL_CELL, Number.POSITIVE_INFINITY],
}

/** The range a reader knows a published count lies in. */
export function rangeOf(shown: PublicCount): [number, number] {
  return typeof shown === 'number' ? [shown, shown] : RANGE[shown]
}

/**
 * Whether a reader who knows the total (so the sum of the suppressed cells), and the range of
 * each suppressed cell, can tell any one of them exactly. The values each cell can take form
 * an interval: its own range cut by what the others can and cannot make up of the sum.
 */
export function anyCellPinned(suppressed: PublicCount[], sum: number): boolean {
  if (suppressed.length === 0) return false
  const ranges = suppressed.map(rangeOf)
  return ranges.some(([a, b], i) => {
    // What the other cells can make up at least and at most (summed apart: ranges may be open).
    let othersLo = 0
    let othersHi = 0
    for (const [j, [c, d]] of ranges.entries()) {
      if (j === i) continue
      othersLo += c
      othersHi += d
    }
    const min = Math.max(a, sum - othersHi)
    const max = Math.min(b, sum - othersLo)
    return min >= max
  })
}

/**
 * Per-country counts as published (public API, delivery packs, delivery lists): the rule in one
 * place. Counts under 5 become "<5". Because the total is published beside them, that alone can
 * be undone by subtraction (`{ DE: 5, TM: "<5" }` of 6 is one person in TM), so further cells are
 * suppressed, smallest first, as "≥5" until no suppressed cell can be worked out from the total
 * minus the shown cells; `forced` names cells that must be suppressed whatever their size (they
 * are suppressed in another published table). When even suppressing every cell leaves one
 * determined (a single country, or cells whose sum leaves no room), the suppressed cells are
 * left out altogether: the reader then learns neither their countries nor their counts.
 * Zero cells are dropped.
 */
export function suppressSmallCells(
  counts: Record<string, number>,
  forced: ReadonlySet<string> = new Set(),
): Record<string, PublicCount> {
  const cells = Object.entries(counts).filter(([, n]) => n > 0)
  const marker = (n: number): '<5' | '≥5' => (n < SMALL_CELL ? '<5' : '≥5')
  const hidden = new Set(cells.filter(([k, n]) => n < SMALL_CELL || forced.has(k)).map(([k]) => k))
  const shown = () => cells.filter(([k]) => !hidden.has(k))
  const pinned = () => {
    const list = cells.filter(([k]) => hidden.has(k))
    return anyCellPinned(
      list.map(([, n]) => marker(n)),
      list.reduce((sum, [, n]) => sum + n, 0),
    )
  }
  while (hidden.size > 0 && pinned()) {
    const [next] = shown().sort(([ka, a], [kb, b]) => a - b || (ka < kb ? -1 : 1))
    if (!next) break
    hidden.add(next[0])
  }
  const leaveOut = hidden.size > 0 && pinned()
  const out: Record<string, PublicCount> = {}
  for (const [key, n] of cells) {
    if (!hidden.has(key)) out[key] = n
    else if (!leaveOut) out[key] = marker(n)
  }
  return out
}

/** Cells of a table that `suppressSmallCells` does not publish exactly (suppressed or left out). */
export function notShownExactly(counts: Record<string, number>): string[] {
  const shown = suppressSmallCells(counts)
  return Object.keys(counts).filter((k) => (counts[k] ?? 0) > 0 && typeof shown[k] !== 'number')
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
