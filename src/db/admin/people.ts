/**
 * Organisers: people, their role in an organisation, and their one-time sign-in links. A
 * person's address is kept as an HMAC (to find them when they ask for a link) and as
 * ciphertext (to send it); nothing here returns an address.
 */
import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm'
import type { Db } from '../client.ts'
import {
  adminSessions,
  loginLinks,
  memberships,
  organisations,
  people,
  type Role,
} from '../schema.ts'
import { type AuditInput, auditInsert } from './audit.ts'

/** Who a person or an API token acts as: its organisation and role. */
export interface ActorRow {
  id: number
  name: string
  role: Role
  organisationId: number
  organisationSlug: string
  organisationName: string
}

/**
 * A person with a role, for the session they are signed in with (null when disabled or
 * without one).
 */
export async function personActor(db: Db, personId: number): Promise<ActorRow | null> {
  const [row] = await db
    .select({
      id: people.id,
      name: people.name,
      role: memberships.role,
      organisationId: organisations.id,
      organisationSlug: organisations.slug,
      organisationName: organisations.name,
    })
    .from(people)
    .innerJoin(memberships, eq(memberships.personId, people.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(people.id, personId), isNull(people.disabledAt)))
    .orderBy(asc(memberships.organisationId))
    .limit(1)
  return row ?? null
}

/** The person an address hash belongs to, if they may sign in. */
export async function personByEmailHash(db: Db, emailHash: string) {
  const [row] = await db
    .select({ id: people.id, disabledAt: people.disabledAt })
    .from(people)
    .where(eq(people.emailHash, emailHash))
    .limit(1)
  return row ?? null
}

export interface Member {
  id: number
  name: string
  role: Role
  since: number
}

/** An organisation's people (no addresses), oldest first. */
export function listMembers(db: Db, organisationId: number): Promise<Member[]> {
  return db
    .select({
      id: people.id,
      name: people.name,
      role: memberships.role,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organisationId, organisationId), isNull(people.disabledAt)))
    .orderBy(asc(memberships.createdAt), asc(people.id))
}

export async function findMember(db: Db, organisationId: number, personId: number) {
  const [row] = await db
    .select({ id: people.id, name: people.name, role: memberships.role })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.personId, personId)))
    .limit(1)
  return row ?? null
}

/** How many owners an organisation has besides this person (an organisation keeps one). */
export async function otherOwners(db: Db, organisationId: number, personId: number) {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        eq(memberships.role, 'owner'),
        ne(memberships.personId, personId),
        isNull(people.disabledAt),
      ),
    )
  return row?.n ?? 0
}

/** The organisation a person already belongs to, if any. */
export async function membershipOf(db: Db, personId: number) {
  const [row] = await db
    .select({ organisationId: memberships.organisationId })
    .from(memberships)
    .where(eq(memberships.personId, personId))
    .limit(1)
  return row ?? null
}

/** Stores a one-time sign-in link (SHA-256 of its token only). */
export function insertLoginLink(db: Db, tokenHash: string, personId: number, expiresAt: number) {
  return db.insert(loginLinks).values({ tokenHash, personId, expiresAt })
}

/**
 * Uses a sign-in link: marks it used if it is unused and unexpired, in the same statement,
 * so two clicks racing each other cannot both sign in. The person, or null.
 */
export async function useLoginLink(db: Db, tokenHash: string, now: number) {
  const [row] = await db
    .update(loginLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(loginLinks.tokenHash, tokenHash),
        isNull(loginLinks.usedAt),
        gt(loginLinks.expiresAt, now),
      ),
    )
    .returning({ personId: loginLinks.personId })
  return row?.personId ?? null
}

/** Ends every session of a person (their role changed or they were removed). */
export function endSessionsOf(db: Db, personId: number) {
  return db.delete(adminSessions).where(eq(adminSessions.personId, personId))
}

/** A new person (enabled), or the id of the one this address hash already belongs to. */
export async function upsertPerson(
  db: Db,
  p: { name: string; emailHash: string; emailCipher: string; emailKeyId: string },
): Promise<number> {
  const [row] = await db
    .insert(people)
    .values(p)
    .onConflictDoUpdate({
      target: people.emailHash,
      set: { name: p.name, emailCipher: p.emailCipher, emailKeyId: p.emailKeyId, disabledAt: null },
    })
    .returning({ id: people.id })
  return row!.id
}

/** Gives a person a role in an organisation, with the audit row, in one batch. */
export async function addMembership(
  db: Db,
  m: { personId: number; organisationId: number; role: Role },
  audit: AuditInput,
) {
  await db.batch([db.insert(memberships).values(m), auditInsert(db, audit)])
}

export async function setRole(
  db: Db,
  m: { personId: number; organisationId: number; role: Role },
  audit: AuditInput,
) {
  await db.batch([
    db
      .update(memberships)
      .set({ role: m.role })
      .where(
        and(eq(memberships.personId, m.personId), eq(memberships.organisationId, m.organisationId)),
      ),
    auditInsert(db, audit),
  ])
}

/** Removes a person from an organisation: no role, no sessions, no sign-in links. */
export async function removeMember(
  db: Db,
  m: { personId: number; organisationId: number },
  audit: AuditInput,
  now = Date.now(),
) {
  await db.batch([
    db
      .delete(memberships)
      .where(
        and(eq(memberships.personId, m.personId), eq(memberships.organisationId, m.organisationId)),
      ),
    db.update(people).set({ disabledAt: now }).where(eq(people.id, m.personId)),
    endSessionsOf(db, m.personId),
    db.delete(loginLinks).where(eq(loginLinks.personId, m.personId)),
    auditInsert(db, audit),
  ])
}

/** The person's address as stored (ciphertext), to mail them a sign-in link. */
export async function personAddress(db: Db, personId: number) {
  const [row] = await db
    .select({ cipher: people.emailCipher, keyId: people.emailKeyId })
    .from(people)
    .where(eq(people.id, personId))
  return row?.cipher && row.keyId ? { cipher: row.cipher, keyId: row.keyId } : null
}
