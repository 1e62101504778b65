import { describe, expect, it } from 'vitest'
import { GroupCommit } from '../src/lib/group-commit.ts'

describe('group commit', () => {
  it('writes concurrent submissions in one group and answers each with its own result', async () => {
    const groups: number[][] = []
    const gc = new GroupCommit<number, string>({
      write: async (items) => {
        groups.push(items)
        return items.map((i) => `ok ${i}`)
      },
      recover: async (i) => `alone ${i}`,
    })
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => gc.submit(i)))
    expect(results).toEqual(Array.from({ length: 30 }, (_, i) => `ok ${i}`))
    expect(groups).toHaveLength(1)
    expect(groups[0]).toHaveLength(30)
  })

  it('caps a group and starts the next', async () => {
    const sizes: number[] = []
    const gc = new GroupCommit<number, number>({
      write: async (items) => {
        sizes.push(items.length)
        return items
      },
      recover: async (i) => i,
      maxGroup: 10,
    })
    await Promise.all(Array.from({ length: 25 }, (_, i) => gc.submit(i)))
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(25)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10)
  })

  it('does not answer before the write has finished', async () => {
    let committed = false
    const gc = new GroupCommit<number, boolean>({
      write: async (items) => {
        await new Promise((r) => setTimeout(r, 30))
        committed = true
        return items.map(() => true)
      },
      recover: async () => false,
    })
    await gc.submit(1)
    expect(committed).toBe(true)
  })

  it('when a group fails, settles each item on its own', async () => {
    const gc = new GroupCommit<number, string>({
      write: async () => {
        throw new Error('constraint failed')
      },
      recover: async (i) => {
        if (i === 3) throw new Error('bad item')
        return `alone ${i}`
      },
    })
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => gc.submit(i)))
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual([
      'alone 0',
      'alone 1',
      'alone 2',
      'rejected',
      'alone 4',
    ])
  })

  it('a follower whose leader never settles recovers on its own after the timeout', async () => {
    const gc = new GroupCommit<number, string>({
      write: () => new Promise(() => {}),
      recover: async (i) => `recovered ${i}`,
      timeoutMs: 50,
    })
    // The leader awaits its write forever (as if its request were cancelled); the
    // others give up waiting and recover.
    void gc.submit(0)
    const results = await Promise.all([gc.submit(1), gc.submit(2)])
    expect(results).toEqual(['recovered 1', 'recovered 2'])
  })

  it('answers waiting items as soon as their group is written, without waiting out a timer', async () => {
    let release = () => {}
    const written = new Promise<void>((r) => {
      release = r
    })
    const gc = new GroupCommit<number, string>({
      write: async (items) => {
        await written
        return items.map((i) => `ok ${i}`)
      },
      recover: async (i) => `alone ${i}`,
      windowMs: 1,
      timeoutMs: 60_000,
    })
    const pending = Promise.all([gc.submit(1), gc.submit(2), gc.submit(3)])
    await new Promise((r) => setTimeout(r, 20))
    const started = Date.now()
    release()
    expect(await pending).toEqual(['ok 1', 'ok 2', 'ok 3'])
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
