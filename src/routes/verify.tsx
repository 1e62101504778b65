/** `GET /verify` (the page where anyone checks a pack or a list) and its script `/verify.js`. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { pageContext } from '../lib/page.ts'
import { SIGNING_KEY_PATH } from '../lib/proof.ts'
import { VERIFY_JS } from '../lib/verify-script.ts'
import { VerifyPage } from '../views/verify.tsx'

export const verify = new Hono<AppEnv>()
  .get('/verify', (c) =>
    c.html(
      <VerifyPage ctx={pageContext(c)} keyUrl={`${c.env.PUBLIC_ORIGIN}${SIGNING_KEY_PATH}`} />,
    ),
  )
  .get('/verify.js', (c) => {
    c.header('Cache-Control', 'public, max-age=300')
    return c.body(VERIFY_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' })
  })
