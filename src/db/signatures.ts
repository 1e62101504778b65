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
import { log } from '../lib/log.ts'

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

/**
 * A group of submissions travels as one JSON parameter, so the statements below are the same
 * three whatever the group's size (D1 allows 100 bound parameters a statement, and each
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
  n: string
  co: string
  ci: string | null
  cm: string | null
  sn: 0 | 1
  nd: 0 | 1
  ki: 0 | 1
  l: string
  ip: string | null
  /** Earlier submissions of this group from the same network to the same campaign. */
  pr: number
  sl: number
  at: number
  b1: string | null
  b2: string | null
  ct: string
  cx: number
  rt: string
  rx: number
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
      ed: s.emailDomain,
      n: s.name,
      co: s.country,
      ci: s.city,
      cm: s.comment,
      sn: s.showName ? 1 : 0,
      nd: s.nameInDelivery ? 1 : 0,
      ki: s.keepInformed ? 1 : 0,
      l: s.lang,
      ip: s.ipHash,
      pr: prior,
      sl: s.softLimit,
      at: s.createdAt,
      b1: s.blockValues[0] ?? null,
      b2: s.blockValues[1] ?? null,
      ct: s.confirmTokenHash,
      cx: s.createdAt + CONFIRM_TTL_MS,
      rt: s.removeTokenHash,
      rx: s.createdAt + REMOVE_TTL_MS,
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
 * The three statements of one chunk, given its rows as JSON (the chunks of a group run in
 * order, in one batch).
 */
function chunkStatements(d1: D1Database, rows: string): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        `insert into signatures (campaign_id, email_hash, email_cipher, email_key_id, email_domain,
          name, country, city, comment, show_name, name_in_delivery, keep_informed, lang, ip_hash,
          created_at, status, rev)
        select j.value ->> 'c', j.value ->> 'eh', j.value ->> 'ec', j.value ->> 'ek',
          j.value ->> 'ed', j.value ->> 'n', j.value ->> 'co', j.value ->> 'ci', j.value ->> 'cm',
          j.value ->> 'sn', j.value ->> 'nd', j.value ->> 'ki', j.value ->> 'l', j.value ->> 'ip',
          j.value ->> 'at',
          case when j.value ->> 'ip' is not null and (j.value ->> 'pr') + (select count(*)
              from signatures x where x.campaign_id = j.value ->> 'c'
              and x.ip_hash = j.value ->> 'ip') >= j.value ->> 'sl'
            then 'held' else 'pending' end, 1
        from jsonb_each(?1) j
        where not exists (select 1 from blocklist where (kind = 'domain' and value = j.value ->> 'ed')
          or (kind = 'ip' and value in (j.value ->> 'b1', j.value ->> 'b2')))
        order by j.key
        on conflict (campaign_id, email_hash) do nothing
        returning email_cipher`,
      )
      .bind(rows),
    d1
      .prepare(
        `insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
        select case p.purpose when 'confirm' then j.value ->> 'ct' else j.value ->> 'rt' end,
          s.id, p.purpose,
          case p.purpose when 'confirm' then j.value ->> 'cx' else j.value ->> 'rx' end
        from ${MINE}
        cross join (select 'confirm' as purpose union all select 'remove') p`,
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
  // Every third result is a chunk's insert, returning the rows it wrote.
  const mine = new Set(
    results.filter((_, i) => i % 3 === 0).flatMap((r) => r.results.map((x) => x.email_cipher)),
  )
  const outcomes = list.map(
    (s): RecordOutcome => (mine.has(s.emailCipher) ? 'recorded' : 'duplicate'),
  )
  logGroup(list, outcomes)
  return outcomes
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
