/**
 * Group commit: signatures arriving together in one isolate are written in one D1 batch (one
 * transaction), which D1 commits far faster per row than one batch each. No request is
 * answered before the batch holding its signature has committed.
 *
 * Each request queues its item, waits a moment, and whoever finds items still queued takes
 * them all and writes them (the leader). Others await the leader's result. The leader builds
 * the statements itself from plain data, so no request does I/O for another's objects. If a
 * leader's request is cancelled before it settles, followers stop waiting after `timeoutMs`
 * and settle their own item through `recover`.
 */

interface Entry<T, R> {
  item: T
  settle: (result: R) => void
  fail: (err: unknown) => void
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
}

export class GroupCommit<T, R> {
  private queue: Entry<T, R>[] = []
  private readonly options: Required<GroupCommitOptions<T, R>>

  constructor(options: GroupCommitOptions<T, R>) {
    this.options = { windowMs: 2, maxGroup: 50, timeoutMs: 5000, ...options }
  }

  async submit(item: T): Promise<R> {
    let entry!: Entry<T, R>
    const result = new Promise<R>((settle, fail) => {
      entry = { item, settle, fail }
    })
    // Handled below; this keeps an early failure from counting as unhandled meanwhile.
    result.catch(() => {})
    this.queue.push(entry)
    if (this.queue.length >= this.options.maxGroup) {
      await this.lead()
    } else {
      await new Promise((r) => setTimeout(r, this.options.windowMs))
      if (this.queue.includes(entry)) await this.lead()
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), this.options.timeoutMs)
    })
    const outcome = await Promise.race([result, timeout])
    clearTimeout(timer)
    return outcome === 'timeout' ? this.options.recover(item) : (outcome as R)
  }

  /** Takes everything queued (up to a group) and writes it. */
  private async lead(): Promise<void> {
    const group = this.queue.splice(0, this.options.maxGroup)
    if (group.length === 0) return
    try {
      const results = await this.options.write(group.map((e) => e.item))
      for (const [i, e] of group.entries()) e.settle(results[i] as R)
    } catch {
      // One bad item must not sink the others: settle each on its own.
      await Promise.all(
        group.map((e) =>
          this.options.recover(e.item).then(e.settle, (err: unknown) => e.fail(err)),
        ),
      )
    }
  }
}
