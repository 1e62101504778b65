/**
 * Reading a signed document strictly (`readSignedDocument`, shared by `verifyDocumentText`,
 * `npm run verify` and the browser check of `/verify`): a file that reads differently from
 * what was signed is refused even where its digest and signature still match.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  readSignedDocument,
  serialiseDocument,
  signDocument,
  signedText,
  signerFor,
  utf8Text,
  verifyDocumentText,
} from '../src/lib/proof.ts'
import { VERIFY_JS } from '../src/lib/verify-script.ts'

const PACK = {
  format: 'standwith.delivery/1',
  campaign: { slug: 'azimzhan-askarov', title: 'Justice for Azimzhan Askarov' },
  confirmed: 8,
  byCountry: { KG: '<5', KZ: 6 },
  names: ['Азимжан Аскаров', 'Oʻgʻiloy Xoʻjayeva'],
}

async function signedPack() {
  const signer = await signerFor(env.SIGNING_KEY)
  const doc = await signDocument(signer, PACK)
  return { text: serialiseDocument(doc), key: signer.publicKey }
}

describe('readSignedDocument', () => {
  it('reads the served text: the document, its proof and the text the digest is of', async () => {
    const { text, key } = await signedPack()
    const read = readSignedDocument(text)
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(read.signed).toBe(signedText(JSON.parse(text)))
    expect(read.proof).toEqual(JSON.parse(text).proof)
    expect(await verifyDocumentText(text, key)).toMatchObject({ ok: true })
  })

  it('refuses a file that reads differently from what was signed, though its digest matches', async () => {
    const { text, key } = await signedPack()
    const parsed = JSON.parse(text) as Record<string, unknown>
    const rereads: [string, string, RegExp][] = [
      [
        'a duplicated key before the real one',
        text.replace('"confirmed":8', '"confirmed":999999,"confirmed":8'),
        /duplicate key "confirmed"/,
      ],
      ['pretty-printed', JSON.stringify(parsed, null, 2), /not exactly the canonical JSON/],
      [
        'reordered',
        JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse())),
        /not exactly the canonical JSON/,
      ],
      ['a trailing newline', `${text}\n`, /not exactly the canonical JSON/],
      ['a string escaped otherwise', text.replace('Аскаров', '\\u0410скаров'), /canonical/],
      [
        'a member added to the proof (outside the digest)',
        text.replace('"proof":{"algorithm"', '"proof":{"addedBy":"someone else","algorithm"'),
        /the proof has a member addedBy added/,
      ],
    ]
    for (const [what, reread, reason] of rereads) {
      expect(reread, what).not.toBe(text)
      // JSON.parse still reads each as the signed content: only the strict reading refuses it.
      expect(signedText(JSON.parse(reread)), what).toBe(signedText(parsed))
      const read = readSignedDocument(reread)
      expect(read, what).toMatchObject({ ok: false, reason: expect.stringMatching(reason) })
      expect(await verifyDocumentText(reread, key), what).toMatchObject({ ok: false })
    }
  })

  it('reads an added field canonically, and the digest then refuses it', async () => {
    const { text, key } = await signedPack()
    const added = text.replace(/^\{/, '{"addedBy":"someone else",')
    expect(readSignedDocument(added).ok).toBe(true)
    expect(await verifyDocumentText(added, key)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/digest mismatch/),
    })
  })

  it('reads bytes as UTF-8 strictly: a BOM is kept (and refused), broken bytes are not text', async () => {
    const { text } = await signedPack()
    const bytes = new TextEncoder().encode(text)
    expect(utf8Text(bytes)).toBe(text)
    const withBom = utf8Text(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))
    expect(withBom).toBe(`\uFEFF${text}`)
    expect(readSignedDocument(withBom ?? '').ok).toBe(false)
    expect(utf8Text(new Uint8Array([...bytes.slice(0, 10), 0xff, ...bytes.slice(10)]))).toBeNull()
  })

  it('is the code the browser check of /verify runs, embedded as its own source', () => {
    for (const fn of [readSignedDocument, signedText, utf8Text]) {
      expect(VERIFY_JS).toContain(String(fn))
    }
    expect(VERIFY_JS).toContain('readSignedDocument(text)')
  })
})
