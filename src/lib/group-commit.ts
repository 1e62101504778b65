/**
 * Group commit: signatures arriving together in one isolate are written in one D1 batch (one
 * transaction), which D1 commits far faster per row than one batch each. No request is
 * answered before the batch holding its signature has committed.
 *
 * Each request queues its item and waits a moment; whoever finds items still queued takes
 * them all and writes them (the leader), building the statements itself from plain data and
 * leaving each outcome on the item's entry. The others then await the leader's write itself.
 * Awaiting a promise of another request is safe in Workers: the runtime resumes each request
 * in its own context. Settling one, as in waking another request's own promise, is not (its
 * continuation would run, and do its I/O, in the leader's context), so nothing here does. If a
 * leader's request is cancelled during its write, the others stop waiting after `timeoutMs`
 * and settle their own item through `recover`.
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
  maxGroup?: number
  timeoutMs?: number
}

export class GroupCommit<T, R> {
  private queue: Entry<T, R>[] = []
  private readonly options: Required<GroupCommitOptions<T, R>>

  constructor(options: GroupCommitOptions<T, R>) {
    this.options = {
      windowMs: 10,
      maxGroup: 100,
      timeoutMs: 5000,
      after: () => Promise.resolve(),
      ...options,
    }
  }

  /** Resolves once the item's write committed; `waitUntil` takes the `after` work, if any. */
  async submit(item: T, waitUntil: (p: Promise<unknown>) => void = noWait): Promise<R> {
    const entry: Entry<T, R> = { item }
    this.queue.push(entry)
    if (this.queue.length >= this.options.maxGroup) {
      await this.lead(waitUntil)
    } else {
      await sleep(this.options.windowMs)
      if (!entry.written) await this.lead(waitUntil)
    }
    if (!entry.outcome) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.timeoutMs)
      })
      await Promise.race([entry.written, timeout])
      clearTimeout(timer)
      if (!entry.outcome) {
        const value = await this.options.recover(item)
        waitUntil(this.options.after([item], [value]))
        return value
      }
    }
    if (entry.outcome.ok) return entry.outcome.value
    throw entry.outcome.error
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
