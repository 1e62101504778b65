/**
 * Login and logout of the `/admin` pages. Logging in takes the ADMIN_TOKEN once (rate limited
 * per client network) and gives a session cookie; logging out deletes the session.
 */
import { Hono } from 'hono'
import { auditStatement } from '../../../db/admin/audit.ts'
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
import { LoginPage } from '../../../views/admin/login.tsx'

export const authPages = new Hono<AdminEnv>()
  .get('/login', (c) =>
    c.html(
      <LoginPage next={safeNext(c.req.query('next'))} loggedOut={c.req.query('out') === '1'} />,
    ),
  )
  .post('/login', async (c) => {
    const next = safeNext(c.req.query('next'))
    const { success } = await c.env.ADMIN_LIMITER.limit({
      key: `login:${limiterKey(clientIp(c))}`,
    })
    if (!success) {
      c.header('Retry-After', '60')
      return c.html(<LoginPage next={next} error="Too many attempts. Wait a minute." />, 429)
    }
    const form = await readAdminForm(c)
    if (!isAdminToken(c.env, form.token?.trim())) {
      log('warn', 'admin_login_failed', {})
      return c.html(<LoginPage next={next} error="That is not the admin token." />, 401)
    }
    const session = await createSession(c, c.get('accessActor') ?? 'admin')
    await auditStatement(c.env.DB, { actor: session.actor, action: 'session.login' }).run()
    return c.redirect(next, 303)
  })
  .post('/logout', async (c) => {
    await endSession(c)
    await auditStatement(c.env.DB, { actor: c.get('admin').actor, action: 'session.logout' }).run()
    return c.redirect('/admin/login?out=1', 303)
  })
