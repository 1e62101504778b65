/**
 * A mailed link opened again says what happened (issue 16, item 5): a confirm link of a
 * confirmed signature says "already confirmed", a used remove link says the signature was
 * removed (keeping only the link's hash with a tombstone that holds no personal data, until
 * retention purges it), an unknown token still says the link does not work; and every link
 * page speaks the language stored with the signature, not the browser's.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { runRetention } from '../src/jobs/retention.ts'
import { sha256Hex } from '../src/lib/crypto.ts'
import {
  apiSign,
  fetchWorker,
  linkPath,
  mailsTo,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'
import { freshCampaign, kept, recount } from './recount.ts'

const DAY = 24 * 3600 * 1000
const EN = { 'accept-language': 'en-GB,en;q=0.9' }
const RU = { 'accept-language': 'ru-RU,ru;q=0.9' }

const open = (path: string, headers: Record<string, string> = EN, method = 'GET') =>
  fetchWorker(path, { method, headers })

async function tokenRow(path: string) {
  const token = path.split('/').pop() ?? ''
  // The current mail's links are on the signature's row (migrations/0007), dated as
  // `findByToken` dates them; others are token rows.
  const columns = `s.status, s.name, s.email_cipher as cipher, s.city, s.comment,
    s.ip_hash as ipHash, s.lang`
  return env.DB.prepare(
    `select case when s.confirm_hash = ?1 then 'confirm' else 'remove' end as purpose,
      case when s.confirm_hash = ?1 and s.confirmed_at is not null
        then s.confirmed_at + ${400 * DAY}
      when s.confirm_hash = ?1 then coalesce(s.mail_owed_at, s.created_at) + ${7 * DAY}
      else coalesce(s.mail_owed_at, s.created_at) + ${400 * DAY} end as expiresAt, ${columns}
    from signatures s where s.confirm_hash = ?1 or s.remove_hash = ?1
    union all
    select t.purpose, t.expires_at as expiresAt, ${columns}
    from signature_tokens t join signatures s on s.id = t.signature_id where t.token_hash = ?1`,
  )
    .bind(await sha256Hex(token))
    .first<Record<string, unknown>>()
}

describe('a confirm link opened again', () => {
  it('says "already confirmed" (GET and POST), counts nothing more, and never 500s', async () => {
    const campaign = await freshCampaign()
    const mail = await signAndConfirm(campaign.slug, validSignature({ email: uniqueEmail() }))
    const confirm = linkPath(mail, 'confirm')
    const count = await kept(campaign.id)
    for (const method of ['GET', 'POST']) {
      const res = await open(confirm, EN, method)
      expect(res.status, method).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
      const html = await res.text()
      expect(html).toContain('This signature was already confirmed')
      expect(html).not.toContain('This link does not work')
    }
    expect(await kept(campaign.id)).toEqual(count)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
    // The used link is kept as long as the mail's remove link.
    const row = await tokenRow(confirm)
    expect(row).toMatchObject({ purpose: 'confirm', status: 'confirmed' })
    expect(Number(row!.expiresAt)).toBeGreaterThan(Date.now() + 300 * DAY)
  })
})

describe('a remove link opened again', () => {
  it('says the signature was removed, keeps no personal data, and is purged by retention', async () => {
    const campaign = await freshCampaign()
    const mail = await signAndConfirm(
      campaign.slug,
      validSignature({ email: uniqueEmail(), name: 'Remove Me', city: 'Ghent', comment: 'x' }),
    )
    const remove = linkPath(mail, 'remove')
    const confirm = linkPath(mail, 'confirm')
    const first = await open(remove, EN, 'POST')
    expect(await first.text()).toContain('Your signature was removed')

    for (const method of ['GET', 'POST']) {
      const res = await open(remove, EN, method)
      expect(res.status, method).toBe(200)
      const html = await res.text()
      expect(html).toContain('This signature has been removed')
      expect(html).not.toContain('Your signature was removed')
      expect(html).not.toContain('<form method="post"')
    }
    // What is kept: the remove link's hash (30 days) and a tombstone with no personal data.
    const row = await tokenRow(remove)
    expect(row).toMatchObject({
      purpose: 'remove',
      status: 'removed',
      name: null,
      cipher: null,
      city: null,
      comment: null,
      ipHash: null,
      lang: 'en',
    })
    expect(Number(row!.expiresAt)).toBeLessThanOrEqual(Date.now() + 30 * DAY)
    // Every other link of the signature is gone.
    expect(await tokenRow(confirm)).toBeNull()
    expect((await open(confirm)).status).toBe(404)
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))

    // After 30 days the retention job deletes it: the link then simply does not work.
    await runRetention(env, Date.now() + 31 * DAY)
    expect(await tokenRow(remove)).toBeNull()
    const gone = await open(remove)
    expect(gone.status).toBe(404)
    expect(await gone.text()).toContain('This link does not work')
  })

  it('an unknown token still says the link does not work', async () => {
    for (const path of [`/confirm/${'C'.repeat(43)}`, `/remove/${'D'.repeat(43)}`]) {
      const res = await open(path, RU)
      expect(res.status).toBe(404)
      // No signature: the browser's language.
      expect(await res.text()).toContain('Ссылка недействительна')
    }
  })
})

describe('link pages speak the language stored with the signature', () => {
  it('Russian for a Russian signer whose browser asks for English, unless the switch says otherwise', async () => {
    const campaign = await freshCampaign()
    const email = uniqueEmail('ru')
    expect((await apiSign(campaign.slug, validSignature({ email, lang: 'ru' }))).status).toBe(202)
    const [mail] = await mailsTo(email)
    const confirm = linkPath(mail!, 'confirm')
    const remove = linkPath(mail!, 'remove')

    const get = await (await open(confirm, EN)).text()
    expect(get).toContain('<html lang="ru"')
    expect(get).toContain('Подтвердите подпись')
    // The language switch is still the person's choice.
    const english = await (await open(`${confirm}?lang=en`, RU)).text()
    expect(english).toContain('<html lang="en"')
    expect(english).toContain('Confirm your signature')
    expect(english).toContain(`action="${confirm}?lang=en"`)

    const confirmed = await (await open(confirm, EN, 'POST')).text()
    expect(confirmed).toContain('Подпись подтверждена')
    const already = await (await open(confirm, EN)).text()
    expect(already).toContain('Эта подпись уже подтверждена')

    const consent = await (await open(linkPath(mail!, 'consent'), EN)).text()
    expect(consent).toContain('<html lang="ru"')

    expect(await (await open(remove, EN)).text()).toContain('Отозвать подпись')
    expect(await (await open(remove, EN, 'POST')).text()).toContain('Подпись отозвана')
    const again = await (await open(remove, EN)).text()
    expect(again).toContain('<html lang="ru"')
    expect(again).toContain('Подпись уже отозвана')
    const consentAfter = await (await open(linkPath(mail!, 'consent'), EN)).text()
    expect(consentAfter).toContain('Подпись уже отозвана')
  })
})
