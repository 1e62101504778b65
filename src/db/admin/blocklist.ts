/**
 * The block lists: email domains (as typed, lower-cased) and IP networks (as the keyed hash
 * `blockValue()` makes of them). Signing checks them before anything is written.
 */
import { auditStatement } from './audit.ts'

export type BlockKind = 'ip' | 'domain'

export interface BlockEntry {
  kind: BlockKind
  value: string
  createdAt: number
}

export async function listBlocks(d1: D1Database): Promise<BlockEntry[]> {
  const { results } = await d1
    .prepare('select kind, value, created_at as createdAt from blocklist order by kind, created_at')
    .all<BlockEntry>()
  return results
}

/** Adds an entry; false if it was already there. */
export async function addBlock(
  d1: D1Database,
  kind: BlockKind,
  value: string,
  actor: string,
  now = Date.now(),
): Promise<boolean> {
  const [insert] = await d1.batch([
    d1
      .prepare(
        'insert into blocklist (kind, value, created_at) values (?, ?, ?) on conflict do nothing',
      )
      .bind(kind, value, now),
    auditStatement(
      d1,
      { actor, action: 'block.add', subject: kind, detail: { value } },
      { ifChanged: true, now },
    ),
  ])
  return insert?.meta.changes === 1
}

/** Removes an entry; false if there was none. */
export async function removeBlock(
  d1: D1Database,
  kind: BlockKind,
  value: string,
  actor: string,
  now = Date.now(),
): Promise<boolean> {
  const [removal] = await d1.batch([
    d1.prepare('delete from blocklist where kind = ? and value = ?').bind(kind, value),
    auditStatement(
      d1,
      { actor, action: 'block.remove', subject: kind, detail: { value } },
      { ifChanged: true, now },
    ),
  ])
  return removal?.meta.changes === 1
}
