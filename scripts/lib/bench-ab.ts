/**
 * The arithmetic of `npm run bench:ab` (scripts/bench-ab.ts): which side runs first in a round,
 * and ratios paired within rounds. Kept apart from the run so it is tested on its own.
 */
import { median, round } from './bench-load.ts'

export type Side = 'a' | 'b'

/**
 * The order of the two sides in a round (1-based): A then B in odd rounds, B then A in even
 * ones, so neither side always runs right after hello, or right after the other side's
 * signing (whose mail may still be leaving).
 */
export function sidesOf(roundNumber: number): [Side, Side] {
  return roundNumber % 2 === 1 ? ['a', 'b'] : ['b', 'a']
}

/**
 * The median over rounds of top[i] / bottom[i]: both runs of a pair come from the same round,
 * a few seconds apart, so they share the machine's speed of that moment. Rounds where either
 * value is missing or the bottom is zero are left out; null if none is left.
 */
export function pairedQuotient(top: number[], bottom: number[]): number | null {
  const each: number[] = []
  for (let i = 0; i < top.length; i++) {
    const t = top[i]
    const b = bottom[i]
    if (t === undefined || b === undefined || !Number.isFinite(t) || !Number.isFinite(b) || !b) {
      continue
    }
    each.push(t / b)
  }
  return each.length ? round(median(each), 3) : null
}

/** The smallest and largest of the per-round quotients: how far the pairs spread. */
export function quotientRange(top: number[], bottom: number[]): [number, number] | null {
  const each = top.flatMap((t, i) => {
    const b = bottom[i]
    return b && Number.isFinite(t) && Number.isFinite(b) ? [t / b] : []
  })
  if (!each.length) return null
  return [round(Math.min(...each), 3), round(Math.max(...each), 3)]
}

/** `--name=value` from the arguments as a positive number, or the default. */
export function numberOption(args: string[], name: string, fallback: number): number {
  const arg = args.find((a) => a.startsWith(`--${name}=`))
  if (arg === undefined) return fallback
  const value = Number(arg.slice(name.length + 3))
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`)
  return value
}
