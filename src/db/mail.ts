/**
 * What confirmation mail is owed, sent or given up (the `mail_*` columns of a signature), for
 * the queue consumer, the sweep, signing again and `/admin`.
 *
 * The consumer's statements take a whole queue batch (up to 100 signatures) as one JSON
 * parameter read with `json_each` (a `sql` fragment in the builder's statements): D1 binds at
 * most 100 parameters a statement, and this runs once per batch of mail on the delivery hot path.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lte, max, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { ConfirmationMailMessage, ConsentMailMessage } from '../lib/mail/queue.ts'
import { batchOf, createDb, type Db } from './client.ts'
import {
  campaigns,
  campaignTranslations,
  consents,
  type MailState,
  mailSweep,
  organisations,
  type SignatureState,
  signatures,
  signatureTokens,
} from './schema.ts'
import { CONFIRM_TTL_MS, REMOVE_TTL_MS } from './signatures.ts'

/** A pending signer who signs again after their mail went out gets another one at most this often. */
export const RESEND_AFTER_MS = 60 * 1000

/** A signature's row as the consumer needs it. */
export interface MailRow {
  id: number
  campaignId: number
  emailHash: string
  emailCipher: string | null
  emailKeyId: string | null
  lang: string
  status: SignatureState
  confirmedAt: number | null
  mailState: MailState
  mailGen: number
  mailAttempts: number
  /** When the current mail became owed. */
  owedAt: number
  /** The partner the signature came through, named in its mail. */
  partnerId: number | null
}

const ROW_COLUMNS = `s.id, s.campaign_id as campaignId, s.email_hash as emailHash,
  s.email_cipher as emailCipher, s.email_key_id as emailKeyId, s.lang, s.status,
  s.confirmed_at as confirmedAt, s.mail_state as mailState, s.mail_gen as mailGen,
  s.mail_attempts as mailAttempts, coalesce(s.mail_owed_at, s.created_at) as owedAt,
  s.partner_id as partnerId`

/** The rows the messages name (by campaign and email hash, the unique key), in one read. */
export async function mailRows(
  d1: D1Database,
  messages: ConfirmationMailMessage[],
): Promise<MailRow[]> {
  if (messages.length === 0) return []
  const refs = JSON.stringify(messages.map((m) => [m.c, m.h]))
  // Raw: the rows are read by joining `json_each(?)` as a table (the builder joins tables, not
  // table-valued functions), the shape that takes a whole queue batch in one parameter.
  const { results } = await d1
    .prepare(
      `select ${ROW_COLUMNS} from jsonb_each(?1) j
      join signatures s on s.campaign_id = j.value ->> 0 and s.email_hash = j.value ->> 1`,
    )
    .bind(refs)
    .all<MailRow>()
  return results
}

/** Campaign titles by `campaignId:lang` (the English title, then the slug, when missing). */
/** An organisation as its mail names it. */
export interface MailSender {
  name: string
  senderName: string
}

/** What the mail of a batch of rows names besides the row: titles, hosts, partners. */
export interface MailContext {
  /** Campaign titles by `campaignId:lang` (else English, else any, else the slug). */
  titles: Map<string, string>
  /** Each campaign's host, by campaign id. */
  hosts: Map<number, MailSender>
  /** The partners the signers came through, by organisation id. */
  partners: Map<number, MailSender>
}

/**
 * The campaign titles (in each row's language) and the organisations the mail of these rows
 * names, read in one round trip (one batch of two statements).
 */
export async function mailContext(
  d1: D1Database,
  wanted: { campaignId: number; lang: string; partnerId: number | null }[],
): Promise<MailContext> {
  const campaignIds = JSON.stringify([...new Set(wanted.map((w) => w.campaignId))])
  const partnerIds = JSON.stringify([
    ...new Set(wanted.flatMap((w) => (w.partnerId === null ? [] : [w.partnerId]))),
  ])
  const db = createDb(d1)
  const campaignIn = sql`${campaigns.id} in (select value from json_each(${campaignIds}))`
  const [results, orgs] = await db.batch([
    db
      .select({
        id: campaigns.id,
        slug: campaigns.slug,
        lang: campaignTranslations.lang,
        title: campaignTranslations.title,
      })
      .from(campaigns)
      .leftJoin(campaignTranslations, eq(campaignTranslations.campaignId, campaigns.id))
      .where(campaignIn),
    db
      .select({
        campaignId: sql<number | null>`${campaigns.id}`.as('campaign_id'),
        id: organisations.id,
        name: organisations.name,
        senderName: organisations.senderName,
      })
      .from(campaigns)
      .innerJoin(organisations, eq(organisations.id, campaigns.hostOrganisationId))
      .where(campaignIn)
      .unionAll(
        db
          .select({
            campaignId: sql<number | null>`null`.as('campaign_id'),
            id: organisations.id,
            name: organisations.name,
            senderName: organisations.senderName,
          })
          .from(organisations)
          .where(sql`${organisations.id} in (select value from json_each(${partnerIds}))`),
      ),
  ])
  const titles = new Map<string, string>()
  for (const w of wanted) {
    const rows = results.filter((r) => r.id === w.campaignId)
    const title =
      rows.find((r) => r.lang === w.lang)?.title ??
      rows.find((r) => r.lang === 'en')?.title ??
      rows[0]?.title ??
      rows[0]?.slug ??
      ''
    titles.set(`${w.campaignId}:${w.lang}`, title)
  }
  const hosts = new Map<number, MailSender>()
  const partners = new Map<number, MailSender>()
  for (const { campaignId, id, name, senderName } of orgs) {
    if (campaignId === null) partners.set(id, { name, senderName })
    else hosts.set(campaignId, { name, senderName })
  }
  return { titles, hosts, partners }
}

/** A mail of one generation of one signature. */
export interface MailRef {
  id: number
  gen: number
}

/**
 * `(id, mail_gen)` is one of the refs: the whole list as one JSON parameter read with
 * `json_each` (a row-value `in`, which the builder has no form for).
 */
const generationIn = (refs: MailRef[]) =>
  sql`(${signatures.id}, ${signatures.mailGen}) in
    (select value ->> 0, value ->> 1 from json_each(${JSON.stringify(refs.map((r) => [r.id, r.gen]))}))`

/** Marks mail sent (nothing more owed), if that generation is still the one owed. */
export function markSentStatement(db: Db, refs: MailRef[]) {
  return db
    .update(signatures)
    .set({ mailState: 'sent', mailDueAt: null })
    .where(and(generationIn(refs), eq(signatures.mailState, 'owed')))
}

/** A mail the provider accepted, with the hashes of the links in it. */
export interface SentMail extends MailRef {
  confirmHash: string
  removeHash: string
}

/**
 * Marks mail sent and writes the hashes of its links on the row, in one statement: from here
 * on the links in it work (the provider has only just accepted the mail; a Worker that dies
 * before this write leaves the mail owed, and its retry, under the same idempotency key,
 * delivers nothing twice and writes them then). Only if that generation is still the one owed;
 * a signature confirmed or removed meanwhile gets no confirm (or no) link hashes.
 */
export function markSentWithLinksStatement(d1: D1Database, sent: SentMail[]): D1PreparedStatement {
  const rows = JSON.stringify(sent.map((m) => [m.id, m.gen, m.confirmHash, m.removeHash]))
  // `jsonb_each`: each entry reaches `->>` as JSONB, not rendered to text and parsed again per
  // field (as in the signing insert, src/db/signatures.ts).
  // Raw: `update … from json_each(?)` (the builder has no `update … from`) sets each row's own
  // hashes from one parameter; the builder's form, a correlated subquery per column, would
  // parse the whole list again for every row. The consumer's hot path, once per provider call.
  return d1
    .prepare(
      `update signatures set mail_state = 'sent', mail_due_at = null,
        confirm_hash = case when confirmed_at is null and status != 'removed'
          then j.value ->> 2 end,
        remove_hash = case when status != 'removed' then j.value ->> 3 end
      from jsonb_each(?1) j
      where signatures.id = j.value ->> 0 and signatures.mail_gen = j.value ->> 1
        and signatures.mail_state = 'owed'`,
    )
    .bind(rows)
}

/** Records a failed attempt of each mail and when the next one is due. */
export function markRetryStatement(db: Db, retries: (MailRef & { dueAt: number })[]) {
  return db
    .update(signatures)
    .set(retrySet(signatures, retries))
    .where(and(generationIn(retries), eq(signatures.mailState, 'owed')))
}

/**
 * One failed attempt more, and each row's next attempt due when its retry says: the `set` of a
 * retry, for signatures' confirmation mail and consents' mail alike.
 */
function retrySet(
  table: typeof signatures | typeof consents,
  retries: { id: number; dueAt: number }[],
) {
  const due = JSON.stringify(retries.map((r) => [r.id, r.dueAt]))
  return {
    mailAttempts: sql`${table.mailAttempts} + 1`,
    mailDueAt: sql`(select value ->> 1 from json_each(${due}) where value ->> 0 = ${table.id})`,
  }
}

/** Gives up on mail that can never be sent (or was retried past its time): listed in /admin. */
export function markGivenUpStatement(db: Db, refs: MailRef[], now: number) {
  return db
    .update(signatures)
    .set({
      mailState: 'failed',
      mailAttempts: sql`${signatures.mailAttempts} + 1`,
      mailDueAt: now,
    })
    .where(and(generationIn(refs), eq(signatures.mailState, 'owed')))
}

/** Sets when mail is next due (the sweep's lease on what it re-queued, or "now"). */
function setDueStatement(db: Db, refs: MailRef[], dueAt: number) {
  return db
    .update(signatures)
    .set({ mailDueAt: dueAt })
    .where(and(generationIn(refs), eq(signatures.mailState, 'owed')))
}

export interface SweepFound extends MailRef {
  message: ConfirmationMailMessage
}

/**
 * Mail the queue may have lost, and the lease that keeps the next sweep from queueing it
 * again: fresh rows past the cursor older than `graceMs` (their message never arrived, or the
 * Worker died before sending it), and touched rows whose next attempt is `graceMs` overdue.
 * Moves the cursor past everything fresh that is handled. Returns what to queue again.
 */
export async function claimOwedMail(
  d1: D1Database,
  now: number,
  { graceMs, leaseMs, limit = 500 }: { graceMs: number; leaseMs: number; limit?: number },
): Promise<SweepFound[]> {
  const db = createDb(d1)
  const cutoff = now - graceMs
  const [cursorRows, fresh, stalled, top] = await db.batch([
    db.select({ afterId: mailSweep.afterId }).from(mailSweep).where(eq(mailSweep.id, 1)),
    db
      .select({
        id: signatures.id,
        campaignId: signatures.campaignId,
        emailHash: signatures.emailHash,
        gen: signatures.mailGen,
        owedAt: sql<number>`coalesce(${signatures.mailOwedAt}, ${signatures.createdAt})`,
      })
      .from(signatures)
      .where(
        and(
          gt(signatures.id, sql`coalesce((select after_id from mail_sweep where id = 1), 0)`),
          eq(signatures.mailState, 'owed'),
          isNull(signatures.mailDueAt),
        ),
      )
      .orderBy(signatures.id)
      .limit(limit),
    db
      .select({
        id: signatures.id,
        campaignId: signatures.campaignId,
        emailHash: signatures.emailHash,
        gen: signatures.mailGen,
      })
      .from(signatures)
      .where(
        and(
          isNotNull(signatures.mailDueAt),
          eq(signatures.mailState, 'owed'),
          lte(signatures.mailDueAt, cutoff),
        ),
      )
      .limit(limit),
    db.select({ top: max(signatures.id) }).from(signatures),
  ])
  const cursor = cursorRows[0]?.afterId ?? 0
  const young = fresh.find((r) => r.owedAt > cutoff)
  const overdue = fresh.filter((r) => r.owedAt <= cutoff)
  // Everything fresh up to the first young row is now handled (sent, or claimed below).
  const next = young
    ? young.id - 1
    : fresh.length === limit
      ? (fresh.at(-1)?.id ?? cursor)
      : Math.max(cursor, top[0]?.top ?? 0)
  const found = [...overdue, ...stalled].map((r) => ({
    id: r.id,
    gen: r.gen,
    message: { c: r.campaignId, h: r.emailHash, g: r.gen },
  }))
  const writes: BatchItem<'sqlite'>[] = []
  if (found.length > 0) writes.push(setDueStatement(db, found, now + leaseMs))
  if (next !== cursor) {
    writes.push(
      db
        .insert(mailSweep)
        .values({ id: 1, afterId: next })
        .onConflictDoUpdate({ target: mailSweep.id, set: { afterId: next } }),
    )
  }
  await batchOf(db, writes)
  return found
}

/**
 * Signing again (or asking the thank-you page to send the mail again) while the signature waits
 * for its email confirmation. Mail still owed (lost with a killed Worker, or waiting out a
 * backoff) is tried again now, the same mail; mail that went out (more than `resendAfterMs`
 * ago, a minute by default) or was given up is owed again as a new generation, with
 * fresh links. Returns the message to queue, or null when nothing is owed.
 */
export async function reoweMail(
  d1: D1Database,
  campaignId: number,
  emailHash: string,
  now: number,
  /** Mail that went out less than this long ago is not sent again. */
  resendAfterMs = RESEND_AFTER_MS,
): Promise<ConfirmationMailMessage | null> {
  const db = createDb(d1)
  const [row] = await db
    .select({
      id: signatures.id,
      emailCipher: signatures.emailCipher,
      status: signatures.status,
      confirmedAt: signatures.confirmedAt,
      mailState: signatures.mailState,
      mailGen: signatures.mailGen,
      owedAt: sql<number>`coalesce(${signatures.mailOwedAt}, ${signatures.createdAt})`,
    })
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), eq(signatures.emailHash, emailHash)))
  if (!row?.emailCipher || row.confirmedAt !== null) return null
  if (row.status !== 'pending' && row.status !== 'held') return null
  if (row.mailState === 'owed') {
    await setDueStatement(db, [{ id: row.id, gen: row.mailGen }], now)
    return { c: campaignId, h: emailHash, g: row.mailGen }
  }
  if (row.mailState === 'sent' && now - row.owedAt < resendAfterMs) return null
  const gen = row.mailGen + 1
  // The links of the mail sent keep working (as the token rows they were before 0007): their
  // hashes move to `signature_tokens` in the batch that owes the new mail, whose own hashes
  // the consumer writes on the row when it sends it. Written only if this request moved the
  // generation (the update after them in the batch checks the same generation).
  const owedAt = sql<number>`coalesce(${signatures.mailOwedAt}, ${signatures.createdAt})`
  const keep = (
    purpose: 'confirm' | 'remove',
    column: typeof signatures.confirmHash | typeof signatures.removeHash,
    ttl: number,
  ) =>
    db
      .insert(signatureTokens)
      .select(
        db
          .select({
            tokenHash: sql<string>`${column}`.as('token_hash'),
            signatureId: signatures.id,
            purpose: sql<'confirm' | 'remove'>`${purpose}`.as('purpose'),
            expiresAt: sql<number>`${owedAt} + ${ttl}`.as('expires_at'),
          })
          .from(signatures)
          .where(
            and(eq(signatures.id, row.id), eq(signatures.mailGen, row.mailGen), isNotNull(column)),
          ),
      )
      .onConflictDoNothing()
  const [, , moved] = await db.batch([
    keep('confirm', signatures.confirmHash, CONFIRM_TTL_MS),
    keep('remove', signatures.removeHash, REMOVE_TTL_MS),
    db
      .update(signatures)
      .set({
        mailGen: gen,
        mailState: 'owed',
        mailAttempts: 0,
        mailOwedAt: now,
        mailDueAt: now,
        confirmHash: null,
        removeHash: null,
      })
      .where(and(eq(signatures.id, row.id), eq(signatures.mailGen, row.mailGen))),
  ])
  // A racing request re-owed it first; its message carries the mail.
  if (!moved.meta.changes) return null
  return { c: campaignId, h: emailHash, g: gen }
}

export interface BacklogBucket {
  count: number
  /** The oldest mail's owed time (waiting, retrying), or the latest give-up (given up). */
  at: number | null
}

export interface MailBacklog {
  waiting: BacklogBucket
  retrying: BacklogBucket
  givenUp: BacklogBucket
}

/** The mail backlog for /admin: counts and times, no addresses. */
export async function mailBacklog(d1: D1Database): Promise<MailBacklog> {
  const db = createDb(d1)
  const owedAt = sql<number>`coalesce(${signatures.mailOwedAt}, ${signatures.createdAt})`
  const bucket = sql<string>`case when ${signatures.mailState} = 'failed' then 'givenUp'
    when ${signatures.mailAttempts} > 0 then 'retrying' else 'waiting' end`
  const askBucket = sql<string>`case when ${consents.mailState} = 'failed' then 'givenUp'
    when ${consents.mailAttempts} > 0 then 'retrying' else 'waiting' end`
  const [fresh, touched, asks] = await db.batch([
    db
      .select({ count: sql<number>`count(*)`, at: sql<number | null>`min(${owedAt})` })
      .from(signatures)
      .where(
        and(
          gt(signatures.id, sql`coalesce((select after_id from mail_sweep where id = 1), 0)`),
          eq(signatures.mailState, 'owed'),
          isNull(signatures.mailDueAt),
        ),
      ),
    db
      .select({
        bucket,
        count: sql<number>`count(*)`,
        oldest: sql<number | null>`min(${owedAt})`,
        latest: sql<number | null>`max(${signatures.mailDueAt})`,
      })
      .from(signatures)
      .where(and(isNotNull(signatures.mailDueAt), sql`${signatures.mailState} != 'sent'`))
      .groupBy(bucket),
    // The mails asking for a partner's consent (few): owed or given up.
    db
      .select({
        bucket: askBucket,
        count: sql<number>`count(*)`,
        oldest: sql<number | null>`min(${consents.askedAt})`,
        latest: sql<number | null>`max(${consents.mailDueAt})`,
      })
      .from(consents)
      .where(inArray(consents.mailState, ['owed', 'failed']))
      .groupBy(askBucket),
  ])
  const of = (name: string) => {
    const rows = [...touched, ...asks].filter((r) => r.bucket === name)
    const oldest = rows.flatMap((r) => (r.oldest === null ? [] : [r.oldest]))
    const latest = rows.flatMap((r) => (r.latest === null ? [] : [r.latest]))
    return {
      count: rows.reduce((n, r) => n + r.count, 0),
      oldest: oldest.length > 0 ? Math.min(...oldest) : null,
      latest: latest.length > 0 ? Math.max(...latest) : null,
    }
  }
  const waiting = of('waiting')
  const waitingAt = [fresh[0]?.at ?? null, waiting.oldest].filter((x): x is number => x !== null)
  return {
    waiting: {
      count: (fresh[0]?.count ?? 0) + waiting.count,
      at: waitingAt.length > 0 ? Math.min(...waitingAt) : null,
    },
    retrying: { count: of('retrying').count, at: of('retrying').oldest },
    givenUp: { count: of('givenUp').count, at: of('givenUp').latest },
  }
}

/** The mail asking for a partner's consent, as the consumer needs it (src/services/consents.ts). */
export interface ConsentMailRow {
  id: number
  askedAt: number
  mailState: MailState | null
  mailAttempts: number
  /** The address sealed for the organisation asked (`consentEmailContext`). */
  emailCipher: string | null
  emailKeyId: string | null
  organisationId: number
  lang: string
  status: (typeof consents.$inferSelect)['status']
  campaignId: number
  signatureStatus: SignatureState
}

/** One asking of one consent: asked again, it is another mail. */
export interface ConsentMailRef {
  id: number
  askedAt: number
}

/** The consents these ids name, with their signature's campaign and state, in one read. */
export async function consentMailRows(d1: D1Database, ids: number[]): Promise<ConsentMailRow[]> {
  if (ids.length === 0) return []
  return createDb(d1)
    .select({
      id: consents.id,
      askedAt: consents.askedAt,
      mailState: consents.mailState,
      mailAttempts: consents.mailAttempts,
      emailCipher: consents.emailCipher,
      emailKeyId: consents.emailKeyId,
      organisationId: consents.organisationId,
      lang: consents.lang,
      status: consents.status,
      campaignId: signatures.campaignId,
      signatureStatus: signatures.status,
    })
    .from(consents)
    .innerJoin(signatures, eq(signatures.id, consents.signatureId))
    .where(sql`${consents.id} in (select value from json_each(${JSON.stringify(ids)}))`)
}

/** `(id, asked_at)` is one of the refs, and its mail still owed. */
const consentOwed = (refs: ConsentMailRef[]) =>
  and(
    sql`(${consents.id}, ${consents.askedAt}) in
      (select value ->> 0, value ->> 1 from json_each(${JSON.stringify(refs.map((r) => [r.id, r.askedAt]))}))`,
    eq(consents.mailState, 'owed'),
  )

/** Consent mail sent (or no longer needed): nothing more owed. */
export function markConsentSentStatement(db: Db, refs: ConsentMailRef[]) {
  return db.update(consents).set({ mailState: 'sent', mailDueAt: null }).where(consentOwed(refs))
}

/** A failed attempt at each consent mail and when the next one is due. */
export function markConsentRetryStatement(db: Db, retries: (ConsentMailRef & { dueAt: number })[]) {
  return db.update(consents).set(retrySet(consents, retries)).where(consentOwed(retries))
}

/** Gives up on consent mail that can never be sent, or was retried past its time. */
export function markConsentGivenUpStatement(db: Db, refs: ConsentMailRef[], now: number) {
  return db
    .update(consents)
    .set({ mailState: 'failed', mailAttempts: sql`${consents.mailAttempts} + 1`, mailDueAt: now })
    .where(consentOwed(refs))
}

/**
 * Consent mail the queue may have lost: owed and `graceMs` past its due time (asking sets it
 * due at once, a retry at its next attempt). Leases what it returns for `leaseMs`.
 */
export async function claimOwedConsentMail(
  d1: D1Database,
  now: number,
  { graceMs, leaseMs, limit = 500 }: { graceMs: number; leaseMs: number; limit?: number },
): Promise<ConsentMailMessage[]> {
  const db = createDb(d1)
  const found = await db
    .select({ id: consents.id, askedAt: consents.askedAt })
    .from(consents)
    .where(and(eq(consents.mailState, 'owed'), lte(consents.mailDueAt, now - graceMs)))
    .limit(limit)
  if (found.length > 0) {
    await db
      .update(consents)
      .set({ mailDueAt: now + leaseMs })
      .where(consentOwed(found))
  }
  return found.map((f) => ({ p: f.id, a: f.askedAt }))
}
