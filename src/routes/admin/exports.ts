/**
 * Streamed CSV exports of a campaign and their proofs:
 * - `signatures.csv`: the delivery list (confirmed only; names only where the signer agreed, and
 *   a withheld row has no city, no comment and no country whose count is suppressed; never an
 *   email);
 * - `supporters.csv`: confirmed signers who asked to be kept informed, with their email;
 * - `….csv.sig`: the proof of a completed export (SHA-256 of the file's bytes, Ed25519).
 *
 * A streamed file's digest exists only after its last byte, when the headers are long gone, so
 * the proof is computed as the bytes go out and recorded with the export's audit row just
 * before the stream closes; the `.sig` serves it from there. Every export is audit-logged when
 * it starts (so a broken-off download of emails is on the record) and completed at its end.
 */
import { type Context, Hono } from 'hono'
import { createDb } from '../../db/client.ts'
import {
  deliveryPage,
  type ExportFile,
  type ExportRecord,
  exportCampaign,
  exportFinished,
  exportPageSize,
  exportSnapshot,
  exportStarted,
  findExport,
  supporterPage,
} from '../../db/exports.ts'
import { tallyOf } from '../../db/tallies.ts'
import type { CsvValue } from '../../domain/csv.ts'
import { utcDay } from '../../domain/ip.ts'
import { notShownExactly } from '../../domain/tally.ts'
import { countryName } from '../../lib/countries.ts'
import { decryptEmail } from '../../lib/crypto.ts'
import { csvStream } from '../../lib/csv-stream.ts'
import { ApiError, notFound } from '../../lib/errors.ts'
import { log } from '../../lib/log.ts'
import { proofOf, signerFor } from '../../lib/proof.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'

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

type Page = () => Promise<CsvValue[][] | null>

/** Keyset pages of records for one export; `skipped` counts rows that could not be written. */
function pager(
  c: Context<AdminEnv>,
  file: ExportFile,
  snap: Awaited<ReturnType<typeof exportSnapshot>>,
  pageSize: number,
  hiddenCountries: ReadonlySet<string>,
): { next: Page; skipped: () => number } {
  let after = 0
  let skipped = 0
  const d1 = c.env.DB
  if (file === 'signatures.csv') {
    const lang = c.get('lang')
    const next: Page = async () => {
      const rows = await deliveryPage(d1, snap, after, pageSize)
      if (rows.length === 0) return null
      after = rows[rows.length - 1]!.id
      return rows.map((r) => {
        // Withheld means withheld: no city, no comment, and no country where its count is
        // suppressed (else counting rows would undo the suppression).
        if (!(r.nameInDelivery && r.name)) {
          const country = hiddenCountries.has(r.country) ? null : r.country
          const name = country === null ? null : countryName(lang, country)
          return [
            utcDay(r.createdAt),
            utcDay(r.confirmedAt),
            NAME_WITHHELD,
            null,
            country,
            name,
            null,
          ]
        }
        return [
          utcDay(r.createdAt),
          utcDay(r.confirmedAt),
          r.name,
          r.city,
          r.country,
          countryName(lang, r.country),
          r.comment,
        ]
      })
    }
    return { next, skipped: () => skipped }
  }
  const context = `signature:${snap.campaignId}`
  const next: Page = async () => {
    const rows = await supporterPage(d1, snap, after, pageSize)
    if (rows.length === 0) return null
    after = rows[rows.length - 1]!.id
    const records = await Promise.all(
      rows.map(async (r): Promise<CsvValue[] | null> => {
        if (!r.emailCipher || !r.emailKeyId) return null
        try {
          const email = await decryptEmail(c.env.EMAIL_KEYS, r.emailKeyId, r.emailCipher, context)
          return [email, r.name, r.country, r.lang]
        } catch {
          // A retired key or a damaged row: leave it out and count it, never fail the file.
          return null
        }
      }),
    )
    const kept = records.filter((r): r is CsvValue[] => r !== null)
    skipped += records.length - kept.length
    return kept
  }
  return { next, skipped: () => skipped }
}

async function exportCsv(c: Context<AdminEnv>, file: ExportFile) {
  const d1 = c.env.DB
  const campaign = await exportCampaign(d1, c.req.param('slug') ?? '')
  if (!campaign) throw notFound('campaign')
  // Import the key before the first byte: a broken key is a clean 500, not a cut-off file.
  const signer = await signerFor(c.env.SIGNING_KEY)
  const started = Date.now()
  const snap = await exportSnapshot(d1, campaign.id, started)
  const record: ExportRecord = {
    exportId: crypto.randomUUID(),
    file,
    campaign: campaign.slug,
    filename: `${campaign.slug}-${file.replace('.csv', '')}-${utcDay(started)}.csv`,
    startedAt: new Date(started).toISOString(),
  }
  const auditId = await exportStarted(d1, c.get('admin').actor, record)
  // Countries whose count the delivery pack and the public API do not show exactly.
  const hidden = new Set(notShownExactly(await tallyOf(createDb(d1), campaign.id, 'country')))
  const { next, skipped } = pager(c, file, snap, exportPageSize(campaign.confirmed), hidden)
  const label = `${file}:${campaign.id}`
  const body = csvStream({
    header: HEADERS[file],
    next,
    label,
    async onEnd({ digest, rows, bytes }) {
      const proof = await proofOf(signer, digest)
      await exportFinished(d1, auditId, {
        ...record,
        completedAt: new Date().toISOString(),
        rows,
        bytes,
        ...(file === 'supporters.csv' ? { skipped: skipped() } : {}),
        digest,
        signature: proof.signature,
        keyId: proof.keyId,
        publicKey: proof.publicKey,
      })
      if (skipped()) log('warn', 'export.rows_skipped', { export: label, skipped: skipped() })
    },
  })
  const sig = `${new URL(c.req.url).pathname}.sig?export=${record.exportId}`
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${record.filename}"`,
    'X-Export-Id': record.exportId,
    // Where the proof will be once the last byte is out (RFC 8288).
    Link: `<${sig}>; rel="describedby"; type="application/json"`,
  })
}

async function exportProof(c: Context<AdminEnv>, file: ExportFile) {
  const slug = c.req.param('slug') ?? ''
  if (!(await exportCampaign(c.env.DB, slug))) throw notFound('campaign')
  const r = await findExport(c.env.DB, slug, file, c.req.query('export') || undefined)
  if (!r?.digest || !r.signature) {
    throw new ApiError(404, 'not_found', `No completed ${file} export to prove: download it first.`)
  }
  return c.json(
    {
      format: 'standwith.file-proof/1',
      file: r.filename,
      campaign: r.campaign,
      exportId: r.exportId,
      rows: r.rows,
      bytes: r.bytes,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      proof: {
        algorithm: 'Ed25519',
        hash: 'SHA-256',
        digest: r.digest,
        signature: r.signature,
        keyId: r.keyId,
        publicKey: r.publicKey,
      },
    },
    200,
    {
      'Content-Disposition': `attachment; filename="${r.filename}.sig"`,
      'X-Content-SHA256': r.digest,
      'X-Signature': r.signature,
      'X-Signing-Key-Id': r.keyId ?? '',
    },
  )
}

export const exportsApi = new Hono<AdminEnv>()
  .get('/campaigns/:slug/signatures.csv', (c) => exportCsv(c, 'signatures.csv'))
  .get('/campaigns/:slug/supporters.csv', (c) => exportCsv(c, 'supporters.csv'))
  .get('/campaigns/:slug/signatures.csv.sig', (c) => exportProof(c, 'signatures.csv'))
  .get('/campaigns/:slug/supporters.csv.sig', (c) => exportProof(c, 'supporters.csv'))
