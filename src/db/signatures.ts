/**
 * The signature write path. Every change to a signature and the tallies it moves are one D1
 * batch (one transaction), so a count can never drift from the rows behind it. Raw SQL here:
 * the guards (`changes()`, `last_insert_rowid()`, the random `rev`) are what make racing
 * requests safe, and they are clearer spelled out.
 */
import type { SignatureState } from '../db/schema.ts'
import { utcDay } from '../domain/ip.ts'
import { type TallyDelta, tallyDeltas } from '../domain/tally.ts'
import { GroupCommit } from '../lib/group-commit.ts'

export const CONFIRM_TTL_MS = 7 * 24 * 3600 * 1000
export const REMOVE_TTL_MS = 400 * 24 * 3600 * 1000
/** A pending signer who signs again gets a fresh confirmation mail at most this often. */
export const RESEND_AFTER_MS = 10 * 60 * 1000

export interface NewSignature {
  campaignId: number
  emailHash: string
  emailCipher: string
  emailKeyId: string
  emailDomain: string
  /** Block list values matching the client's networks (none without an IP). */
  blockValues: string[]
  name: string
  country: string
  city: string | null
  comment: string | null
  showName: boolean
  nameInDelivery: boolean
  keepInformed: boolean
  lang: string
  ipHash: string | null
  /** Signatures from one IP hash on one campaign beyond this are held for review. */
  softLimit: number
  createdAt: number
  confirmTokenHash: string
  removeTokenHash: string
}

const TALLY_UPSERT = `insert into tallies (campaign_id, dimension, key, n) values (?, ?, ?, ?)
  on conflict (campaign_id, dimension, key) do update set n = n + excluded.n`

/** Statements recording one submission; a duplicate (same campaign and email hash) adds nothing. */
export function recordStatements(d1: D1Database, s: NewSignature): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        `insert into signatures (campaign_id, email_hash, email_cipher, email_key_id, email_domain,
          name, country, city, comment, show_name, name_in_delivery, keep_informed, lang, ip_hash,
          created_at, status, rev)
        select ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
          case when ?14 is not null and
            (select count(*) from signatures where campaign_id = ?1 and ip_hash = ?14) >= ?16
          then 'held' else 'pending' end, 1
        where not exists (select 1 from blocklist where (kind = 'domain' and value = ?5)
          or (kind = 'ip' and value in (?17, ?18)))
        on conflict (campaign_id, email_hash) do nothing`,
      )
      .bind(
        s.campaignId,
        s.emailHash,
        s.emailCipher,
        s.emailKeyId,
        s.emailDomain,
        s.name,
        s.country,
        s.city,
        s.comment,
        s.showName ? 1 : 0,
        s.nameInDelivery ? 1 : 0,
        s.keepInformed ? 1 : 0,
        s.lang,
        s.ipHash,
        s.createdAt,
        s.softLimit,
        s.blockValues[0] ?? null,
        s.blockValues[1] ?? null,
      ),
    // Must follow the insert directly: changes() and last_insert_rowid() speak of it.
    d1
      .prepare(
        `insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
        select ?, last_insert_rowid(), 'confirm', ? where changes() = 1`,
      )
      .bind(s.confirmTokenHash, s.createdAt + CONFIRM_TTL_MS),
    d1
      .prepare(
        `insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
        select ?, signature_id, 'remove', ? from signature_tokens where token_hash = ?`,
      )
      .bind(s.removeTokenHash, s.createdAt + REMOVE_TTL_MS, s.confirmTokenHash),
    d1
      .prepare(
        `insert into tallies (campaign_id, dimension, key, n)
        select s.campaign_id, 'state', s.status, 1 from signature_tokens t
          join signatures s on s.id = t.signature_id where t.token_hash = ?
        on conflict (campaign_id, dimension, key) do update set n = n + 1`,
      )
      .bind(s.confirmTokenHash),
  ]
}

export type RecordOutcome = 'recorded' | 'duplicate'

/** Records several submissions in one transaction; outcome per submission, in order. */
export async function recordSignatures(
  d1: D1Database,
  list: NewSignature[],
): Promise<RecordOutcome[]> {
  if (list.length === 0) return []
  const results = await d1.batch(list.flatMap((s) => recordStatements(d1, s)))
  return list.map((_, i) => (results[i * 4 + 1]?.meta.changes === 1 ? 'recorded' : 'duplicate'))
}

/**
 * For a duplicate submission whose signature still waits for its email confirmation: new
 * tokens for a fresh confirmation mail, unless one was issued in the last few minutes.
 * Returns the signature's language when tokens were issued.
 */
export async function reissueTokens(
  d1: D1Database,
  campaignId: number,
  emailHash: string,
  now: number,
  confirmTokenHash: string,
  removeTokenHash: string,
): Promise<{ lang: string } | null> {
  const recent = now + CONFIRM_TTL_MS - RESEND_AFTER_MS
  const [inserted] = await d1.batch([
    d1
      .prepare(
        `insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
        select ?, s.id, 'confirm', ? from signatures s
        where s.campaign_id = ? and s.email_hash = ? and s.confirmed_at is null
          and s.status in ('pending', 'held')
          and not exists (select 1 from signature_tokens t where t.signature_id = s.id
            and t.purpose = 'confirm' and t.expires_at > ?)
        returning signature_id`,
      )
      .bind(confirmTokenHash, now + CONFIRM_TTL_MS, campaignId, emailHash, recent),
    d1
      .prepare(
        `insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
        select ?, signature_id, 'remove', ? from signature_tokens where token_hash = ?`,
      )
      .bind(removeTokenHash, now + REMOVE_TTL_MS, confirmTokenHash),
  ])
  if (!inserted?.results.length) return null
  const row = await d1
    .prepare('select lang from signatures where campaign_id = ? and email_hash = ?')
    .bind(campaignId, emailHash)
    .first<{ lang: string }>()
  return row
}

export interface SignatureState_ {
  id: number
  campaignId: number
  status: SignatureState
  country: string
  confirmedAt: number | null
}

/** Statements adding tally deltas, applied only if the signature still has revision `rev`. */
export function guardedTallyStatements(
  d1: D1Database,
  campaignId: number,
  deltas: TallyDelta[],
  guard: { signatureId: number; rev: number },
): D1PreparedStatement[] {
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

/** Unguarded tally deltas (for bulk changes that compute their own deltas in the same batch). */
export function tallyStatements(
  d1: D1Database,
  campaignId: number,
  deltas: TallyDelta[],
): D1PreparedStatement[] {
  return deltas.map((d) => d1.prepare(TALLY_UPSERT).bind(campaignId, d.dimension, d.key, d.delta))
}

/** A random revision for the guard of one change. */
export function newRev(): number {
  return (crypto.getRandomValues(new Uint32Array(1))[0] ?? 1) + 2
}

/** Columns a transition may set besides status and rev. */
type Assignments = Record<string, string | number | null>

/**
 * Moves one signature from `sig.status` to `to` if it is still in `sig.status`, setting
 * `assign` too, with its tally deltas guarded by a fresh revision — all in one batch.
 * Returns whether the move happened (a racing request may have moved it first).
 */
export async function transition(
  d1: D1Database,
  sig: SignatureState_,
  to: SignatureState,
  assign: Assignments = {},
  extra: D1PreparedStatement[] = [],
): Promise<boolean> {
  const rev = newRev()
  const confirmedAt =
    'confirmed_at' in assign ? (assign.confirmed_at as number | null) : sig.confirmedAt
  const country = 'country' in assign ? String(assign.country) : sig.country
  const deltas = tallyDeltas(
    sig.status,
    to,
    { country: sig.country, confirmedDay: sig.confirmedAt ? utcDay(sig.confirmedAt) : null },
    { country, confirmedDay: confirmedAt ? utcDay(confirmedAt) : null },
  )
  const columns = Object.keys(assign)
  for (const c of columns) if (!/^[a-z_]+$/.test(c)) throw new Error(`bad column ${c}`)
  const set = ['status = ?', 'rev = ?', ...columns.map((c) => `${c} = ?`)].join(', ')
  const results = await d1.batch([
    d1
      .prepare(`update signatures set ${set} where id = ? and status = ?`)
      .bind(to, rev, ...columns.map((c) => assign[c] ?? null), sig.id, sig.status),
    ...guardedTallyStatements(d1, sig.campaignId, deltas, { signatureId: sig.id, rev }),
    ...extra,
  ])
  return results[0]?.meta.changes === 1
}

export interface TokenLookup extends SignatureState_ {
  purpose: 'confirm' | 'remove'
  expiresAt: number
  lang: string
  campaignSlug: string
}

/** The signature a link token stands for, by the token's hash. */
export async function findByToken(d1: D1Database, tokenHash: string): Promise<TokenLookup | null> {
  return d1
    .prepare(
      `select s.id, s.campaign_id as campaignId, s.status, s.country, s.confirmed_at as confirmedAt,
        s.lang, t.purpose, t.expires_at as expiresAt, c.slug as campaignSlug
      from signature_tokens t join signatures s on s.id = t.signature_id
      join campaigns c on c.id = s.campaign_id where t.token_hash = ?`,
    )
    .bind(tokenHash)
    .first<TokenLookup>()
}

/** Confirms a pending signature (a held one only records that its email is confirmed). */
export async function confirmSignature(
  d1: D1Database,
  sig: SignatureState_,
  tokenHash: string,
  now: number,
): Promise<'confirmed' | 'held' | 'already' | 'gone'> {
  const dropToken = d1
    .prepare("delete from signature_tokens where token_hash = ? and purpose = 'confirm'")
    .bind(tokenHash)
  if (sig.status === 'held') {
    await d1.batch([
      d1
        .prepare('update signatures set confirmed_at = ? where id = ? and confirmed_at is null')
        .bind(now, sig.id),
      dropToken,
    ])
    return 'held'
  }
  if (sig.status !== 'pending') return sig.status === 'confirmed' ? 'already' : 'gone'
  const moved = await transition(d1, sig, 'confirmed', { confirmed_at: now }, [dropToken])
  return moved ? 'confirmed' : 'already'
}

/**
 * Removes a signature at the signer's request: it stops counting and everything personal is
 * erased. The row stays as a tombstone (state `removed`, country `ZZ`) so the state tallies
 * still match a recount; its email hash is replaced so the person may sign again later.
 */
export async function removeSignature(d1: D1Database, sig: SignatureState_): Promise<boolean> {
  if (sig.status === 'removed') return false
  const tombstone = `removed:${crypto.randomUUID()}`
  return transition(
    d1,
    sig,
    'removed',
    {
      email_hash: tombstone,
      email_cipher: null,
      email_key_id: null,
      email_domain: null,
      name: null,
      city: null,
      comment: null,
      ip_hash: null,
      country: 'ZZ',
      show_name: 0,
      name_in_delivery: 0,
      keep_informed: 0,
      removed_at: Date.now(),
    },
    [d1.prepare('delete from signature_tokens where signature_id = ?').bind(sig.id)],
  )
}

/** Confirmed signers who chose to be shown, newest first (by signing order, on the index). */
export function publicSignersQuery(d1: D1Database, campaignId: number, limit = 10) {
  return d1
    .prepare(
      `select name, country from signatures where campaign_id = ? and status = 'confirmed'
        and show_name = 1 and name is not null order by id desc limit ?`,
    )
    .bind(campaignId, limit)
}

const writers = new WeakMap<D1Database, GroupCommit<NewSignature, RecordOutcome>>()

/** Whether a submission's batch committed, known by its confirm token. */
async function wasRecorded(d1: D1Database, s: NewSignature): Promise<boolean> {
  const row = await d1
    .prepare('select 1 from signature_tokens where token_hash = ?')
    .bind(s.confirmTokenHash)
    .first()
  return row !== null
}

/**
 * The isolate's group-committing writer for a database: concurrent submissions share one
 * batch. A submission is answered only once its batch has committed.
 */
export function signatureWriter(d1: D1Database): GroupCommit<NewSignature, RecordOutcome> {
  let writer = writers.get(d1)
  if (!writer) {
    writer = new GroupCommit<NewSignature, RecordOutcome>({
      write: (list) => recordSignatures(d1, list),
      recover: async (s) => {
        if (await wasRecorded(d1, s)) return 'recorded'
        const [outcome] = await recordSignatures(d1, [s])
        return outcome ?? 'duplicate'
      },
    })
    writers.set(d1, writer)
  }
  return writer
}
