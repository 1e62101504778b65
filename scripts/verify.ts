/**
 * `npm run verify -- FILE [--sig FILE.sig] [--key URL|FILE]`: checks offline that a downloaded
 * tally, delivery pack (JSON) or export (CSV + its .sig) was not altered since standwith signed
 * it: the bytes are checked (a JSON document must be exactly the canonical form it was served
 * in, each key once). Prints OK or what failed; exits 1 on failure, 2 on a usage error.
 */
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { fromBase64, fromBase64Url, sha256Hex } from '../src/lib/crypto.ts'
import {
  type Proof,
  parseStrictJson,
  SIGNING_KEY_PATH,
  utf8Text,
  type Verdict,
  verifyDocumentText,
  verifyProof,
} from '../src/lib/proof.ts'

const USAGE = `Usage: npm run verify -- FILE [--sig FILE.sig] [--key URL|FILE]

  FILE         a signed JSON document (tallies, delivery pack) or a CSV export
  --sig FILE   the proof of a CSV (GET …/signatures.csv.sig); default FILE.sig if it exists
  --key SRC    the trusted public key: the URL of ${SIGNING_KEY_PATH} on the
               standwith server, or a file holding that JSON, a JWK, base64 or a PEM key.
               Without it the key embedded in the proof is used, which shows the file is
               intact but not who signed it.`

class UsageError extends Error {}

/** A raw 32-byte Ed25519 public key from any of the forms we accept. */
export function parsePublicKey(text: string): Uint8Array {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    const doc = JSON.parse(trimmed) as { publicKey?: string; x?: string; jwk?: { x?: string } }
    if (typeof doc.publicKey === 'string') return fromBase64(doc.publicKey)
    const x = doc.jwk?.x ?? doc.x
    if (typeof x === 'string') return fromBase64Url(x)
    throw new UsageError('the key document has no publicKey or jwk.x')
  }
  if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) {
    const der = fromBase64(trimmed.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''))
    // SPKI of an Ed25519 key: 12 bytes of algorithm header, then the 32 raw bytes.
    return der.slice(-32)
  }
  return fromBase64(trimmed)
}

async function loadKey(source: string): Promise<Uint8Array> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { headers: { accept: 'application/json' } })
    if (!res.ok) throw new UsageError(`could not fetch the key: ${source} answered ${res.status}`)
    return parsePublicKey(await res.text())
  }
  if (!existsSync(source)) throw new UsageError(`no such key file: ${source}`)
  return parsePublicKey(readFileSync(source, 'utf8'))
}

/** A file's text, refusing bytes that are not UTF-8 (a lenient decoder would replace them). */
function readText(path: string): string | null {
  return utf8Text(readFileSync(path))
}

/** A proof file: JSON read strictly (a duplicated key is refused, not resolved). */
function readSig(path: string): Record<string, unknown> | null {
  try {
    const doc = parseStrictJson(readText(path) ?? '') as unknown
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>
  } catch {
    // reported by the caller
  }
  return null
}

export interface CheckResult {
  ok: boolean
  message: string
}

/** Checks one file; never throws for a tampered file, only for unusable arguments. */
export async function check(
  file: string,
  opts: { sig?: string; key?: string } = {},
): Promise<CheckResult> {
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`)
  const sigFile = opts.sig ?? (existsSync(`${file}.sig`) ? `${file}.sig` : undefined)
  const isJson = !sigFile && /\.json$/i.test(file)
  const key = opts.key ? await loadKey(opts.key) : undefined
  let verdict: Verdict
  if (sigFile) {
    const digest = await sha256Hex(new Uint8Array(readFileSync(file)))
    const sig = readSig(sigFile)
    verdict = sig
      ? await verifyProof(digest, (sig.proof ?? sig) as Partial<Proof>, key)
      : { ok: false, reason: `${sigFile} is not a JSON object with each key once` }
  } else if (isJson) {
    // The bytes are what is checked: a JSON document must be exactly as it was served.
    const text = readText(file)
    verdict =
      text === null
        ? { ok: false, reason: 'the file is not UTF-8 text' }
        : await verifyDocumentText(text, key)
  } else {
    throw new UsageError(`${file} is not JSON and has no .sig next to it: pass --sig`)
  }
  if (!verdict.ok) return { ok: false, message: `FAILED ${file}: ${verdict.reason}` }
  const trust = key
    ? `the key from ${opts.key}`
    : `the key embedded in the proof — compare key id ${verdict.keyId} with ${SIGNING_KEY_PATH} on the server, or pass --key`
  return {
    ok: true,
    message: `OK ${file}: SHA-256 ${verdict.digest}, Ed25519 signature by key ${verdict.keyId} (checked against ${trust})`,
  }
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { sig: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean' } },
  })
}

async function main(argv: string[]): Promise<number> {
  let cli: ReturnType<typeof parseCli>
  try {
    cli = parseCli(argv)
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = cli
  const [file] = positionals
  if (values.help || !file || positionals.length !== 1) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  try {
    const result = await check(file, { sig: values.sig, key: values.key })
    if (result.ok) console.log(result.message)
    else console.error(result.message)
    return result.ok ? 0 : 1
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message)
      return 2
    }
    console.error(`FAILED ${file}: ${(err as Error).message}`)
    return 1
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2))
}
