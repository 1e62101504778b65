/**
 * Login and logout of the `/admin` pages. An organiser asks for a sign-in link by email (the
 * answer is the same whether or not the address is known) and opens it; the first owner may
 * paste the ADMIN_TOKEN instead. Both are rate limited per client network (ADMIN_LIMITER); logging
 * out deletes the session.
 */
import { type Context, Hono } from 'hono'
import { limiterKey } from '../../../domain/ip.ts'
import { clientIp } from '../../../lib/client-ip.ts'
import { log } from '../../../lib/log.ts'
import { readAdminForm } from '../../../middleware/admin-auth/body.ts'
import {
  type AdminEnv,
  createSession,
  endSession,
  isAdminToken,
  safeNext,
} from '../../../middleware/admin-auth/index.ts'
import { BOOTSTRAP_PERSON_ID } from '../../../services/admin/actor.ts'
import {
  looksLikeLinkToken,
  requestSignInLink,
  signedOut,
  signInAs,
  signInWithLink,
} from '../../../services/admin/sign-in.ts'
import { LoginPage, SignInLinkPage } from '../../../views/admin/login.tsx'
import { adminText } from '../../../views/admin/text.ts'
import { mailContext } from '../shared.ts'

const LINK_GONE = () => adminText().errors.linkGone

async function limited(c: Context<AdminEnv>): Promise<boolean> {
  const { success } = await c.env.ADMIN_LIMITER.limit({
    key: `login:${limiterKey(clientIp(c))}`,
  })
  if (!success) c.header('Retry-After', '60')
  return !success
}

/**
 * Signs a person in: the login is audited and a session started, tied to the Access user if
 * any; false if the person has no role (removed since).
 */
async function signIn(c: Context<AdminEnv>, personId: number, how: 'link' | 'token') {
  const access = c.get('accessActor')
  const actor = await signInAs(c.env, personId, how, access)
  if (!actor) return false
  await createSession(c, access ?? `person:${personId}`, personId)
  return true
}

export const authPages = new Hono<AdminEnv>()
  .get('/login', (c) =>
    c.html(
      <LoginPage next={safeNext(c.req.query('next'))} loggedOut={c.req.query('out') === '1'} />,
    ),
  )
  .post('/login', async (c) => {
    const next = safeNext(c.req.query('next'))
    if (await limited(c)) {
      return c.html(<LoginPage next={next} error={adminText().errors.tooManyAttempts} />, 429)
    }
    const form = await readAdminForm(c)
    if (form.email !== undefined && form.token === undefined) {
      // The same answer whether or not the address belongs to a person; nothing logged.
      await requestSignInLink(mailContext(c), form.email)
      return c.html(<LoginPage next={next} linkSent />)
    }
    if (!isAdminToken(c.env, form.token?.trim())) {
      log('warn', 'admin_login_failed', {})
      return c.html(<LoginPage next={next} error={adminText().errors.wrongToken} />, 401)
    }
    if (!(await signIn(c, BOOTSTRAP_PERSON_ID, 'token'))) {
      return c.html(<LoginPage next={next} error={adminText().errors.ownerNoRole} />, 403)
    }
    return c.redirect(next, 303)
  })
  .get('/login/:token', (c) => {
    const token = c.req.param('token')
    if (!looksLikeLinkToken(token)) {
      return c.html(<SignInLinkPage action="" error={LINK_GONE()} />, 404)
    }
    return c.html(<SignInLinkPage action={`/admin/login/${token}`} />)
  })
  .post('/login/:token', async (c) => {
    if (await limited(c)) return c.text(adminText().errors.tooManyAttempts, 429)
    const personId = await signInWithLink(c.env, c.req.param('token'))
    if (personId === null || !(await signIn(c, personId, 'link'))) {
      return c.html(<SignInLinkPage action="" error={LINK_GONE()} />, 410)
    }
    return c.redirect('/admin', 303)
  })
  .post('/logout', async (c) => {
    await endSession(c)
    await signedOut(c.env, c.get('actor'))
    return c.redirect('/admin/login?out=1', 303)
  })
