/**
 * The browser code of `GET /verify` (served as `/verify.js`): checks a delivery pack (signed
 * JSON) or a delivery list (CSV) and its proof (`.sig`) in the reader's own browser, with Web
 * Crypto. Nothing is uploaded: the only request is for the published public key.
 *
 * How a signed document is read is not written twice: `readSignedDocument` of proof.ts (what
 * `verifyDocumentText` and `npm run verify` check with: each key once, exactly the canonical
 * form that was signed, a proof with no added member) and the functions it calls are put into
 * the script as their own source text (self-contained: no imports, no module state). The rest
 * mirrors `verifyProof`: the digest must match, and the signature must verify under the key
 * this site publishes. Plain ES2020, no backtick and no `${` in SOURCE (see embed/loader.ts).
 * The words shown come from the page (`data-*` of the form), so they stay in the catalogue.
 */
import {
  canonicalJson,
  parseStrictJson,
  readSignedDocument,
  StrictJsonError,
  signedText,
  utf8Text,
} from './proof.ts'

// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the code as written.
const SOURCE = String.raw`
  const form = document.getElementById('verify-form')
  if (!form) return
  const say = form.dataset
  const out = document.getElementById('verify-result')
  const enc = new TextEncoder()
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')
  const sha256 = async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes))
  const fromBase64 = (text) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0))
  const readJson = (text, parse) => {
    try {
      const value = text === null ? undefined : parse(text)
      return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined
    } catch {
      return undefined
    }
  }
  const verifies = async (publicKey, digest, signature) => {
    try {
      const key = await crypto.subtle.importKey('raw', fromBase64(publicKey), { name: 'Ed25519' }, false, ['verify'])
      return await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(signature), enc.encode(digest))
    } catch {
      return false
    }
  }
  const show = (kind, title, text, details) => {
    out.replaceChildren()
    out.className = 'verify-result verify-' + kind
    const h = document.createElement('h2')
    h.textContent = title
    const p = document.createElement('p')
    p.textContent = text
    out.append(h, p)
    if (details && details.length) {
      const more = document.createElement('details')
      const summary = document.createElement('summary')
      summary.textContent = say.details
      const list = document.createElement('dl')
      for (const [k, v] of details) {
        const dt = document.createElement('dt')
        dt.textContent = k
        const dd = document.createElement('dd')
        const code = document.createElement('code')
        code.textContent = v
        dd.append(code)
        list.append(dt, dd)
      }
      more.append(summary, list)
      out.append(more)
    }
    out.hidden = false
    out.focus()
  }
  const check = async () => {
    const file = form.elements.file.files[0]
    const proofFile = form.elements.proof.files[0]
    if (!file) return
    const bytes = new Uint8Array(await file.arrayBuffer())
    let digest
    let proof
    if (proofFile) {
      const sig = readJson(utf8Text(new Uint8Array(await proofFile.arrayBuffer())), parseStrictJson)
      proof = sig && (sig.proof || sig)
      digest = await sha256(bytes)
    } else {
      const text = utf8Text(bytes)
      const read = text === null ? undefined : readSignedDocument(text)
      if (!read || !read.ok) {
        // Read as JSON.parse would (a duplicated key resolved) only to say what the file is.
        const loose = readJson(text, JSON.parse)
        if (!loose) return show('bad', say.badTitle, say.needProof)
        if (!loose.proof) return show('bad', say.badTitle, say.unreadable)
        return show('bad', say.badTitle, say.bad, [[say.reason, read.reason]])
      }
      proof = read.proof
      digest = await sha256(enc.encode(read.signed))
    }
    if (!proof || typeof proof.digest !== 'string' || typeof proof.signature !== 'string') {
      return show('bad', say.badTitle, say.unreadable)
    }
    const details = [
      ['SHA-256', digest],
      ['Ed25519', proof.signature],
      [say.keyLabel, proof.keyId || ''],
    ]
    if (proof.digest !== digest) return show('bad', say.badTitle, say.bad, details)
    const res = await fetch(say.key, { headers: { accept: 'application/json' } })
    const published = res.ok ? await res.json() : {}
    if (await verifies(published.publicKey, digest, proof.signature)) {
      return show('ok', say.okTitle, say.ok, details)
    }
    if (typeof proof.publicKey === 'string' && (await verifies(proof.publicKey, digest, proof.signature))) {
      return show('bad', say.badTitle, say.wrongKey, details)
    }
    return show('bad', say.badTitle, say.bad, details)
  }
  form.hidden = false
  for (const el of document.querySelectorAll('.verify-noscript')) el.hidden = true
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    check()
  })
`

/** proof.ts's functions the script shares, under the names SOURCE calls them by. */
const SHARED = {
  StrictJsonError,
  canonicalJson,
  signedText,
  parseStrictJson,
  readSignedDocument,
  utf8Text,
}

/**
 * Each shared function (or class) as its own source text, bound to the name the others call
 * it by (`fn.name`: a bundle may write a class as `var X = class extends …`, an anonymous
 * expression, or rename a function and the calls to it), and aliased to the name SOURCE uses.
 */
const shared = Object.entries(SHARED)
  .map(([name, fn]) => {
    const bound = `const ${fn.name} = (${fn})`
    return fn.name === name ? bound : `${bound}\nconst ${name} = ${fn.name}`
  })
  .join('\n')

/** The script: proof.ts's own reading of a signed document, then the page's code, in one closure. */
export const VERIFY_JS = `;(() => {
'use strict'
${shared}
${SOURCE.replace(/^ {2}/gm, '')}})()
`
