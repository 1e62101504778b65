/**
 * Group commit: signatures arriving together in one isolate are written in one D1 batch (one
 * transaction), which D1 commits far faster per row than one batch each. No request is
 * answered before the batch holding its signature has committed.
 *
 * Each request queues its item, waits a moment, and whoever finds items still queued takes
 * them all and writes them (the leader). The leader builds the statements itself from plain
 * data and leaves each outcome on the item's entry; the others watch their own entry with
 * their own timers. No request settles a promise of another: in Workers, a request's
 * continuations cannot be driven from another request's context. If a leader's request is
 * cancelled before it writes, the others stop waiting after `timeoutMs` and settle their own
 * item through `recover`.
 */

import { sleep } from './sleep.ts'

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown }

interface Entry<T, R> {
  item: T
  outcome?: Outcome<R>
}

export interface GroupCommitOptions<T, R> {
  /** Writes a group; one result per item, in order. Called by the leader. */
  write: (items: T[]) => Promise<R[]>
  /** Settles one item alone: after a leader vanished, or when its group failed as a whole. */
  recover: (item: T) => Promise<R>
  /** How long a request waits for company before writing. */
  windowMs?: number
  maxGroup?: number
  timeoutMs?: number
  /** How often a waiting request looks at its entry. */
  pollMs?: number
}

export class GroupCommit<T, R> {
  private queue: Entry<T, R>[] = []
  private readonly options: Required<GroupCommitOptions<T, R>>

  constructor(options: GroupCommitOptions<T, R>) {
    this.options = { windowMs: 10, maxGroup: 100, timeoutMs: 5000, pollMs: 1, ...options }
  }

  async submit(item: T): Promise<R> {
    const entry: Entry<T, R> = { item }
    this.queue.push(entry)
    if (this.queue.length >= this.options.maxGroup) {
      await this.lead()
    } else {
      await sleep(this.options.windowMs)
      if (this.queue.includes(entry)) await this.lead()
    }
    const deadline = Date.now() + this.options.timeoutMs
    while (!entry.outcome) {
      if (Date.now() > deadline) return this.options.recover(item)
      await sleep(this.options.pollMs)
    }
    if (entry.outcome.ok) return entry.outcome.value
    throw entry.outcome.error
  }

  /** Takes everything queued (up to a group), writes it and leaves each outcome on its entry. */
  private async lead(): Promise<void> {
    const group = this.queue.splice(0, this.options.maxGroup)
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
