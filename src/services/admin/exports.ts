/**
 * Streamed CSV exports of a campaign and their proofs:
 * - `signatures.csv`: the delivery list (confirmed only; names only where the signer agreed;
 *   never an email): officers and owners of the host, never a partner;
 * - `supporters.csv`: the confirmed signers who gave one organisation their consent to hear
 *   from it, with their email: officers and owners of that organisation only (the host or a
 *   partner of the campaign), each its own list;
 * - `….csv.sig`: the proof of a completed export (SHA-256 of the file's bytes, Ed25519).
 *
 * A streamed file's digest exists only after its last byte, when the headers are long gone, so
 * the proof is computed as the bytes go out and recorded with the export's audit row just
 * before the stream closes; the `.sig` serves it from there. Every export is audit-logged when
 * it starts (so a broken-off download of emails is on the record) and completed at its end.
 */
import {
  confirmedCount,
  deliveryPage,
  type ExportFile,
  type ExportRecord,
  exportFinished,
  exportPageSize,
  exportSnapshot,
  exportStarted,
  findExport,
  type SupporterRow,
  supporterPage,
} from '../../db/exports.ts'
import { tallyOf } from '../../db/tallies.ts'
import type { CsvValue } from '../../domain/csv.ts'
import { utcDay } from '../../domain/ip.ts'
import type { Action } from '../../domain/permissions.ts'
import { notShownExactly } from '../../domain/tally.ts'
import { countryName } from '../../lib/countries.ts'
import { decryptEmail } from '../../lib/crypto.ts'
import { csvStream } from '../../lib/csv-stream.ts'
import { ApiError } from '../../lib/errors.ts'
import { log } from '../../lib/log.ts'
import { proofOf, signerFor } from '../../lib/proof.ts'
import { type AdminContext, campaignFor, forbidden, type ScopedCampaign } from './actor.ts'
import { who } from './campaigns.ts'

export const NAME_WITHHELD = '(name withheld)'

const HEADERS: Record<ExportFile, string[]> = {
  // The country's name beside its code: the list is read by people at a ministry, not a script.
  'signatures.csv': [
    'signed_on',
    'confirmed_on',
    'name',
    'city',
    'country',
    'country_name',
    'comment',
  ],
  'supporters.csv': ['email', 'name', 'country', 'language'],
}

const ACTION: Record<ExportFile, Action> = {
  'signatures.csv': 'delivery',
  'supporters.csv': 'supporters',
}

/**
 * The associated data a consent's own copy of an address is sealed with: it names the
 * organisation, so the copy opens only as that organisation's (and could later be sealed to
 * its own key).
 */
export const consentEmailContext = (organisationId: number) => `consent:${organisationId}`

type Page = () => Promise<CsvValue[][] | null>

/**
 * The campaign of an export, if the actor may have it. `organisation` (a slug) names whose
 * supporters are asked for: only the actor's own (another organisation's is a 403).
 */
async function exportScope(
  ctx: AdminContext,
  slug: string,
  file: ExportFile,
  organisation?: string,
): Promise<ScopedCampaign> {
  const campaign = await campaignFor(ctx.db, ctx.actor, ACTION[file], slug)
  if (organisation !== undefined && organisation !== ctx.actor.organisation.slug) {
    throw forbidden()
  }
  return campaign
}

/** An address from a consent's copy (else the signature's); null if none opens. */
async function supporterEmail(
  ctx: AdminContext,
  r: SupporterRow,
  campaignId: number,
): Promise<string | null> {
  const keys = ctx.env.EMAIL_KEYS
  const organisationId = ctx.actor.organisation.id
  try {
    if (r.consentCipher && r.consentKeyId) {
      return await decryptEmail(
        keys,
        r.consentKeyId,
        r.consentCipher,
        consentEmailContext(organisationId),
      )
    }
    if (r.emailCipher && r.emailKeyId) {
      return await decryptEmail(keys, r.emailKeyId, r.emailCipher, `signature:${campaignId}`)
    }
  } catch {
    // A retired key or a damaged row: left out and counted by the caller.
  }
  return null
}

/** Keyset pages of records for one export; `skipped` counts rows that could not be written. */
function pager(
  ctx: AdminContext,
  file: ExportFile,
  snap: Awaited<ReturnType<typeof exportSnapshot>>,
  pageSize: number,
  hiddenCountries: ReadonlySet<string>,
): { next: Page; skipped: () => number } {
  let after = 0
  let skipped = 0
  if (file === 'signatures.csv') {
    const next: Page = async () => {
      const rows = await deliveryPage(ctx.db, snap, after, pageSize)
      if (rows.length === 0) return null
      after = rows[rows.length - 1]!.id
      return rows.map((r) => {
        const signedOn = utcDay(r.createdAt)
        const confirmedOn = utcDay(r.confirmedAt ?? r.createdAt)
        // Withheld means withheld: no city, no comment, and no country where its count is
        // suppressed (else counting rows would undo the suppression).
        if (!(r.nameInDelivery && r.name)) {
          const country = hiddenCountries.has(r.country) ? null : r.country
          const name = country === null ? null : countryName(ctx.lang, country)
          return [signedOn, confirmedOn, NAME_WITHHELD, null, country, name, null]
        }
        return [
          signedOn,
          confirmedOn,
          r.name,
          r.city,
          r.country,
          countryName(ctx.lang, r.country),
          r.comment,
        ]
      })
    }
    return { next, skipped: () => skipped }
  }
  const organisationId = ctx.actor.organisation.id
  const next: Page = async () => {
    const rows = await supporterPage(ctx.db, snap, organisationId, after, pageSize)
    if (rows.length === 0) return null
    after = rows[rows.length - 1]!.id
    const records = await Promise.all(
      rows.map(async (r): Promise<CsvValue[] | null> => {
        const email = await supporterEmail(ctx, r, snap.campaignId)
        return email === null ? null : [email, r.name, r.country, r.lang]
      }),
    )
    const kept = records.filter((r): r is CsvValue[] => r !== null)
    skipped += records.length - kept.length
    return kept
  }
  return { next, skipped: () => skipped }
}

export interface ExportStream {
  body: ReadableStream<Uint8Array>
  record: ExportRecord
}

/** Starts a streamed export (audit-logged now, completed with its proof at the last byte). */
export async function exportCsv(
  ctx: AdminContext,
  slug: string,
  file: ExportFile,
  organisation?: string,
): Promise<ExportStream> {
  const campaign = await exportScope(ctx, slug, file, organisation)
  // Import the key before the first byte: a broken key is a clean 500, not a cut-off file.
  const signer = await signerFor(ctx.env.SIGNING_KEY)
  const started = Date.now()
  const [snap, confirmed] = await Promise.all([
    exportSnapshot(ctx.db, campaign.id, started),
    confirmedCount(ctx.db, campaign.id),
  ])
  const supporters = file === 'supporters.csv'
  const owner = supporters ? `-${ctx.actor.organisation.slug}` : ''
  const record: ExportRecord = {
    exportId: crypto.randomUUID(),
    file,
    campaign: campaign.slug,
    ...(supporters ? { organisation: ctx.actor.organisation.slug } : {}),
    filename: `${campaign.slug}-${file.replace('.csv', '')}${owner}-${utcDay(started)}.csv`,
    startedAt: new Date(started).toISOString(),
  }
  const auditId = await exportStarted(ctx.db, who(ctx), record)
  // Countries whose count the delivery pack and the public API do not show exactly.
  const hidden = new Set(notShownExactly(await tallyOf(ctx.db, campaign.id, 'country')))
  const { next, skipped } = pager(ctx, file, snap, exportPageSize(confirmed), hidden)
  const label = `${file}:${campaign.id}`
  const body = csvStream({
    header: HEADERS[file],
    next,
    label,
    async onEnd({ digest, rows, bytes }) {
      const proof = await proofOf(signer, digest)
      await exportFinished(ctx.db, auditId, {
        ...record,
        completedAt: new Date().toISOString(),
        rows,
        bytes,
        ...(supporters ? { skipped: skipped() } : {}),
        digest,
        signature: proof.signature,
        keyId: proof.keyId,
        publicKey: proof.publicKey,
      })
      if (skipped()) log('warn', 'export.rows_skipped', { export: label, skipped: skipped() })
    },
  })
  return { body, record }
}

/** The proof of the organisation's completed export (the given one, else the latest). */
export async function exportProof(
  ctx: AdminContext,
  slug: string,
  file: ExportFile,
  exportId?: string,
  organisation?: string,
): Promise<ExportRecord> {
  const campaign = await exportScope(ctx, slug, file, organisation)
  const r = await findExport(ctx.db, campaign.slug, file, ctx.actor.organisation.id, exportId)
  if (!r?.digest || !r.signature) {
    throw new ApiError(404, 'not_found', `No completed ${file} export to prove: download it first.`)
  }
  return r
}
