/** `GET /.well-known/standwith-signing-key`: the public half of SIGNING_KEY, for verifiers. No auth. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { publicKeyDocument, SIGNING_KEY_PATH, signerFor } from '../lib/proof.ts'

export const wellKnown = new Hono<AppEnv>().get(SIGNING_KEY_PATH, async (c) => {
  const signer = await signerFor(c.env.SIGNING_KEY)
  // Short-lived caching: a rotated key must reach verifiers within the hour.
  c.header('Cache-Control', 'public, max-age=3600')
  c.header('Access-Control-Allow-Origin', '*')
  return c.json(publicKeyDocument(signer))
})
