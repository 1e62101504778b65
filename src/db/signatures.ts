/**
 * The signature write path. Every change to a signature and the tallies it moves are one D1
 * batch (one transaction), so a count can never drift from the rows behind it. The reads and the
 * guarded updates are drizzle's builder; raw SQL stays where the builder cannot say it: the
 * group insert (two statements over `jsonb_each` whatever the group's size) and the
 * statements guarded by the random `rev` that make racing requests safe.
 */
import { and, eq, isNull, or, sql } from 'drizzle-orm'
import { createDb, statementOf } from '../db/client.ts'
import { campaigns, type SignatureState, signatures, signatureTokens } from '../db/schema.ts'
import { utcDay } from '../domain/ip.ts'
import { type TallyDelta, tallyDeltas } from '../domain/tally.ts'
import { GroupCommit } from '../lib/group-commit.ts'
import { log } from '../lib/log.ts'
import { type MailMessage, sendMailMessages } from '../lib/mail/queue.ts'

export const CONFIRM_TTL_MS = 7 * 24 * 3600 * 1000
export const REMOVE_TTL_MS = 400 * 24 * 3600 * 1000
/**
 * How long a used remove link still says "removed" (its hash is kept with the tombstone, which
 * holds no personal data); the retention job deletes it after.
 */
export const REMOVED_LINK_TTL_MS = 30 * 24 * 3600 * 1000

export interface NewSignature {
  campaignId: number
  emailHash: string
  emailCipher: string
  emailKeyId: string
  /** The keyed email domain (`emailDomainKey`): what is stored. */
  emailDomainKey: string
  /** The domain in clear, only to check the block list in the write; never stored. */
  blockDomain: string
  /** Block list values matching the client's networks (none without an IP). */
  blockValues: string[]
  name: string
  country: string
  city: string | null
  comment: string | null
  showName: boolean
  nameInDelivery: boolean
  keepInformed: boolean
  /** The active partner signed through (already checked), and its own opt-in. */
  partnerId: number | null
  keepInformedByPartner: boolean
  source: 'page' | 'widget' | 'api'
  /** The privacy-notice versions shown: the host's, and the partner's beside its opt-in. */
  hostNoticeId: number | null
  partnerNoticeId: number | null
  lang: string
  ipHash: string | null
  /** Signatures from one IP hash on one campaign beyond this are held for review. */
  softLimit: number
  createdAt: number
}

/**
 * A group of submissions travels as one JSON parameter, so the statements below are the same
 * two whatever the group's size (D1 allows 100 bound parameters a statement, and each
 * statement has a fixed cost). Keys are short: a group can be 100 submissions. The statements
 * read it with `jsonb_each`, whose `value` is each row as JSONB: every `->>` on it is a lookup,
 * where `json_each` would render the row back to text and parse it again for each field.
 */
interface Row {
  c: number
  eh: string
  ec: string
  ek: string
  ed: string
  bd: string
  n: string
  co: string
  ci: string | null
  cm: string | null
  sn: 0 | 1
  nd: 0 | 1
  ki: 0 | 1
  p: number | null
  kp: 0 | 1
  so: string
  hn: number | null
  pn: number | null
  l: string
  ip: string | null
  /** Earlier submissions of this group from the same network to the same campaign. */
  pr: number
  sl: number
  at: number
  b1: string | null
  b2: string | null
}

function rowsOf(list: NewSignature[]): Row[] {
  const seen = new Map<string, number>()
  return list.map((s) => {
    const net = s.ipHash === null ? null : `${s.campaignId}:${s.ipHash}`
    const prior = net === null ? 0 : (seen.get(net) ?? 0)
    if (net !== null) seen.set(net, prior + 1)
    return {
      c: s.campaignId,
      eh: s.emailHash,
      ec: s.emailCipher,
      ek: s.emailKeyId,
      ed: s.emailDomainKey,
      bd: s.blockDomain,
      n: s.name,
      co: s.country,
      ci: s.city,
      cm: s.comment,
      sn: s.showName ? 1 : 0,
      nd: s.nameInDelivery ? 1 : 0,
      ki: s.keepInformed ? 1 : 0,
      p: s.partnerId,
      kp: s.partnerId !== null && s.keepInformedByPartner ? 1 : 0,
      so: s.source,
      hn: s.hostNoticeId,
      pn: s.partnerId === null ? null : s.partnerNoticeId,
      l: s.lang,
      ip: s.ipHash,
      pr: prior,
      sl: s.softLimit,
      at: s.createdAt,
      b1: s.blockValues[0] ?? null,
      b2: s.blockValues[1] ?? null,
    }
  })
}

/**
 * The rows this batch inserted: a submission's email ciphertext has a fresh random IV, so it
 * names the row written for that submission and no other (a duplicate's row has another).
 */
const MINE = `jsonb_each(?1) j join signatures s on s.campaign_id = j.value ->> 'c'
  and s.email_hash = j.value ->> 'eh' and s.email_cipher = j.value ->> 'ec'`

/**
 * Statements recording a group of submissions; a duplicate (same campaign and email hash)
 * adds nothing. A submission is held when its network already has `softLimit` signatures on
 * the campaign, counting earlier ones of the same group (SQLite reads the rows an
 * `insert … select` adds only after the select has run). Blocked submissions write nothing.
 */
export function recordStatements(d1: D1Database, list: NewSignature[]): D1PreparedStatement[] {
  const rows = rowsOf(list)
  const whole = JSON.stringify(rows)
  // A UTF-16 unit is at most 3 bytes of UTF-8: most groups fit without measuring each row.
  if (whole.length * 3 <= MAX_ROWS_JSON_BYTES) return chunkStatements(d1, whole)
  // Rows again per chunk: a chunk counts its own earlier rows (`pr`), while those of earlier
  // chunks are already in the table when its insert runs.
  return chunks(list, rows).flatMap((chunk) => chunkStatements(d1, JSON.stringify(rowsOf(chunk))))
}

/** The JSON of one statement's rows stays under this many bytes (D1 bounds a statement). */
const MAX_ROWS_JSON_BYTES = 90_000

/** Splits a group so each statement's rows stay under `MAX_ROWS_JSON_BYTES` of JSON. */
function chunks(list: NewSignature[], rows: Row[]): NewSignature[][] {
  const encoder = new TextEncoder()
  const out: NewSignature[][] = []
  let current: NewSignature[] = []
  let bytes = 2
  for (const [i, row] of rows.entries()) {
    const size = encoder.encode(JSON.stringify(row)).length + 1
    if (current.length > 0 && bytes + size > MAX_ROWS_JSON_BYTES) {
      out.push(current)
      current = []
      bytes = 2
    }
    current.push(list[i] as NewSignature)
    bytes += size
  }
  if (current.length > 0) out.push(current)
  return out
}

/**
 * The two statements of one chunk, given its rows as JSON (the chunks of a group run in
 * order, in one batch).
 */
function chunkStatements(d1: D1Database, rows: string): D1PreparedStatement[] {
  // Raw: `insert … select` from `jsonb_each(?)` joined as a table, with `returning` and the
  // held/blocked cases per row; one parameter for the whole group (measured: signing's path).
  return [
    d1
      .prepare(
        `insert into signatures (campaign_id, email_hash, email_cipher, email_key_id, email_domain_key,
          name, country, city, comment, show_name, name_in_delivery, keep_informed, partner_id,
          keep_informed_by_partner, source, host_notice_id, partner_notice_id, lang, ip_hash,
          created_at, status, rev)
        select j.value ->> 'c', j.value ->> 'eh', j.value ->> 'ec', j.value ->> 'ek',
          j.value ->> 'ed', j.value ->> 'n', j.value ->> 'co', j.value ->> 'ci', j.value ->> 'cm',
          j.value ->> 'sn', j.value ->> 'nd', j.value ->> 'ki', j.value ->> 'p', j.value ->> 'kp',
          j.value ->> 'so', j.value ->> 'hn', j.value ->> 'pn', j.value ->> 'l', j.value ->> 'ip',
          j.value ->> 'at',
          case when j.value ->> 'ip' is not null and (j.value ->> 'pr') + (select count(*)
              from signatures x where x.campaign_id = j.value ->> 'c'
              and x.ip_hash = j.value ->> 'ip') >= j.value ->> 'sl'
            then 'held' else 'pending' end, 1
        from jsonb_each(?1) j
        where not exists (select 1 from blocklist where (kind = 'domain' and value = j.value ->> 'bd')
          or (kind = 'ip' and value in (j.value ->> 'b1', j.value ->> 'b2')))
        order by j.key
        on conflict (campaign_id, email_hash) do nothing
        returning email_cipher`,
      )
      .bind(rows),
    d1
      .prepare(
        `insert into tallies (campaign_id, dimension, key, n)
        select s.campaign_id, 'state', s.status, count(*) from ${MINE}
        where true group by s.campaign_id, s.status
        on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`,
      )
      .bind(rows),
  ]
}

export type RecordOutcome = 'recorded' | 'duplicate'

/** `chunkStatements` writes the rows, then the state tally. */
const STATEMENTS_PER_CHUNK = 2

/**
 * Records several submissions in one transaction, logged as one line; outcome per submission,
 * in order.
 */
export async function recordSignatures(
  d1: D1Database,
  list: NewSignature[],
): Promise<RecordOutcome[]> {
  if (list.length === 0) return []
  const results = await d1.batch<{ email_cipher: string }>(recordStatements(d1, list))
  // Every other result is a chunk's insert, returning the rows it wrote.
  const mine = new Set(
    results
      .filter((_, i) => i % STATEMENTS_PER_CHUNK === 0)
      .flatMap((r) => r.results.map((x) => x.email_cipher)),
  )
  const outcomes = list.map(
    (s): RecordOutcome => (mine.has(s.emailCipher) ? 'recorded' : 'duplicate'),
  )
  logGroup(list, outcomes)
  return outcomes
}

export interface SignatureState_ {
  id: number
  campaignId: number
  status: SignatureState
  country: string
  confirmedAt: number | null
  /** The organisation credited (`partner` tally key): the partner, else the host. */
  credit: string | null
}

/**
 * The `credit` column of a signature joined with its campaign: the organisation credited (the
 * partner, else the host). The raw invalidation batch spells the same rule as SQL text (`CREDIT`
 * in src/db/admin/invalidations.ts).
 */
export const credit = sql<
  string | null
>`cast(coalesce(${signatures.partnerId}, ${campaigns.hostOrganisationId}) as text)`

/** The columns of `SignatureState_`, for a read of signatures joined with campaigns. */
const stateColumns = {
  id: signatures.id,
  campaignId: signatures.campaignId,
  status: signatures.status,
  country: signatures.country,
  confirmedAt: signatures.confirmedAt,
  credit,
}

/** Statements adding tally deltas, applied only if the signature still has revision `rev`. */
export function guardedTallyStatements(
  d1: D1Database,
  campaignId: number,
  deltas: TallyDelta[],
  guard: { signatureId: number; rev: number },
): D1PreparedStatement[] {
  // Raw: the row is inserted only while the signature still has the batch's revision (a
  // guard on a subquery inside an upsert), what keeps a racing change from moving a count twice.
  return deltas.map((d) =>
    d1
      .prepare(
        `insert into tallies (campaign_id, dimension, key, n)
        select ?, ?, ?, ? where (select rev from signatures where id = ?) = ?
        on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`,
      )
      .bind(campaignId, d.dimension, d.key, d.delta, guard.signatureId, guard.rev),
  )
}

/** A random revision for the guard of one change. */
export function newRev(): number {
  return (crypto.getRandomValues(new Uint32Array(1))[0] ?? 1) + 2
}

/** Columns a transition may set besides status and rev. */
type Assignments = Omit<Partial<typeof signatures.$inferInsert>, 'status' | 'rev'>

/** The revision a batch's guarded update wrote: later statements of the batch test it. */
export interface Guard {
  signatureId: number
  rev: number
}

/**
 * SQL true only when the batch's guarded update happened; binds `signatureId, rev`. The
 * statements below are raw: each is guarded by this subquery on the revision the batch wrote.
 */
export const GUARD_HELD = '(select rev from signatures where id = ?) = ?'

/**
 * Keeps a used confirm link, so that opening it again says "already confirmed" (the tokens are
 * derived, a new one never repeats it): it lives as long as the mail's remove link, only if the
 * guarded update happened.
 */
export function guardedTokenKeep(
  d1: D1Database,
  guard: Guard,
  tokenHash: string,
  expiresAt: number,
): D1PreparedStatement {
  return d1
    .prepare(`update signature_tokens set expires_at = ? where token_hash = ? and ${GUARD_HELD}`)
    .bind(expiresAt, tokenHash, guard.signatureId, guard.rev)
}

/**
 * A removal's tokens, only if its guarded update happened: every link but the remove links is
 * deleted; those stay until `removedUntil` (then retention deletes them), pointing at a
 * tombstone with no personal data, so a remove link opened again says the signature was removed.
 */
export function guardedTokensOnRemoval(
  d1: D1Database,
  guard: Guard,
  removedUntil: number,
): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        `delete from signature_tokens where signature_id = ? and purpose != 'remove'
        and ${GUARD_HELD}`,
      )
      .bind(guard.signatureId, guard.signatureId, guard.rev),
    d1
      .prepare(
        `update signature_tokens set expires_at = min(expires_at, ?)
        where signature_id = ? and purpose = 'remove' and ${GUARD_HELD}`,
      )
      .bind(removedUntil, guard.signatureId, guard.signatureId, guard.rev),
    // The current mail's remove link (its hash on the row, migrations/0007) joins them, and
    // the row keeps no link hash.
    d1
      .prepare(
        `insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
        select remove_hash, id, 'remove', ? from signatures
        where id = ? and remove_hash is not null and ${GUARD_HELD}
        on conflict do nothing`,
      )
      .bind(removedUntil, guard.signatureId, guard.signatureId, guard.rev),
    d1
      .prepare(
        `update signatures set confirm_hash = null, remove_hash = null
        where id = ? and ${GUARD_HELD}`,
      )
      .bind(guard.signatureId, guard.signatureId, guard.rev),
  ]
}

/**
 * Moves one signature from `sig.status` to `to` if it is still as read (same state, same
 * `confirmed_at`), setting `assign` too, with its tally deltas and the `extra` statements
 * guarded by a fresh revision — all in one batch, so nothing acts unless the move happened.
 * Returns whether it happened (a racing request may have changed the signature first).
 */
export async function transition(
  d1: D1Database,
  sig: SignatureState_,
  to: SignatureState,
  assign: Assignments = {},
  extra: (guard: Guard) => D1PreparedStatement[] = () => [],
): Promise<boolean> {
  const rev = newRev()
  const guard = { signatureId: sig.id, rev }
  const confirmedAt = 'confirmedAt' in assign ? (assign.confirmedAt ?? null) : sig.confirmedAt
  const country = assign.country ?? sig.country
  const deltas = tallyDeltas(
    sig.status,
    to,
    {
      country: sig.country,
      confirmedDay: sig.confirmedAt ? utcDay(sig.confirmedAt) : null,
      credit: sig.credit,
    },
    { country, confirmedDay: confirmedAt ? utcDay(confirmedAt) : null, credit: sig.credit },
  )
  const db = createDb(d1)
  const update = db
    .update(signatures)
    .set({ ...assign, status: to, rev })
    .where(
      and(
        eq(signatures.id, sig.id),
        eq(signatures.status, sig.status),
        sig.confirmedAt === null
          ? isNull(signatures.confirmedAt)
          : eq(signatures.confirmedAt, sig.confirmedAt),
      ),
    )
  const results = await d1.batch([
    statementOf(d1, update),
    ...guardedTallyStatements(d1, sig.campaignId, deltas, guard),
    ...extra(guard),
  ])
  return results[0]?.meta.changes === 1
}

/** A signature's state as it is now, or null when it no longer exists. */
export async function signatureState(d1: D1Database, id: number): Promise<SignatureState_ | null> {
  const [row] = await createDb(d1)
    .select(stateColumns)
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .where(eq(signatures.id, id))
  return row ?? null
}

/** A guarded change lost to a racing one this many times in a row gives up (never in practice). */
const ATTEMPTS = 5

export interface TokenLookup extends SignatureState_ {
  purpose: 'confirm' | 'remove' | 'consent'
  expiresAt: number
  lang: string
  campaignSlug: string
  /** What confirmation turns into consents (see `consentStatements`). */
  hostId: number | null
  partnerId: number | null
  keepInformed: 0 | 1
  keepInformedByPartner: 0 | 1
  hostNoticeId: number | null
  partnerNoticeId: number | null
  source: 'page' | 'widget' | 'api'
  emailCipher: string | null
  emailKeyId: string | null
  createdAt: number
}

/** What a link-token look-up reads of the signature and its campaign. */
const lookupColumns = {
  ...stateColumns,
  lang: signatures.lang,
  campaignSlug: campaigns.slug,
  hostId: campaigns.hostOrganisationId,
  partnerId: signatures.partnerId,
  keepInformed: sql<0 | 1>`${signatures.keepInformed}`,
  keepInformedByPartner: sql<0 | 1>`${signatures.keepInformedByPartner}`,
  hostNoticeId: signatures.hostNoticeId,
  partnerNoticeId: signatures.partnerNoticeId,
  source: signatures.source,
  emailCipher: signatures.emailCipher,
  emailKeyId: signatures.emailKeyId,
  createdAt: signatures.createdAt,
}

/**
 * The signature a link token stands for, by the token's hash: the current mail's links on the
 * signature's row (migrations/0007), else `signature_tokens` (an earlier mail's links, a
 * partner-consent mail's, and every token written before 0007). One round trip.
 */
export async function findByToken(d1: D1Database, tokenHash: string): Promise<TokenLookup | null> {
  const db = createDb(d1)
  // The current mail's links expire as the token rows do: counted from when it was owed, and a
  // used confirm link (kept to say "already confirmed") as long as a remove link.
  const owedAt = sql<number>`coalesce(${signatures.mailOwedAt}, ${signatures.createdAt})`
  const isConfirm = sql`${signatures.confirmHash} = ${tokenHash}`
  const confirmExpires = sql`case when ${signatures.confirmedAt} is not null
    then ${signatures.confirmedAt} + ${REMOVE_TTL_MS} else ${owedAt} + ${CONFIRM_TTL_MS} end`
  const [inRow, inTable] = await db.batch([
    db
      .select({
        ...lookupColumns,
        purpose: sql<
          TokenLookup['purpose']
        >`case when ${isConfirm} then 'confirm' else 'remove' end`,
        expiresAt: sql<number>`case when ${isConfirm} then ${confirmExpires}
          else ${owedAt} + ${REMOVE_TTL_MS} end`,
      })
      .from(signatures)
      .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
      .where(or(eq(signatures.confirmHash, tokenHash), eq(signatures.removeHash, tokenHash))),
    db
      .select({
        ...lookupColumns,
        purpose: signatureTokens.purpose,
        expiresAt: signatureTokens.expiresAt,
      })
      .from(signatureTokens)
      .innerJoin(signatures, eq(signatures.id, signatureTokens.signatureId))
      .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
      .where(eq(signatureTokens.tokenHash, tokenHash)),
  ])
  return inRow[0] ?? inTable[0] ?? null
}

export type ConfirmOutcome = 'confirmed' | 'held' | 'already' | 'gone'

/**
 * Confirms a pending signature (a held one only records that its email is confirmed). Each
 * attempt acts only if the signature is still as read; when a racing change (a removal, an
 * approval) got there first, it reads the signature again and answers for what it is now.
 */
export async function confirmSignature(
  d1: D1Database,
  sig: SignatureState_,
  tokenHash: string,
  now: number,
  /**
   * Written in the same batch, e.g. the consents the signer asked for; they must check that
   * this confirmation happened (`confirmed_at = now`), as `consentStatements` do.
   */
  extra: D1PreparedStatement[] = [],
): Promise<ConfirmOutcome> {
  let current: SignatureState_ | null = sig
  for (let attempt = 0; attempt < ATTEMPTS && current; attempt++) {
    if (current.status === 'held') {
      if (current.confirmedAt !== null) return 'held'
      const guard = { signatureId: current.id, rev: newRev() }
      const [update] = await d1.batch([
        statementOf(
          d1,
          createDb(d1)
            .update(signatures)
            .set({ confirmedAt: now, rev: guard.rev })
            .where(
              and(
                eq(signatures.id, current.id),
                eq(signatures.status, 'held'),
                isNull(signatures.confirmedAt),
              ),
            ),
        ),
        guardedTokenKeep(d1, guard, tokenHash, now + REMOVE_TTL_MS),
        ...extra,
      ])
      if (update?.meta.changes === 1) return 'held'
    } else if (current.status === 'pending') {
      // The confirm link stays (its hash on the row, or its token row kept below), so that
      // opening it again says "already confirmed".
      const moved = await transition(d1, current, 'confirmed', { confirmedAt: now }, (g) => [
        guardedTokenKeep(d1, g, tokenHash, now + REMOVE_TTL_MS),
        ...extra,
      ])
      if (moved) return 'confirmed'
    } else {
      return current.status === 'confirmed' ? 'already' : 'gone'
    }
    current = await signatureState(d1, sig.id)
  }
  return 'gone'
}

/**
 * Removes a signature at the signer's request: it stops counting and everything personal is
 * erased. The row stays as a tombstone (state `removed`, country `ZZ`) so the state tallies
 * still match a recount; its email hash is replaced so the person may sign again later.
 * Whatever state a racing request moved the signature to, removal still happens (it is read
 * again and retried); `gone` when it was already removed.
 */
export async function removeSignature(
  d1: D1Database,
  sig: SignatureState_,
): Promise<'removed' | 'gone'> {
  let current: SignatureState_ | null = sig
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (!current || current.status === 'removed') return 'gone'
    const tombstone = `removed:${crypto.randomUUID()}`
    const now = Date.now()
    const moved = await transition(
      d1,
      current,
      'removed',
      {
        emailHash: tombstone,
        emailCipher: null,
        emailKeyId: null,
        emailDomain: null,
        emailDomainKey: null,
        name: null,
        city: null,
        comment: null,
        ipHash: null,
        country: 'ZZ',
        showName: false,
        nameInDelivery: false,
        keepInformed: false,
        removedAt: now,
      },
      (g) => [
        ...guardedTokensOnRemoval(d1, g, now + REMOVED_LINK_TTL_MS),
        // Removal erases everything: every organisation's consent goes with the signature.
        // Raw: guarded by the revision this batch wrote (`GUARD_HELD`).
        d1
          .prepare(`delete from consents where signature_id = ? and ${GUARD_HELD}`)
          .bind(g.signatureId, g.signatureId, g.rev),
      ],
    )
    if (moved) return 'removed'
    current = await signatureState(d1, sig.id)
  }
  throw new Error('removal kept losing to concurrent changes')
}

/** One log line per write batch (not per signature): per campaign, what it recorded. */
function logGroup(list: NewSignature[], outcomes: RecordOutcome[]): void {
  const byCampaign: Record<string, { recorded: number; duplicate: number }> = {}
  for (const [i, s] of list.entries()) {
    const counts = byCampaign[s.campaignId] ?? { recorded: 0, duplicate: 0 }
    counts[outcomes[i] ?? 'duplicate'] += 1
    byCampaign[s.campaignId] = counts
  }
  log('info', 'signatures_written', { group: list.length, campaigns: byCampaign })
}

/** The writers by database and queue (one of each per environment). */
const writers = new WeakMap<
  D1Database,
  WeakMap<Queue<MailMessage>, GroupCommit<NewSignature, RecordOutcome>>
>()

/**
 * Whether a submission's batch committed, known by its email ciphertext (a fresh IV per
 * submission: no other row has it).
 */
async function wasRecorded(d1: D1Database, s: NewSignature): Promise<boolean> {
  const rows = await createDb(d1)
    .select({ one: sql`1` })
    .from(signatures)
    .where(
      and(
        eq(signatures.campaignId, s.campaignId),
        eq(signatures.emailHash, s.emailHash),
        eq(signatures.emailCipher, s.emailCipher),
      ),
    )
  return rows.length > 0
}

/**
 * The isolate's group-committing writer for a database: concurrent submissions share one
 * batch. A submission is answered only once its batch has committed; the confirmation mail of
 * every signature a batch recorded is owed from then on (the row's defaults), and one queue
 * `sendBatch` after the batch tells the consumer so (src/jobs/mail-delivery.ts; the sweep finds
 * what that send loses).
 */
export function signatureWriter(
  d1: D1Database,
  queue: Queue<MailMessage>,
): GroupCommit<NewSignature, RecordOutcome> {
  let forDb = writers.get(d1)
  if (!forDb) {
    forDb = new WeakMap()
    writers.set(d1, forDb)
  }
  let writer = forDb.get(queue)
  if (!writer) {
    writer = new GroupCommit<NewSignature, RecordOutcome>({
      write: (list) => recordSignatures(d1, list),
      recover: async (s) => {
        if (await wasRecorded(d1, s)) return 'recorded'
        const [outcome] = await recordSignatures(d1, [s])
        return outcome ?? 'duplicate'
      },
      after: (list, outcomes) => {
        const m = list.flatMap((s, i): [number, string, number][] =>
          outcomes[i] === 'recorded' ? [[s.campaignId, s.emailHash, 0]] : [],
        )
        return m.length > 0 ? sendMailMessages(queue, [{ m }]) : Promise.resolve()
      },
    })
    forDb.set(queue, writer)
  }
  return writer
}
