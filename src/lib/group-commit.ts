/**
 * Group commit: signatures arriving together in one isolate are written in one D1 batch (one
 * transaction), which D1 commits far faster per row than one batch each. No request is
 * answered before the batch holding its signature has committed.
 *
 * The first request of a group opens a window (one timer) and, when it closes, takes every
 * item queued meanwhile and writes them (the leader), building the statements itself from plain
 * data and leaving each outcome on the item's entry. The others await the window, then the
 * leader's write itself, under one timer of their own that bounds the whole wait: a timer costs
 * about 13 µs in workerd, and there used to be two a request.
 * Awaiting a promise of another request is safe in Workers: the runtime resumes each request
 * in its own context. Settling one, as in waking another request's own promise, is not (its
 * continuation would run, and do its I/O, in the leader's context), so nothing here does. If a
 * window's opener vanishes before it closes, the first of the others to reach `timeoutMs`
 * leads instead; if a leader's request is cancelled during its write, the others stop waiting
 * after `timeoutMs` and settle their own item through `recover`.
 *
 * What follows a write and need not delay any answer (`after`: the signing path's one queue
 * `sendBatch` for the whole group) runs once per write, from the `waitUntil` of the request
 * that made it: the leader's for a group, each request's own for an item it settled alone.
 */

import { sleep } from './sleep.ts'

const noWait = (p: Promise<unknown>) => {
  p.catch(() => {})
}

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown }

interface Entry<T, R> {
  item: T
  outcome?: Outcome<R>
  /** The write of the group that took this item: it settles once every outcome is set. */
  written?: Promise<void>
}

export interface GroupCommitOptions<T, R> {
  /** Writes a group; one result per item, in order. Called by the leader. */
  write: (items: T[]) => Promise<R[]>
  /** Settles one item alone: after a leader vanished, or when its group failed as a whole. */
  recover: (item: T) => Promise<R>
  /** Work after a write (or a recovery) whose results nobody waits for. */
  after?: (items: T[], results: R[]) => Promise<unknown>
  /** How long a request waits for company before writing. */
  windowMs?: number
  /** The window's timer (tests replace it). */
  wait?: (ms: number) => Promise<void>
  maxGroup?: number
  timeoutMs?: number
}

export class GroupCommit<T, R> {
  private queue: Entry<T, R>[] = []
  /** The open window's timer: set by the first item of a group, cleared when it closes. */
  private window: Promise<void> | null = null
  private readonly options: Required<GroupCommitOptions<T, R>>

  constructor(options: GroupCommitOptions<T, R>) {
    this.options = {
      windowMs: 10,
      maxGroup: 100,
      timeoutMs: 5000,
      after: () => Promise.resolve(),
      wait: sleep,
      ...options,
    }
  }

  /** Resolves once the item's write committed; `waitUntil` takes the `after` work, if any. */
  async submit(item: T, waitUntil: (p: Promise<unknown>) => void = noWait): Promise<R> {
    const entry: Entry<T, R> = { item }
    this.queue.push(entry)
    if (this.queue.length >= this.options.maxGroup) {
      // A full group is written at once; whoever comes next opens a new window.
      this.window = null
      await this.lead(waitUntil)
    } else if (this.window === null) {
      const window = this.options.wait(this.options.windowMs)
      this.window = window
      await window
      if (this.window === window) this.window = null
      if (!entry.written) await this.lead(waitUntil)
      // Taken meanwhile by a full group's leader: its write, under a timer of its own.
      else if (!entry.outcome) await this.follow(entry, Promise.resolve(), waitUntil)
    } else {
      await this.follow(entry, this.window, waitUntil)
    }
    if (!entry.outcome) {
      // The leader's write never settled (its request gone): this item alone.
      const value = await this.options.recover(item)
      waitUntil(this.options.after([item], [value]))
      return value
    }
    if (entry.outcome.ok) return entry.outcome.value
    throw entry.outcome.error
  }

  /**
   * Waits for the open window's leader to take the entry and write it, at most `timeoutMs` in
   * all; leads itself if the window's opener never woke.
   */
  private async follow(
    entry: Entry<T, R>,
    window: Promise<void>,
    waitUntil: (p: Promise<unknown>) => void,
  ): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.timeoutMs)
    })
    await Promise.race([window, timeout])
    if (!entry.written) {
      clearTimeout(timer)
      if (this.window === window) this.window = null
      await this.lead(waitUntil)
      return
    }
    if (!entry.outcome) await Promise.race([entry.written, timeout])
    clearTimeout(timer)
  }

  /** Takes everything queued (up to a group), writes it and leaves each outcome on its entry. */
  private lead(waitUntil: (p: Promise<unknown>) => void): Promise<void> {
    const group = this.queue.splice(0, this.options.maxGroup)
    const written = this.write(group)
    for (const e of group) e.written = written
    waitUntil(
      written.then(() => {
        const done = group.filter((e) => e.outcome?.ok)
        if (done.length === 0) return
        return this.options.after(
          done.map((e) => e.item),
          done.map((e) => (e.outcome as { ok: true; value: R }).value),
        )
      }),
    )
    return written
  }

  private async write(group: Entry<T, R>[]): Promise<void> {
    if (group.length === 0) return
    try {
      const results = await this.options.write(group.map((e) => e.item))
      for (const [i, e] of group.entries()) e.outcome = { ok: true, value: results[i] as R }
    } catch {
      // One bad item must not sink the others: settle each on its own.
      await Promise.all(
        group.map(async (e) => {
          try {
            e.outcome = { ok: true, value: await this.options.recover(e.item) }
          } catch (error) {
            e.outcome = { ok: false, error }
          }
        }),
      )
    }
  }
}
