/**
 * Proofs that an export or a tally was not altered: a SHA-256 digest of the content and an
 * Ed25519 signature of that digest under SIGNING_KEY. Web Crypto only, so the Worker and
 * `npm run verify` (Node) run this same code and cannot disagree on what was signed.
 *
 * - JSON documents: the digest is of the canonical JSON (RFC 8785 for the values we emit:
 *   keys sorted, no whitespace) of the document without its `proof` member, and the document
 *   is served as the canonical JSON of the whole (proof included). A proof covers the bytes a
 *   reader sees: verification reads the bytes strictly (a duplicated key is refused, not
 *   resolved the way `JSON.parse` would, keeping the last) and requires them to be exactly
 *   that canonical form, so no file that reads differently from what was signed passes.
 * - Files (CSV): the digest is of the file's bytes, BOM included.
 * - The signature is Ed25519 over the digest as 64 lowercase hex characters (ASCII): a
 *   recipient can check it with any Ed25519 tool, and a streamed file can be signed at its end.
 */
import { fromBase64, fromBase64Url, sha256Hex, toBase64Url } from './crypto.ts'

export const PROOF_ALGORITHM = 'Ed25519'
export const PROOF_HASH = 'SHA-256'
/** Where the public key is published (no auth). */
export const SIGNING_KEY_PATH = '/.well-known/standwith-signing-key'

export interface Proof {
  algorithm: typeof PROOF_ALGORITHM
  hash: typeof PROOF_HASH
  /** SHA-256, lowercase hex. */
  digest: string
  /** Ed25519 over the ASCII digest, base64. */
  signature: string
  keyId: string
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string
}

const enc = new TextEncoder()

export function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}

/** JSON with object keys sorted (by UTF-16 code units) and no whitespace; undefined dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value)
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`)
}

/** The text a document's proof signs the digest of: its canonical JSON without `proof`. */
export function signedText(doc: Record<string, unknown>): string {
  const { proof: _proof, ...content } = doc
  return canonicalJson(content)
}

/** The digest of a JSON document: SHA-256 of its canonical form without `proof`. */
export function documentDigest(doc: Record<string, unknown>): Promise<string> {
  return sha256Hex(signedText(doc))
}

/** The bytes a signed document is served and saved as: canonical JSON of the whole. */
export function serialiseDocument(doc: object): string {
  return canonicalJson(doc)
}

/** Why a JSON text was refused by `parseStrictJson`. */
export class StrictJsonError extends Error {}

/**
 * Parses JSON as `JSON.parse` does, but refuses what `JSON.parse` silently resolves: an
 * object with the same key twice (JSON.parse keeps the last, so a reader who sees the first
 * is shown another document than the one checked) and a key named `__proto__`.
 */
export function parseStrictJson(text: string): unknown {
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const fail = (what: string): never => {
    throw new StrictJsonError(`${what} at character ${i}`)
  }
  const string = (): string => {
    const start = i
    i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    if (i >= text.length) fail('an unterminated string')
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  const value = (): unknown => {
    ws()
    const ch = text[i]
    if (ch === '{') {
      i++
      const out: Record<string, unknown> = {}
      const keys = new Set<string>()
      ws()
      if (text[i] === '}') {
        i++
        return out
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('a key expected')
        const key = string()
        if (keys.has(key)) fail(`duplicate key ${JSON.stringify(key)}`)
        if (key === '__proto__') fail('a key named __proto__')
        keys.add(key)
        ws()
        if (text[i] !== ':') fail('":" expected')
        i++
        out[key] = value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return out
        }
        fail('"," or "}" expected')
      }
    }
    if (ch === '[') {
      i++
      const out: unknown[] = []
      ws()
      if (text[i] === ']') {
        i++
        return out
      }
      for (;;) {
        out.push(value())
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return out
        }
        fail('"," or "]" expected')
      }
    }
    if (ch === '"') return string()
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    )
    if (!literal) return fail('a value expected')
    i += literal[0].length
    return JSON.parse(literal[0]) as unknown
  }
  let result: unknown
  try {
    result = value()
  } catch (err) {
    if (err instanceof StrictJsonError) throw err
    throw new StrictJsonError(`not JSON: ${(err as Error).message}`)
  }
  ws()
  if (i !== text.length) fail('text after the JSON value')
  return result
}

/** UTF-8 text of a file's bytes, or null when they are not UTF-8 (a BOM is kept, not dropped). */
export function utf8Text(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return null
  }
}

/** What a signed document read strictly from its text holds, or why it was refused. */
export type SignedDocument =
  | { ok: true; doc: Record<string, unknown>; proof: Record<string, unknown>; signed: string }
  | { ok: false; reason: string }

/**
 * Reads a signed JSON document from its exact text, refusing any text that reads differently
 * from what was signed: a duplicated key, text that is not the canonical form it was served in
 * (reordered, reformatted, escaped otherwise), a proof with a member a proof does not have
 * (the proof is outside the digest). `signed` is the text the digest is of (`signedText`).
 *
 * Shared as source: the browser check of `GET /verify` embeds this function, `parseStrictJson`,
 * `StrictJsonError`, `canonicalJson` and `signedText` as their own text (verify-script.ts), so
 * it must stay self-contained: it calls only those, and plain ES2020 built-ins.
 */
export function readSignedDocument(text: string): SignedDocument {
  let doc: unknown
  try {
    doc = parseStrictJson(text)
  } catch (err) {
    return { ok: false, reason: `not a valid signed document: ${(err as Error).message}` }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, reason: 'not a JSON object' }
  }
  if (canonicalJson(doc) !== text) {
    return {
      ok: false,
      reason:
        'the file is not exactly the canonical JSON that was signed (reordered, reformatted or edited)',
    }
  }
  const record = doc as Record<string, unknown>
  const proof = record.proof
  if (!proof || typeof proof !== 'object' || Array.isArray(proof)) {
    return { ok: false, reason: 'no proof found' }
  }
  const members = ['algorithm', 'hash', 'digest', 'signature', 'keyId', 'publicKey']
  const extra = Object.keys(proof).filter((k) => !members.includes(k))
  if (extra.length) return { ok: false, reason: `the proof has a member ${extra.join(', ')} added` }
  return {
    ok: true,
    doc: record,
    proof: proof as Record<string, unknown>,
    signed: signedText(record),
  }
}

/**
 * Checks a signed JSON document as saved: its exact text, read by `readSignedDocument`, then
 * its digest and signature like `verifyProof`.
 */
export async function verifyDocumentText(text: string, publicKey?: Uint8Array): Promise<Verdict> {
  const read = readSignedDocument(text)
  if (!read.ok) return read
  return verifyProof(await sha256Hex(read.signed), read.proof as Partial<Proof>, publicKey)
}

export interface Signer {
  keyId: string
  /** Raw public key. */
  publicKey: Uint8Array
  sign(digest: string): Promise<string>
}

/** Key id: the first 16 hex characters of the SHA-256 of the raw public key. */
export async function keyIdOf(publicKey: Uint8Array): Promise<string> {
  return (await sha256Hex(publicKey)).slice(0, 16)
}

const signers = new Map<string, Promise<Signer>>()

async function makeSigner(pkcs8Base64: string): Promise<Signer> {
  const der = fromBase64(pkcs8Base64.trim())
  // Extractable only to read the public half: Web Crypto has no "derive public key", but the
  // private JWK carries `x`, the public key. The private key itself never leaves this module.
  const privateKey = await crypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, true, [
    'sign',
  ])
  const jwk = (await crypto.subtle.exportKey('jwk', privateKey)) as JsonWebKey
  if (!jwk.x) throw new Error('SIGNING_KEY has no public half')
  const publicKey = fromBase64Url(jwk.x)
  return {
    keyId: await keyIdOf(publicKey),
    publicKey,
    async sign(digest) {
      const sig = await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, enc.encode(digest))
      return toBase64(new Uint8Array(sig))
    },
  }
}

/** The signer for SIGNING_KEY (Ed25519 PKCS#8, base64), imported once per isolate. */
export function signerFor(pkcs8Base64: string): Promise<Signer> {
  let signer = signers.get(pkcs8Base64)
  if (!signer) {
    signer = makeSigner(pkcs8Base64)
    signers.set(pkcs8Base64, signer)
    signer.catch(() => signers.delete(pkcs8Base64))
  }
  return signer
}

/** The proof of a digest (of a file, or of a document from `documentDigest`). */
export async function proofOf(signer: Signer, digest: string): Promise<Proof> {
  return {
    algorithm: PROOF_ALGORITHM,
    hash: PROOF_HASH,
    digest,
    signature: await signer.sign(digest),
    keyId: signer.keyId,
    publicKey: toBase64(signer.publicKey),
  }
}

/**
 * Signs a JSON document: returns it with a `proof` member. The content is first passed
 * through JSON so what is signed is exactly what a recipient parses back (no undefined, no
 * toJSON surprises).
 */
export async function signDocument<T extends object>(
  signer: Signer,
  doc: T,
): Promise<T & { proof: Proof }> {
  const content = JSON.parse(JSON.stringify(doc)) as T & Record<string, unknown>
  return { ...content, proof: await proofOf(signer, await documentDigest(content)) }
}

/** The published form of the public key. */
export function publicKeyDocument(signer: Signer) {
  return {
    algorithm: PROOF_ALGORITHM,
    hash: PROOF_HASH,
    keyId: signer.keyId,
    publicKey: toBase64(signer.publicKey),
    jwk: {
      kty: 'OKP',
      crv: 'Ed25519',
      x: toBase64Url(signer.publicKey),
      kid: signer.keyId,
      alg: 'EdDSA',
      use: 'sig',
    },
    signs: 'the SHA-256 digest of the content, as 64 lowercase hex characters (ASCII)',
    verify: 'npm run verify -- FILE [--sig FILE.sig] --key URL-of-this-document',
  }
}

/** Checks an Ed25519 signature (base64) of `digest` under a raw public key. */
export async function verifySignature(
  publicKey: Uint8Array,
  digest: string,
  signature: string,
): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, [
    'verify',
  ])
  let sig: Uint8Array
  try {
    sig = fromBase64(signature)
  } catch {
    return false
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, key, sig, enc.encode(digest))
}

export type Verdict = { ok: true; digest: string; keyId: string } | { ok: false; reason: string }

/**
 * Checks content against a proof: the recomputed digest must equal the proof's, and the
 * signature must verify under `publicKey` (the trusted key; the proof's own key otherwise).
 */
export async function verifyProof(
  digest: string,
  proof: Partial<Proof> | undefined,
  publicKey?: Uint8Array,
): Promise<Verdict> {
  if (!proof || typeof proof !== 'object') return { ok: false, reason: 'no proof found' }
  if (proof.algorithm !== undefined && proof.algorithm !== PROOF_ALGORITHM) {
    return { ok: false, reason: `unsupported algorithm ${String(proof.algorithm)}` }
  }
  if (typeof proof.digest !== 'string' || typeof proof.signature !== 'string') {
    return { ok: false, reason: 'the proof has no digest or signature' }
  }
  if (proof.digest !== digest) {
    return {
      ok: false,
      reason: `digest mismatch: the content hashes to ${digest}, the proof says ${proof.digest}`,
    }
  }
  let key = publicKey
  if (!key) {
    if (typeof proof.publicKey !== 'string') return { ok: false, reason: 'no public key' }
    key = fromBase64(proof.publicKey)
  }
  if (key.length !== 32) return { ok: false, reason: 'the public key is not 32 bytes' }
  const keyId = await keyIdOf(key)
  if (proof.keyId !== undefined && proof.keyId !== keyId) {
    return { ok: false, reason: `key mismatch: signed by key ${proof.keyId}, checking ${keyId}` }
  }
  if (!(await verifySignature(key, digest, proof.signature))) {
    return { ok: false, reason: `the signature does not verify under key ${keyId}` }
  }
  return { ok: true, digest, keyId }
}
