/**
 * The block lists: email domains (as typed, lower-cased) and IP networks (as the keyed hash
 * `blockValue()` makes of them). Signing checks them before anything is written.
 */
import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { blocklist } from '../schema.ts'
import { type AuditInput, auditIfChanged } from './audit.ts'

export type BlockKind = 'ip' | 'domain'

export interface BlockEntry {
  kind: BlockKind
  value: string
  createdAt: number
}

type Who = Pick<AuditInput, 'actor' | 'organisationId'>

export function listBlocks(db: Db): Promise<BlockEntry[]> {
  return db
    .select({ kind: blocklist.kind, value: blocklist.value, createdAt: blocklist.createdAt })
    .from(blocklist)
    .orderBy(asc(blocklist.kind), asc(blocklist.createdAt))
}

/** Adds an entry; false if it was already there. */
export async function addBlock(
  db: Db,
  kind: BlockKind,
  value: string,
  who: Who,
  now = Date.now(),
): Promise<boolean> {
  const [insert] = await db.batch([
    db
      .insert(blocklist)
      .values({ kind, value, createdAt: now })
      .onConflictDoNothing()
      .returning({ kind: blocklist.kind }),
    auditIfChanged(db, { ...who, action: 'block.add', subject: kind, detail: { value } }, now),
  ])
  return insert.length === 1
}

/** Removes an entry; false if there was none. */
export async function removeBlock(
  db: Db,
  kind: BlockKind,
  value: string,
  who: Who,
  now = Date.now(),
): Promise<boolean> {
  const [removal] = await db.batch([
    db
      .delete(blocklist)
      .where(and(eq(blocklist.kind, kind), eq(blocklist.value, value)))
      .returning({ kind: blocklist.kind }),
    auditIfChanged(db, { ...who, action: 'block.remove', subject: kind, detail: { value } }, now),
  ])
  return removal.length === 1
}
