/**
 * After signing (issue 16, item 5): the thank-you page names the address the mail went to,
 * masked, from a sealed receipt (a cookie scoped to the thanks path on the campaign page, a
 * hidden field in the widget) — never from a URL, never in a cached answer — mentions the spam
 * folder, puts sharing first, and offers to send the mail again once the wait is over, through
 * the durable mail path and within the limits.
 */
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { normaliseEmail } from '../src/domain/email.ts'
import { maskEmail } from '../src/domain/email-mask.ts'
import { hmac } from '../src/lib/crypto.ts'
import { type Receipt, sealReceipt } from '../src/lib/thanks-receipt.ts'
import { fetchWorker, formSign, freshIp, linkPath, mailsTo, uniqueEmail } from './helpers.ts'

const SLUG = 'azimzhan-askarov'
const OTHER = 'surat-ikramov'
const WAIT_MS = 180_000

const fields = (email: string, extra: Record<string, string> = {}) => ({
  name: 'Азимжан Тест',
  email,
  country: 'KG',
  consent: 'yes',
  ...extra,
})

/** The cookie pair (`name=value`) a Set-Cookie header sets. */
const cookiePair = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

const thanks = (slug: string, cookie?: string, init: RequestInit = {}) =>
  fetchWorker(`/campaigns/${slug}/thanks`, {
    ...init,
    headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    redirect: 'manual',
  })

const resend = (slug: string, cookie: string, ip = freshIp()) =>
  thanks(slug, cookie, { method: 'POST', headers: { 'cf-connecting-ip': ip } })

async function campaignId(slug: string): Promise<number> {
  const row = await env.DB.prepare('select id from campaigns where slug = ?')
    .bind(slug)
    .first<{ id: number }>()
  return row!.id
}

/** A receipt as if the person had signed `agoMs` ago, and the row's mail owed as long. */
async function agedReceipt(slug: string, email: string, agoMs: number, n = 0) {
  const c = await campaignId(slug)
  const h = await hmac(env.EMAIL_PEPPER, normaliseEmail(email))
  const at = Date.now() - agoMs
  await env.DB.prepare(
    'update signatures set mail_owed_at = ?, created_at = ? where campaign_id = ? and email_hash = ?',
  )
    .bind(at, at, c, h)
    .run()
  const receipt: Receipt = { c, h, m: maskEmail(email), t: at, s: at, n }
  return `sw_thanks=${await sealReceipt(env.EMAIL_PEPPER, `page:${slug}`, receipt)}`
}

afterEach(() => vi.restoreAllMocks())

describe('masking an address', () => {
  it('keeps enough to spot a typo, never the whole address', () => {
    expect(maskEmail('ivan.petrov@mail.ru')).toBe('i•••v@m•••l.ru')
    expect(maskEmail('ivan.petrov@gmial.com')).toBe('i•••v@g•••l.com')
    expect(maskEmail('ivan.petrov@mail.ri')).toBe('i•••v@m•••l.ri')
    expect(maskEmail('a@b.kz')).toBe('a•••@b•••.kz')
    expect(maskEmail('азимжан@почта.рф')).toBe('а•••н@п•••а.рф')
    expect(maskEmail('jo@dept.uni.example.org')).toBe('j•••@d•••t.u•••.e•••e.org')
  })
})

describe('the thank-you page of the campaign page', () => {
  it('names the masked address from a cookie of its own path; generic without it; never cached', async () => {
    const email = uniqueEmail('thanks')
    const res = await formSign(SLUG, fields(email))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/campaigns/${SLUG}/thanks`)
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^sw_thanks=[A-Za-z0-9_-]+; /)
    expect(setCookie).toContain(`Path=/campaigns/${SLUG}/thanks`)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Lax')
    expect(setCookie).toMatch(/Max-Age=3600/)
    const local = email.split('@')[0]!
    expect(setCookie).not.toContain(local)

    const cookie = cookiePair(res)
    const page = await thanks(SLUG, cookie)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('private, no-store')
    const html = await page.text()
    const masked = maskEmail(email)
    expect(html).toContain(`We have sent an email to <strong class="address">${masked}</strong>.`)
    expect(html).not.toContain(email)
    expect(html).not.toContain(local)
    expect(html).toContain('spam')
    // Sharing comes before the mail's details, and the resend button waits.
    expect(html.indexOf('id="share-title"')).toBeGreaterThan(0)
    expect(html.indexOf('id="share-title"')).toBeLessThan(html.indexOf('id="thanks-mail-title"'))
    expect(html).toMatch(/<button type="submit" disabled="" data-ready-in="1[0-9]{2}"/)
    expect(html).toContain('You can ask for it again in 3 min.')
    expect(html).toContain(`action="/campaigns/${SLUG}/thanks"`)

    // A shared link, another browser: the generic thank-you, still with sharing and spam.
    const generic = await (await thanks(SLUG)).text()
    expect(generic).toContain('We have sent you an email.')
    expect(generic).toContain('id="share-title"')
    expect(generic).toContain('spam')
    expect(generic).not.toContain('•••')
    expect(generic).not.toContain('Send the email again')

    // The receipt of one campaign means nothing on another's thanks; an altered one nothing.
    const elsewhere = await (await thanks(OTHER, cookie)).text()
    expect(elsewhere).not.toContain('•••')
    const altered = `${cookie.slice(0, -2)}${cookie.endsWith('A') ? 'BB' : 'AA'}`
    const bad = await thanks(SLUG, altered)
    expect(bad.status).toBe(200)
    expect(await bad.text()).not.toContain('•••')
    const garbage = await thanks(SLUG, 'sw_thanks=%%%; other=1')
    expect(garbage.status).toBe(200)
  })

  it('speaks Russian with the address masked the same way', async () => {
    const email = uniqueEmail('spasibo')
    const res = await formSign(SLUG, fields(email, { lang: 'ru' }))
    const html = await (
      await thanks(SLUG, cookiePair(res), { headers: { 'accept-language': 'ru' } })
    ).text()
    expect(html).toContain(
      `Мы отправили письмо на адрес <strong class="address">${maskEmail(email)}</strong>.`,
    )
    expect(html).toContain('«Спам»')
    expect(html).toContain('Попросить ещё раз можно через 3 мин.')
  })

  it('sends the mail again only after the wait, once per wait, through the queue', async () => {
    const email = uniqueEmail('resend')
    const signed = await formSign(SLUG, fields(email))
    const [first] = await mailsTo(email)
    expect(first).toBeDefined()

    // Too soon: back to the page, nothing owed again, the receipt unchanged.
    const early = await resend(SLUG, cookiePair(signed))
    expect(early.status).toBe(303)
    expect(early.headers.get('location')).toBe(`/campaigns/${SLUG}/thanks`)
    expect(early.headers.get('set-cookie')).toBeNull()
    await new Promise((r) => setTimeout(r, 400))
    expect(await mailsTo(email, { atLeast: 2, timeoutMs: 300 })).toHaveLength(1)

    // After the wait: owed again as a new mail (fresh links), sent once.
    const aged = await agedReceipt(SLUG, email, WAIT_MS + 1000)
    const again = await resend(SLUG, aged)
    expect(again.status).toBe(303)
    const renewed = cookiePair(again)
    expect(renewed).toMatch(/^sw_thanks=/)
    const mails = await mailsTo(email, { atLeast: 2 })
    expect(mails).toHaveLength(2)
    expect(linkPath(mails[0]!, 'confirm')).not.toBe(linkPath(mails[1]!, 'confirm'))
    const page = await (await thanks(SLUG, renewed)).text()
    expect(page).toContain(`Done: we are sending the email again to ${maskEmail(email)}.`)
    expect(page).toMatch(/disabled="" data-ready-in/)

    // The renewed receipt waits again; replaying the old one finds the row's mail too young.
    await resend(SLUG, renewed)
    await resend(SLUG, aged)
    await new Promise((r) => setTimeout(r, 400))
    expect(await mailsTo(email, { atLeast: 3, timeoutMs: 300 })).toHaveLength(2)

    // Either confirm link works: the newest one here.
    const confirm = await fetchWorker(linkPath(mails[0]!, 'confirm'), { method: 'POST' })
    expect(await confirm.text()).toContain('Your signature is confirmed')
  })

  it('stops offering after a few resends, and keeps to the hard per-IP limit', async () => {
    const email = uniqueEmail('many')
    await formSign(SLUG, fields(email))
    await mailsTo(email)
    const exhausted = await agedReceipt(SLUG, email, WAIT_MS + 1000, 3)
    const page = await (await thanks(SLUG, exhausted)).text()
    expect(page).not.toContain('Send the email again')
    expect(page).toContain('We have sent it several times.')
    const post = await resend(SLUG, exhausted)
    expect(post.status).toBe(303)
    expect(post.headers.get('set-cookie')).toBeNull()

    const ip = freshIp()
    for (let i = 0; i < 10; i++) {
      expect((await formSign(SLUG, fields(uniqueEmail('flood')), ip)).status).toBe(303)
    }
    const limited = await resend(SLUG, await agedReceipt(SLUG, email, WAIT_MS + 1000), ip)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('a duplicate, a honeypot hit and a fresh signature get the same kind of receipt', async () => {
    const email = uniqueEmail('same')
    const first = await formSign(SLUG, fields(email))
    const dup = await formSign(SLUG, fields(email))
    const bot = await formSign(SLUG, fields(uniqueEmail('bot'), { website: 'http://x.example' }))
    for (const res of [first, dup, bot]) {
      expect(res.status).toBe(303)
      expect(cookiePair(res)).toMatch(/^sw_thanks=[A-Za-z0-9_-]{100,}$/)
      const html = await (await thanks(SLUG, cookiePair(res))).text()
      expect(html).toContain('We have sent an email to ')
    }
  })

  it('never writes the address, or its masked form, into a log line', async () => {
    const lines: string[] = []
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(' '))
    for (const level of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, level).mockImplementation(capture)
    }
    const email = uniqueEmail('quiet')
    const res = await formSign(SLUG, fields(email))
    await thanks(SLUG, cookiePair(res))
    await mailsTo(email)
    await resend(SLUG, await agedReceipt(SLUG, email, WAIT_MS + 1000))
    expect(await mailsTo(email, { atLeast: 2 })).toHaveLength(2)
    const all = lines.join('\n')
    expect(all).not.toContain(email.split('@')[0]!)
    expect(all).not.toContain(maskEmail(email))
    expect(all).not.toContain(cookiePair(res).slice('sw_thanks='.length))
  })
})

describe("the widget's thank-you state", () => {
  const widgetPost = (path: string, body: Record<string, string>, ip = freshIp()) =>
    fetchWorker(`/embed/${SLUG}/${path}?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
      body: new URLSearchParams(body).toString(),
      redirect: 'manual',
    })

  it('answers the POST with the masked address and a resend form carrying the sealed receipt', async () => {
    const email = uniqueEmail('widget-thanks')
    const res = await widgetPost('sign', fields(email, { lang: 'en' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain(
      `We have sent an email to <strong class="address">${maskEmail(email)}</strong>.`,
    )
    expect(html).not.toContain(email)
    const sealed = /name="receipt" value="([A-Za-z0-9_-]+)"/.exec(html)?.[1]
    expect(sealed).toBeDefined()
    await mailsTo(email)

    // Too soon: the same state, nothing sent.
    const early = await widgetPost('thanks', { receipt: sealed! })
    expect(early.status).toBe(200)
    expect(await early.text()).toMatch(/disabled="" data-ready-in/)

    // The page's receipt is not the widget's, and an altered one is the generic state.
    const c = await campaignId(SLUG)
    const h = await hmac(env.EMAIL_PEPPER, normaliseEmail(email))
    const old = Date.now() - WAIT_MS - 1000
    await env.DB.prepare(
      'update signatures set mail_owed_at = ? where campaign_id = ? and email_hash = ?',
    )
      .bind(old, c, h)
      .run()
    const receipt: Receipt = { c, h, m: maskEmail(email), t: old, s: old, n: 0 }
    const pageReceipt = await sealReceipt(env.EMAIL_PEPPER, `page:${SLUG}`, receipt)
    const foreign = await (await widgetPost('thanks', { receipt: pageReceipt })).text()
    expect(foreign).not.toContain('•••')

    const widgetReceipt = await sealReceipt(env.EMAIL_PEPPER, `widget:${SLUG}`, receipt)
    const sent = await (await widgetPost('thanks', { receipt: widgetReceipt })).text()
    expect(sent).toContain(`Done: we are sending the email again to ${maskEmail(email)}.`)
    expect(await mailsTo(email, { atLeast: 2 })).toHaveLength(2)
  })
})
