/**
 * Streamed CSV exports of a campaign and their proofs (see src/services/admin/exports.ts for
 * who gets which): `signatures.csv`, `supporters.csv` (`?organisation=SLUG` may name the
 * asker's own organisation; another's is a 403) and their `.sig`.
 */
import { type Context, Hono } from 'hono'
import type { ExportFile } from '../../db/exports.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import { exportCsv, exportProof } from '../../services/admin/exports.ts'
import { adminContext } from './shared.ts'

export { NAME_WITHHELD } from '../../services/admin/exports.ts'

const organisationOf = (c: Context<AdminEnv>) => c.req.query('organisation') || undefined

async function csv(c: Context<AdminEnv>, file: ExportFile) {
  const { body, record } = await exportCsv(
    adminContext(c),
    c.req.param('slug') ?? '',
    file,
    organisationOf(c),
  )
  const query = organisationOf(c) ? `&organisation=${encodeURIComponent(organisationOf(c)!)}` : ''
  const sig = `${new URL(c.req.url).pathname}.sig?export=${record.exportId}${query}`
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${record.filename}"`,
    'X-Export-Id': record.exportId,
    // Where the proof will be once the last byte is out (RFC 8288).
    Link: `<${sig}>; rel="describedby"; type="application/json"`,
  })
}

async function proof(c: Context<AdminEnv>, file: ExportFile) {
  const r = await exportProof(
    adminContext(c),
    c.req.param('slug') ?? '',
    file,
    c.req.query('export') || undefined,
    organisationOf(c),
  )
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
      'X-Content-SHA256': r.digest ?? '',
      'X-Signature': r.signature ?? '',
      'X-Signing-Key-Id': r.keyId ?? '',
    },
  )
}

export const exportsApi = new Hono<AdminEnv>()
  .get('/campaigns/:slug/signatures.csv', (c) => csv(c, 'signatures.csv'))
  .get('/campaigns/:slug/supporters.csv', (c) => csv(c, 'supporters.csv'))
  .get('/campaigns/:slug/signatures.csv.sig', (c) => proof(c, 'signatures.csv'))
  .get('/campaigns/:slug/supporters.csv.sig', (c) => proof(c, 'supporters.csv'))
