import { describe, expect, it, vi } from 'vitest'
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

  it('sets one timer a request: the window once a group, one bound for each of the others', async () => {
    const gc = new GroupCommit<number, string>({
      // A write takes a while, as D1's does: the others are still waiting when the window closes.
      write: async (items) => {
        await new Promise((r) => setTimeout(r, 20))
        return items.map((i) => `ok ${i}`)
      },
      recover: async (i) => `alone ${i}`,
    })
    const spy = vi.spyOn(globalThis, 'setTimeout')
    try {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => gc.submit(i)))
      expect(results).toEqual(Array.from({ length: 30 }, (_, i) => `ok ${i}`))
      // The window's timer, one bound each for the 29 others and the write's own: 31 (each
      // request used to sleep out the window itself, then arm its bound: 60).
      expect(spy.mock.calls.length).toBe(31)
    } finally {
      spy.mockRestore()
    }
  })

  it("when the window's opener never wakes, the others lead after the timeout", async () => {
    const groups: number[][] = []
    let waits = 0
    const gc = new GroupCommit<number, string>({
      write: async (items) => {
        groups.push(items)
        return items.map((i) => `ok ${i}`)
      },
      recover: async (i) => `alone ${i}`,
      // The opener's window never closes (as if its request were cancelled).
      wait: (ms) => (waits++ === 0 ? new Promise(() => {}) : new Promise((r) => setTimeout(r, ms))),
      timeoutMs: 50,
    })
    void gc.submit(0)
    const results = await Promise.all([gc.submit(1), gc.submit(2), gc.submit(3)])
    // Written together by whoever woke first, the opener's item with them.
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3'])
    expect(groups).toEqual([[0, 1, 2, 3]])
    // The next request opens a window of its own.
    expect(await gc.submit(4)).toBe('ok 4')
  })

  it("a window's opener whose item a full group took answers with that group's write", async () => {
    const gc = new GroupCommit<number, string>({
      write: async (items) => {
        await new Promise((r) => setTimeout(r, 40))
        return items.map((i) => `ok ${i}`)
      },
      recover: async (i) => `alone ${i}`,
      windowMs: 5,
      maxGroup: 3,
    })
    // The third fills the group and writes it at once; the opener's window closes mid-write.
    const results = await Promise.all([gc.submit(0), gc.submit(1), gc.submit(2)])
    expect(results).toEqual(['ok 0', 'ok 1', 'ok 2'])
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
