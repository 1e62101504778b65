/** `npm run verify` end to end in Node: intact files pass, a changed digit anywhere fails. */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sha256Hex } from '../../src/lib/crypto.ts'
import {
  canonicalJson,
  proofOf,
  publicKeyDocument,
  type Signer,
  serialiseDocument,
  signDocument,
  signerFor,
} from '../../src/lib/proof.ts'

const SCRIPT = fileURLToPath(new URL('../../scripts/verify.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'standwith-verify-'))

function newKey(): string {
  const { privateKey } = generateKeyPairSync('ed25519')
  return privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')
}

/** Runs the CLI; asynchronously, so this process can serve the key URL meanwhile. */
function verify(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, out: `${stdout}${stderr}` })
    })
  })
}

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const TALLY = {
  format: 'standwith.tally/1',
  campaign: { slug: 'azimzhan-askarov', title: 'Justice for Azimzhan Askarov' },
  confirmed: 1234,
  byCountry: { KG: 1200, UZ: 30, TM: 4 },
  byDay: { '2026-11-01': 1000, '2026-11-02': 234 },
  names: ['Азимжан Аскаров', 'Oʻgʻiloy Xoʻjayeva', 'Sähra Baýramowa'],
  generatedAt: '2026-11-27T10:00:00.000Z',
}

const CSV = `\uFEFFsigned_on,confirmed_on,name,city,country,comment\r\n2026-11-01,2026-11-01,Азимжан Аскаров,Бишкек,KG,"Free him, now"\r\n2026-11-02,2026-11-03,(name withheld),,UZ,'=1+2\r\n`

let signer: Signer
let keyServer: ReturnType<typeof createServer>
let keyUrl: string

before(async () => {
  signer = await signerFor(newKey())
  keyServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(publicKeyDocument(signer)))
  })
  await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve))
  keyUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/.well-known/standwith-signing-key`
})

after(() => keyServer.close())

describe('a signed JSON document', () => {
  it('verifies when intact, with the embedded key and with the published key', async () => {
    const file = write('tally.json', serialiseDocument(await signDocument(signer, TALLY)))
    const embedded = await verify(file)
    assert.equal(embedded.code, 0, embedded.out)
    assert.match(embedded.out, /^OK /)
    assert.match(embedded.out, /compare key id/)
    const published = await verify(file, '--key', keyUrl)
    assert.equal(published.code, 0, published.out)
    assert.match(published.out, new RegExp(`by key ${signer.keyId}`))
  })

  it('fails when the document was reordered or reformatted (the bytes are what was signed)', async () => {
    const signed = await signDocument(signer, TALLY)
    const reordered = Object.fromEntries(Object.entries(signed).reverse())
    for (const [name, text] of [
      ['reordered.json', JSON.stringify(reordered)],
      ['pretty.json', JSON.stringify(signed, null, 2)],
      ['newline.json', `${serialiseDocument(signed)}\n`],
      ['escaped.json', serialiseDocument(signed).replace('Аскаров', '\\u0410скаров')],
    ] as const) {
      const res = await verify(write(name, text), '--key', keyUrl)
      assert.equal(res.code, 1, `${name}: ${res.out}`)
      assert.match(res.out, /^FAILED .*canonical/)
    }
  })

  it('fails when a duplicated key makes it read differently (issue 13)', async () => {
    const text = serialiseDocument(await signDocument(signer, TALLY))
    // A reader sees 999999 first; JSON.parse would keep the real value, which the proof covers.
    const file = write(
      'duplicate.json',
      text.replace('"confirmed":1234', '"confirmed":999999,"confirmed":1234'),
    )
    assert.notEqual(text, readFileSync(file, 'utf8'))
    const res = await verify(file, '--key', keyUrl)
    assert.equal(res.code, 1, res.out)
    assert.match(res.out, /^FAILED .*duplicate key "confirmed"/)
  })

  it('fails when a field was added', async () => {
    const signed = await signDocument(signer, TALLY)
    const file = write('added.json', serialiseDocument({ ...signed, note: 'approved' }))
    const res = await verify(file, '--key', keyUrl)
    assert.equal(res.code, 1)
    assert.match(res.out, /digest mismatch/)
  })

  it('fails when one digit of a count changed', async () => {
    const text = serialiseDocument(await signDocument(signer, TALLY))
    const file = write('tampered.json', text.replace('"KG":1200', '"KG":1290'))
    const res = await verify(file, '--key', keyUrl)
    assert.equal(res.code, 1)
    assert.match(res.out, /^FAILED .*digest mismatch/)
  })

  it('fails when the digest was recomputed but the signature is the old one', async () => {
    const signed = await signDocument(signer, TALLY)
    const changed = { ...signed, confirmed: 1235 }
    const { proof: _p, ...content } = changed
    changed.proof = { ...signed.proof, digest: await sha256Hex(canonicalJson(content)) }
    const res = await verify(write('resigned.json', serialiseDocument(changed)))
    assert.equal(res.code, 1)
    assert.match(res.out, /signature does not verify/)
  })

  it('fails against another key, even if the forger embedded their own', async () => {
    const forger = await signerFor(newKey())
    const forged = await signDocument(forger, { ...TALLY, confirmed: 99999 })
    const file = write('forged.json', serialiseDocument(forged))
    assert.equal((await verify(file)).code, 0, 'intact under its own key')
    const res = await verify(file, '--key', keyUrl)
    assert.equal(res.code, 1)
    assert.match(res.out, /key mismatch/)
  })

  it('fails without a proof', async () => {
    const res = await verify(write('plain.json', serialiseDocument(TALLY)))
    assert.equal(res.code, 1)
    assert.match(res.out, /no proof/)
  })
})

describe('a CSV export with its .sig', () => {
  async function sigFor(bytes: Uint8Array) {
    const proof = await proofOf(signer, await sha256Hex(bytes))
    return JSON.stringify({ file: 'signatures.csv', rows: 2, proof })
  }

  it('verifies with --sig, and finds FILE.sig by itself', async () => {
    const bytes = new TextEncoder().encode(CSV)
    const csv = write('export.csv', bytes)
    const sig = write('export.csv.sig', await sigFor(bytes))
    const res = await verify(csv, '--sig', sig, '--key', keyUrl)
    assert.equal(res.code, 0, res.out)
    assert.equal((await verify(csv)).code, 0)
  })

  it('fails when one digit of a date changed', async () => {
    const bytes = new TextEncoder().encode(CSV)
    const sig = write('digit.csv.sig', await sigFor(bytes))
    const csv = write('digit.csv', CSV.replace('2026-11-03', '2026-11-08'))
    const res = await verify(csv, '--sig', sig, '--key', keyUrl)
    assert.equal(res.code, 1)
    assert.match(res.out, /digest mismatch/)
  })

  it('fails when the BOM or a line ending changed (the bytes are signed)', async () => {
    const bytes = new TextEncoder().encode(CSV)
    const sig = write('bytes.csv.sig', await sigFor(bytes))
    assert.equal((await verify(write('nobom.csv', CSV.slice(1)), '--sig', sig)).code, 1)
    assert.equal((await verify(write('lf.csv', CSV.replace(/\r\n/g, '\n')), '--sig', sig)).code, 1)
  })

  it('fails when the .sig repeats a key', async () => {
    const bytes = new TextEncoder().encode(CSV)
    const csv = write('dupsig.csv', bytes)
    const good = await sigFor(bytes)
    const sig = write('dupsig.csv.sig', good.replace('"proof":{', '"proof":{"digest":"00",'))
    const res = await verify(csv, '--sig', sig, '--key', keyUrl)
    assert.equal(res.code, 1, res.out)
    assert.match(res.out, /each key once/)
  })

  it('accepts the key as a JWK, as base64, as PEM', async () => {
    const bytes = new TextEncoder().encode(CSV)
    const csv = write('keys.csv', bytes)
    const sig = write('keys.csv.sig', await sigFor(bytes))
    const doc = publicKeyDocument(signer)
    const jwk = write('key.jwk', JSON.stringify(doc.jwk))
    const b64 = write('key.b64', `${doc.publicKey}\n`)
    const der = Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      Buffer.from(doc.publicKey, 'base64'),
    ])
    const pem = write(
      'key.pem',
      `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`,
    )
    for (const key of [jwk, b64, pem]) {
      assert.equal((await verify(csv, '--sig', sig, '--key', key)).code, 0)
    }
    const other = publicKeyDocument(await signerFor(newKey()))
    const wrong = write('wrong.json', JSON.stringify(other))
    assert.equal((await verify(csv, '--sig', sig, '--key', wrong)).code, 1)
  })

  it('explains a CSV without a .sig as a usage error', async () => {
    const res = await verify(write('alone.csv', CSV))
    assert.equal(res.code, 2)
    assert.match(res.out, /pass --sig/)
    assert.equal(readFileSync(join(dir, 'alone.csv'), 'utf8'), CSV)
  })
})
