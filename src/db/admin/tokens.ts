/** API tokens per organisation and role: stored as SHA-256 only, revocable. */
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { apiTokens, organisations, type Role } from '../schema.ts'
import type { ActorRow } from './people.ts'

/** The live (unrevoked) token with this hash, with its organisation. */
export async function tokenActor(db: Db, tokenHash: string): Promise<ActorRow | null> {
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      organisationId: organisations.id,
      organisationSlug: organisations.slug,
      organisationName: organisations.name,
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1)
  return row ?? null
}

export interface TokenSummary {
  id: number
  name: string
  role: Role
  organisation: string
  createdBy: string
  createdAt: number
  revokedAt: number | null
}

/** An organisation's tokens, newest first (never a hash). */
export function listTokens(db: Db, organisationId: number): Promise<TokenSummary[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      organisation: organisations.slug,
      createdBy: apiTokens.createdBy,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(eq(apiTokens.organisationId, organisationId))
    .orderBy(desc(apiTokens.id))
}

export async function findToken(db: Db, id: number) {
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      organisationId: apiTokens.organisationId,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.id, id))
    .limit(1)
  return row ?? null
}

export function insertToken(
  db: Db,
  t: { organisationId: number; role: Role; name: string; tokenHash: string; createdBy: string },
) {
  return db.insert(apiTokens).values(t).returning({ id: apiTokens.id })
}

/** Revokes a token once; a second revocation changes nothing. */
export function revokeToken(db: Db, id: number, now: number) {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
}
