/**
 * A small per-isolate cache of values for a few seconds. Only settled values are shared: a
 * request never awaits a load started by another request (whose context may end first).
 */
export class TtlMemo<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>()
  private readonly ttlMs: number
  private readonly max: number

  constructor(ttlMs: number, max = 500) {
    this.ttlMs = ttlMs
    this.max = max
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key)
    if (hit && hit.expires > Date.now()) return hit.value
    const value = await load()
    if (this.entries.size >= this.max) this.entries.clear()
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs })
    return value
  }

  delete(key: string): void {
    this.entries.delete(key)
  }
}
