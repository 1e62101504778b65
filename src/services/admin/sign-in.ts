/**
 * Sign-in by an emailed one-time link: single use, 15 minutes, its token kept only as
 * SHA-256. Asking for a link answers the same whether or not the address belongs to a person,
 * and nothing here logs an address.
 */

import { auditInsert } from '../../db/admin/audit.ts'
import {
  insertLoginLink,
  membershipOf,
  personByEmailHash,
  useLoginLink,
} from '../../db/admin/people.ts'
import { createDb, type Db } from '../../db/client.ts'
import { personEmailKey } from '../../domain/admin/organisation.ts'
import { isValidEmail } from '../../domain/email.ts'
import type { Env, Lang } from '../../env.ts'
import { catalogue } from '../../i18n/index.ts'
import { hmac, randomToken, sha256Hex } from '../../lib/crypto.ts'
import { log } from '../../lib/log.ts'
import { type Mail, mailTransport } from '../../lib/mail/index.ts'
import { sleep } from '../../lib/sleep.ts'
import { type Actor, personAsActor } from './actor.ts'

export const LINK_TTL_MS = 15 * 60 * 1000
/** Where a sign-in link points; the token follows. */
export const SIGN_IN_PATH = '/admin/login/'
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/

export interface MailContext {
  env: Env
  /** The admin area's origin, for the link. */
  origin: string
  /** The language of the page that asked: the mail is written in it. */
  lang: Lang
  waitUntil: (p: Promise<unknown>) => void
}

export const personEmailHash = (env: Env, address: string) =>
  hmac(env.EMAIL_PEPPER, personEmailKey(address))

/**
 * The one place admin mail leaves: through the mail transport, after the answer, tried three
 * times within a few seconds. A sign-in link lives 15 minutes, so it is not owed for longer:
 * whoever did not get one asks again (only signers' confirmations go through the queue).
 */
function sendAdminMail(ctx: MailContext, mail: Mail): void {
  const send = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await mailTransport(ctx.env).send(mail)
      } catch (err) {
        if (attempt >= 3) throw err
        await sleep(500 * attempt)
      }
    }
  }
  ctx.waitUntil(
    send().catch((err) => log('warn', 'admin_mail_failed', { error: String(err).slice(0, 200) })),
  )
}

/** Creates a link for a person and mails it; `intro` opens the mail (an invitation says who). */
export async function mailSignInLink(
  ctx: MailContext,
  db: Db,
  personId: number,
  address: string,
  intro = catalogue(ctx.lang).admin.signInMail.asked,
  now = Date.now(),
): Promise<void> {
  const text = catalogue(ctx.lang).admin.signInMail
  const token = randomToken()
  const tokenHash = await sha256Hex(token)
  await insertLoginLink(db, tokenHash, personId, now + LINK_TTL_MS)
  const link = `${ctx.origin}${SIGN_IN_PATH}${token}`
  sendAdminMail(ctx, {
    to: address,
    subject: text.subject,
    text: [intro, '', text.signIn(link), '', ...text.once].join('\n'),
    links: [link],
    idempotencyKey: `sign-in:${tokenHash}`,
    createdAt: now,
  })
}

/**
 * Mails a sign-in link if the address belongs to a person with a role; does nothing visible
 * otherwise (the caller answers the same either way).
 */
export async function requestSignInLink(ctx: MailContext, address: string): Promise<void> {
  const trimmed = address.trim()
  if (!isValidEmail(trimmed)) return
  const db = createDb(ctx.env.DB)
  const person = await personByEmailHash(db, await personEmailHash(ctx.env, trimmed))
  if (!person || person.disabledAt !== null) return
  if (!(await membershipOf(db, person.id))) return
  await mailSignInLink(ctx, db, person.id, trimmed)
}

/** Uses a sign-in link: the person it signs in, or null (unknown, used or expired). */
export async function signInWithLink(env: Env, token: string, now = Date.now()) {
  if (!LINK_TOKEN.test(token)) return null
  return useLoginLink(createDb(env.DB), await sha256Hex(token), now)
}

/** A link token's shape, to show the confirm page only for something that could be one. */
export const looksLikeLinkToken = (token: string) => LINK_TOKEN.test(token)

/**
 * The actor a person signs in as, with the login audited; null if they have no role (removed
 * since the link was sent). The caller starts the session (its cookie is the request's).
 */
export async function signInAs(
  env: Env,
  personId: number,
  how: 'link' | 'token',
  access?: string | null,
): Promise<Actor | null> {
  const db = createDb(env.DB)
  const actor = await personAsActor(db, personId, access)
  if (!actor) return null
  await auditInsert(db, {
    actor: actor.ref,
    organisationId: actor.organisation.id,
    action: 'session.login',
    detail: { via: how },
  })
  return actor
}

/** Audits a logout (the caller ends the session). */
export async function signedOut(env: Env, actor: Actor): Promise<void> {
  await auditInsert(createDb(env.DB), {
    actor: actor.ref,
    organisationId: actor.organisation.id,
    action: 'session.logout',
  })
}
