/**
 * Consent per organisation, kept as evidence (see `consents` in the schema): written when a
 * signer confirms, asked again by mail when a signer who already counts asks a further
 * partner for its updates, withdrawn from the link in every mail. The address is kept here
 * under associated data naming the organisation (`consentEmailContext`), so each
 * organisation's supporters could later be sealed to its own key.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { createDb, type Db, statementOf } from './client.ts'
import { consents, organisations, signatures } from './schema.ts'

/** The associated data a consent's email ciphertext is bound to: the organisation. */
export function consentEmailContext(organisationId: number): string {
  return `consent:${organisationId}`
}

/** A consent to be recorded as given at confirmation. */
export interface GivenConsent {
  organisationId: number
  noticeId: number | null
  emailCipher: string | null
  emailKeyId: string | null
}

/**
 * Statements recording consents as given when a signature is confirmed at `now`: builder
 * queries as D1 statements, since they run inside the confirmation's raw batch beside its
 * guarded statements, and apply only if that
 * confirmation happened (`confirmed_at = now`). An existing row (a consent asked for by mail
 * meanwhile) is left as it is.
 */
export function givenConsentStatements(
  d1: D1Database,
  signatureId: number,
  now: number,
  list: GivenConsent[],
): D1PreparedStatement[] {
  const db = createDb(d1)
  return list.map((c) =>
    statementOf(
      d1,
      db
        .insert(consents)
        .select(
          db
            .select({
              id: sql<null>`null`.as('id'),
              signatureId: signatures.id,
              organisationId: sql<number>`${c.organisationId}`.as('organisation_id'),
              purpose: sql<'updates'>`'updates'`.as('purpose'),
              status: sql<'given'>`'given'`.as('status'),
              noticeId: sql<number | null>`${c.noticeId}`.as('notice_id'),
              lang: signatures.lang,
              source: signatures.source,
              emailCipher: sql<string | null>`${c.emailCipher}`.as('email_cipher'),
              emailKeyId: sql<string | null>`${c.emailKeyId}`.as('email_key_id'),
              askedAt: signatures.createdAt,
              givenAt: sql<number>`${now}`.as('given_at'),
              withdrawnAt: sql<null>`null`.as('withdrawn_at'),
              // Given from the confirmation mail: no mail is owed for it.
              mailState: sql<null>`null`.as('mail_state'),
              mailAttempts: sql<number>`0`.as('mail_attempts'),
              mailDueAt: sql<null>`null`.as('mail_due_at'),
            })
            .from(signatures)
            .where(and(eq(signatures.id, signatureId), eq(signatures.confirmedAt, now))),
        )
        .onConflictDoNothing({
          target: [consents.signatureId, consents.organisationId, consents.purpose],
        }),
    ),
  )
}

/** A signer who already counts (or whose email is confirmed), found by campaign and email. */
export async function findSigner(db: Db, campaignId: number, emailHash: string) {
  const [row] = await db
    .select({
      id: signatures.id,
      status: signatures.status,
      confirmedAt: signatures.confirmedAt,
      emailCipher: signatures.emailCipher,
      emailKeyId: signatures.emailKeyId,
      lang: signatures.lang,
    })
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), eq(signatures.emailHash, emailHash)))
    .limit(1)
  return row ?? null
}

/** The state of one organisation's consent for a signature, if any. */
export async function consentOf(db: Db, signatureId: number, organisationId: number) {
  const [row] = await db
    .select({ status: consents.status, askedAt: consents.askedAt })
    .from(consents)
    .where(
      and(
        eq(consents.signatureId, signatureId),
        eq(consents.organisationId, organisationId),
        eq(consents.purpose, 'updates'),
      ),
    )
    .limit(1)
  return row ?? null
}

/**
 * Records a consent as asked for (`pending`), or asks again for one that was withdrawn or is
 * still pending; a given consent stays given.
 */
export function askConsentQuery(
  db: Db,
  c: {
    signatureId: number
    organisationId: number
    noticeId: number | null
    lang: string
    source: 'page' | 'widget' | 'api'
    emailCipher: string
    emailKeyId: string
    now: number
  },
) {
  return db
    .insert(consents)
    .values({
      signatureId: c.signatureId,
      organisationId: c.organisationId,
      purpose: 'updates',
      status: 'pending',
      noticeId: c.noticeId,
      lang: c.lang,
      source: c.source,
      emailCipher: c.emailCipher,
      emailKeyId: c.emailKeyId,
      askedAt: c.now,
      // The mail asking for it is owed from here (src/jobs/mail-delivery.ts), due at once.
      mailState: 'owed',
      mailAttempts: 0,
      mailDueAt: c.now,
    })
    .onConflictDoUpdate({
      target: [consents.signatureId, consents.organisationId, consents.purpose],
      set: {
        status: 'pending',
        noticeId: c.noticeId,
        lang: c.lang,
        source: c.source,
        emailCipher: c.emailCipher,
        emailKeyId: c.emailKeyId,
        askedAt: c.now,
        withdrawnAt: null,
        mailState: 'owed',
        mailAttempts: 0,
        mailDueAt: c.now,
      },
      setWhere: sql`${consents.status} != 'given'`,
    })
}

export interface SignerConsent {
  organisationId: number
  slug: string
  name: string
  demo: boolean
  status: 'pending' | 'given' | 'withdrawn'
}

/** A signature's consents, host first. */
export async function listConsents(db: Db, signatureId: number): Promise<SignerConsent[]> {
  return db
    .select({
      organisationId: consents.organisationId,
      slug: organisations.slug,
      name: organisations.name,
      demo: organisations.demo,
      status: consents.status,
    })
    .from(consents)
    .innerJoin(organisations, eq(organisations.id, consents.organisationId))
    .where(eq(consents.signatureId, signatureId))
    .orderBy(consents.id)
}

/**
 * Withdraws one organisation's consent: it keeps the evidence (when, which notice) but not the
 * address. The signature's matching opt-in flag is cleared too, so nothing reading it lists
 * the signer for that organisation again.
 */
export async function withdrawConsent(
  db: Db,
  sig: { id: number; hostId: number | null; partnerId: number | null },
  organisationId: number,
  now: number,
): Promise<boolean> {
  const flags = {
    ...(organisationId === sig.hostId ? { keepInformed: false } : {}),
    ...(organisationId === sig.partnerId ? { keepInformedByPartner: false } : {}),
  }
  const withdraw = db
    .update(consents)
    .set({ status: 'withdrawn', withdrawnAt: now, emailCipher: null, emailKeyId: null })
    .where(
      and(
        eq(consents.signatureId, sig.id),
        eq(consents.organisationId, organisationId),
        inArray(consents.status, ['given', 'pending']),
      ),
    )
  if (Object.keys(flags).length === 0) {
    const result = await withdraw
    return result.meta.changes > 0
  }
  const [result] = await db.batch([
    withdraw,
    db.update(signatures).set(flags).where(eq(signatures.id, sig.id)),
  ])
  return result.meta.changes > 0
}

/** Gives a consent that was asked for by mail; true if it was pending. */
export async function giveConsent(
  db: Db,
  signatureId: number,
  organisationId: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .update(consents)
    .set({ status: 'given', givenAt: now })
    .where(
      and(
        eq(consents.signatureId, signatureId),
        eq(consents.organisationId, organisationId),
        eq(consents.status, 'pending'),
      ),
    )
  return result.meta.changes > 0
}
