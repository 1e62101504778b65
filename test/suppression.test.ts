/**
 * Small-cell suppression (issue 13, item 3): "<5" cannot be undone by subtraction. The property
 * test plays the reader: knowing the total (so the sum of what is not shown) and what each
 * suppressed cell's marker says, it finds every value each suppressed cell could have; there
 * must always be at least two.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type PublicCount, rangeOf, suppressSmallCells } from '../src/domain/tally.ts'

/** Values each suppressed cell can take, given the others' ranges and their known sum. */
function possibleValues(markers: PublicCount[], sum: number): Set<number>[] {
  const ranges = markers.map(rangeOf).map(([a, b]) => [a, Math.min(b, sum)] as [number, number])
  return ranges.map((_, i) => {
    // Sums the other cells can make together (a subset-sum walk, independent of the rule's own formula).
    let reachable = new Set([0])
    for (const [j, [a, b]] of ranges.entries()) {
      if (j === i) continue
      const next = new Set<number>()
      for (const r of reachable) for (let v = a; v <= b && r + v <= sum; v++) next.add(r + v)
      reachable = next
    }
    const [a, b] = ranges[i]!
    const out = new Set<number>()
    for (let v = a; v <= b; v++) if (reachable.has(sum - v)) out.add(v)
    return out
  })
}

function check(counts: Record<string, number>, forced: Set<string> = new Set()) {
  const shown = suppressSmallCells(counts, forced)
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  const exact = Object.entries(shown).filter(([, v]) => typeof v === 'number') as [string, number][]
  const suppressed = Object.entries(shown).filter(([, v]) => typeof v !== 'number')
  // What is shown is true: exact cells exactly, markers honestly.
  for (const [k, v] of exact) expect(v).toBe(counts[k])
  for (const [k, v] of suppressed) {
    const [a, b] = rangeOf(v)
    expect(counts[k]).toBeGreaterThanOrEqual(a)
    expect(counts[k]).toBeLessThanOrEqual(b)
  }
  // Nothing under 5, and nothing forced, is shown exactly.
  for (const [k, v] of exact) {
    expect(v).toBeGreaterThanOrEqual(5)
    expect(forced.has(k)).toBe(false)
  }
  // The reader's subtraction: the suppressed cells share total minus the shown ones.
  const rest = total - exact.reduce((n, [, v]) => n + v, 0)
  const values = possibleValues(
    suppressed.map(([, v]) => v),
    rest,
  )
  for (const [i, set] of values.entries()) {
    expect(set.size, `cell ${suppressed[i]![0]} of ${JSON.stringify(counts)}`).toBeGreaterThan(1)
    expect(set.has(counts[suppressed[i]![0]]!)).toBe(true)
  }
  return shown
}

describe('suppressSmallCells', () => {
  it('hides a lone small cell that the total would give away', () => {
    // The example: 6 confirmed, DE 5, TM 1. TM can then only be left out.
    const shown = check({ DE: 5, TM: 1 })
    expect(shown).not.toHaveProperty('TM', '<5')
    expect(Object.values(shown)).not.toContain(5)
    expect(check({ DE: 7, TM: 1 })).toEqual({ DE: '≥5', TM: '<5' })
    expect(check({ DE: 40, KG: 12, TM: 2 })).toEqual({ DE: 40, KG: '≥5', TM: '<5' })
  })

  it('does not leave two small cells whose sum gives them away', () => {
    // KZ 1 and TM 1 of a known 2: both must be 1.
    const shown = check({ DE: 30, KZ: 1, TM: 1 })
    expect(shown.DE).not.toBe(30)
    // 4 and 4 of a known 8: both must be 4.
    check({ DE: 30, KZ: 4, TM: 4 })
    // Enough small cells hide each other.
    expect(check({ DE: 30, KZ: 2, TM: 3, UZ: 1 })).toEqual({ DE: 30, KZ: '<5', TM: '<5', UZ: '<5' })
  })

  it('leaves big tables alone and drops empty cells', () => {
    expect(check({ DE: 5, FR: 9, KG: 0 })).toEqual({ DE: 5, FR: 9 })
    expect(suppressSmallCells({})).toEqual({})
  })

  it('suppresses a forced cell and still protects it', () => {
    const shown = suppressSmallCells({ DE: 50, FR: 9, KG: 20 }, new Set(['FR']))
    expect(shown.FR).toBe('≥5')
    expect(typeof shown.KG).toBe('string')
  })

  it('never lets a suppressed cell be worked out (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('DE', 'FR', 'KG', 'KZ', 'TJ', 'TM', 'UZ'), fc.nat(14), {
          maxKeys: 6,
        }),
        fc.subarray(['DE', 'FR', 'KG', 'KZ', 'TJ', 'TM', 'UZ']),
        (counts, forced) => {
          check(counts, new Set(forced))
        },
      ),
      { numRuns: 2000, seed: 13 },
    )
  })
})
