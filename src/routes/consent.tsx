/**
 * `GET|POST /consent/:token`: which organisations may keep a signer informed, each one
 * withdrawable without touching the signature; a consent asked for by mail is given here.
 * Every mail links it with its removal token (which may do more: erase everything), and the
 * mail asking for a partner's consent with a `consent` token. GET only shows; POST acts, so
 * mail scanners that prefetch links change nothing.
 */
import { type Context, Hono } from 'hono'
import { createDb } from '../db/client.ts'
import { giveConsent, listConsents, withdrawConsent } from '../db/consents.ts'
import { findByToken } from '../db/signatures.ts'
import type { AppEnv } from '../env.ts'
import { sha256Hex } from '../lib/crypto.ts'
import { pageContext } from '../lib/page.ts'
import { readForm } from '../middleware/body/index.ts'
import { ConsentPage } from '../views/consent.tsx'
import { campaignTitle, invalidLinkPage, removedLinkPage, speakSignerLang } from './signing.tsx'

async function lookup(c: Context<AppEnv>) {
  const token = c.req.param('token') ?? ''
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const found = await findByToken(c.env.DB, await sha256Hex(token))
  if (!found || found.expiresAt < Date.now()) return null
  if (found.purpose !== 'consent' && found.purpose !== 'remove') return null
  // The page speaks the signature's language (the mail's), not the browser's.
  speakSignerLang(c, found.lang)
  return found
}

async function render(
  c: Context<AppEnv>,
  found: NonNullable<Awaited<ReturnType<typeof lookup>>>,
  done?: string,
) {
  const ctx = pageContext(c)
  const [title, list] = await Promise.all([
    campaignTitle(c, found.campaignSlug, ctx.lang),
    listConsents(createDb(c.env.DB), found.id),
  ])
  return c.html(
    <ConsentPage
      ctx={ctx}
      title={title}
      consents={list}
      canGive={found.purpose === 'consent'}
      action={`/consent/${c.req.param('token')}`}
      done={done}
    />,
  )
}

export const consentPages = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const found = await lookup(c)
    if (!found) return invalidLinkPage(c)
    if (found.status === 'removed') return removedLinkPage(c, found.campaignSlug)
    return render(c, found)
  })
  .post('/:token', async (c) => {
    const found = await lookup(c)
    if (!found) return invalidLinkPage(c)
    if (found.status === 'removed') return removedLinkPage(c, found.campaignSlug)
    const form = await readForm(c)
    const db = createDb(c.env.DB)
    const consent = (await listConsents(db, found.id)).find((x) => x.slug === form.organisation)
    if (!consent) return render(c, found)
    const ctx = pageContext(c)
    const now = Date.now()
    if (form.action === 'give' && found.purpose === 'consent') {
      const given = await giveConsent(db, found.id, consent.organisationId, now)
      return render(c, found, given ? ctx.t('consentGivenText', { name: consent.name }) : undefined)
    }
    if (form.action === 'withdraw') {
      const withdrawn = await withdrawConsent(db, found, consent.organisationId, now)
      return render(
        c,
        found,
        withdrawn ? ctx.t('consentWithdrawnText', { name: consent.name }) : undefined,
      )
    }
    return render(c, found)
  })
