/**
 * The arithmetic of `npm run bench:ab`: the side that runs first alternates between rounds, and
 * B/A is the median of ratios taken within each round, not the ratio of the medians.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { numberOption, pairedQuotient, quotientRange, sidesOf } from '../../scripts/lib/bench-ab.ts'

describe('bench:ab', () => {
  it('alternates which side runs first, so each side leads in half the rounds', () => {
    const firsts = [1, 2, 3, 4, 5, 6].map((r) => sidesOf(r)[0])
    assert.deepEqual(firsts, ['a', 'b', 'a', 'b', 'a', 'b'])
    for (const r of [1, 2]) assert.deepEqual([...sidesOf(r)].sort(), ['a', 'b'])
  })

  it('pairs B with A within each round: a slow round slows both and leaves B/A alone', () => {
    // Rounds at full speed, at half speed and at a quarter: B is 10 % faster in each.
    const a = [1000, 500, 250]
    const b = [1100, 550, 275]
    assert.equal(pairedQuotient(b, a), 1.1)
    // The ratio of the medians would only agree by chance; shuffle B's rounds to see it differ.
    assert.notEqual(pairedQuotient([275, 1100, 550], a), 1.1)
    assert.deepEqual(quotientRange(b, a), [1.1, 1.1])
  })

  it('takes the median of the rounds, so one disturbed round does not move it', () => {
    assert.equal(pairedQuotient([1, 1, 1, 5], [1, 1, 1, 1]), 1)
    assert.deepEqual(quotientRange([1, 1, 1, 5], [1, 1, 1, 1]), [1, 5])
  })

  it('leaves out rounds with a missing or zero value, and says null when none is left', () => {
    assert.equal(pairedQuotient([2, 3, Number.NaN], [1, 0, 1]), 2)
    assert.equal(pairedQuotient([], []), null)
    assert.equal(pairedQuotient([1], [0]), null)
  })

  it('reads --name=value options and refuses what is not a positive number', () => {
    assert.equal(numberOption(['a', '--rounds=6'], 'rounds', 8), 6)
    assert.equal(numberOption(['a'], 'rounds', 8), 8)
    assert.throws(() => numberOption(['--rounds=0'], 'rounds', 8), /positive/)
    assert.throws(() => numberOption(['--rounds=x'], 'rounds', 8), /positive/)
  })
})
