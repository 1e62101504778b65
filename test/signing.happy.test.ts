import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  apiSign,
  confirmedCount,
  fetchWorker,
  formSign,
  linkPath,
  mailsTo,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'

const SLUG = 'azimzhan-askarov'

describe('signing through the JSON API', () => {
  it('answers 202 pending, mails a confirm, a remove and a consent link, and counts only after confirming', async () => {
    const before = await confirmedCount(SLUG)
    const email = uniqueEmail()
    const res = await apiSign(SLUG, validSignature({ email }))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'pending' })
    const [mail] = await mailsTo(email)
    expect(mail!.subject).toBe('Please confirm your signature: Justice for Azimzhan Askarov')
    expect(mail!.links).toHaveLength(3)
    expect(await confirmedCount(SLUG)).toBe(before)

    // A link scanner's GET shows a button and confirms nothing.
    const page = await fetchWorker(linkPath(mail!, 'confirm'))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post"')
    expect(await confirmedCount(SLUG)).toBe(before)

    const confirm = await fetchWorker(linkPath(mail!, 'confirm'), { method: 'POST' })
    expect(confirm.status).toBe(200)
    expect(await confirm.text()).toContain('Your signature is confirmed')
    expect(await confirmedCount(SLUG)).toBe(before + 1)

    // The confirm link acts once; opened again it says so, and counts nothing more.
    for (const method of ['GET', 'POST']) {
      const again = await fetchWorker(linkPath(mail!, 'confirm'), { method })
      expect(again.status).toBe(200)
      const html = await again.text()
      expect(html).toContain('This signature was already confirmed')
      expect(html).not.toContain('<form method="post"')
    }
    expect(await confirmedCount(SLUG)).toBe(before + 1)
  })

  it('does not count a gmail variant of a confirmed address again', async () => {
    const local = `ada${crypto.randomUUID().slice(0, 6)}`
    await signAndConfirm(SLUG, validSignature({ email: `${local}@gmail.com` }))
    const count = await confirmedCount(SLUG)
    const variant = `${local.slice(0, 2)}.${local.slice(2)}+petitions@GoogleMail.com`
    const res = await apiSign(SLUG, validSignature({ email: variant }))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'pending' })
    expect(await mailsTo(variant, { atLeast: 1, timeoutMs: 2500 })).toEqual([])
    expect(await confirmedCount(SLUG)).toBe(count)
  })

  it('lets the signer remove the signature: it stops counting and their data is erased', async () => {
    const email = uniqueEmail()
    const mail = await signAndConfirm(
      SLUG,
      validSignature({ email, name: 'Remove Me', city: 'Ghent' }),
    )
    const count = await confirmedCount(SLUG)
    const get = await fetchWorker(linkPath(mail, 'remove'))
    expect(await get.text()).toContain('Remove my signature')
    expect(await confirmedCount(SLUG)).toBe(count)
    const res = await fetchWorker(linkPath(mail, 'remove'), { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await confirmedCount(SLUG)).toBe(count - 1)
    const leftovers = await env.DB.prepare(
      "select count(*) as n from signatures where name = 'Remove Me' or city = 'Ghent'",
    ).first<{ n: number }>()
    expect(leftovers!.n).toBe(0)
    // And the person may sign again later.
    expect((await apiSign(SLUG, validSignature({ email }))).status).toBe(202)
    expect(await mailsTo(email, { atLeast: 2 })).toHaveLength(2)
  })

  it('re-sends the confirmation (at most once a minute) to a pending signer who signs again', async () => {
    const email = uniqueEmail()
    await apiSign(SLUG, validSignature({ email }))
    await apiSign(SLUG, validSignature({ email }))
    // The mail still owed is the one sent: signing twice in a row mails once.
    const [first] = await mailsTo(email)
    await apiSign(SLUG, validSignature({ email }))
    // Within a minute of that mail no second: nobody can flood an inbox through us.
    expect(await mailsTo(email, { atLeast: 2, timeoutMs: 2500 })).toHaveLength(1)
    await env.DB.prepare(
      `update signatures set mail_owed_at = coalesce(mail_owed_at, created_at) - 120000
      where mail_state = 'sent'`,
    ).run()
    await apiSign(SLUG, validSignature({ email }))
    const mails = await mailsTo(email, { atLeast: 2 })
    expect(mails).toHaveLength(2)
    // A fresh mail with fresh links, and they work.
    expect(mails[0]!.links[0]).not.toBe(first!.links[0])
    const confirmed = await fetchWorker(linkPath(mails[0]!, 'confirm'), { method: 'POST' })
    expect(confirmed.status).toBe(200)
  })

  it('writes the mail in the signer’s language', async () => {
    const email = uniqueEmail()
    await apiSign(SLUG, validSignature({ email, lang: 'ru' }))
    const [mail] = await mailsTo(email)
    expect(mail!.subject).toBe('Подтвердите подпись: Справедливость для Азимжана Аскарова')
    expect(mail!.text).toContain('Отозвать подпись')
  })
})

describe('signing through the HTML form', () => {
  it('redirects 303 to a thank-you page with share links', async () => {
    const email = uniqueEmail()
    const res = await formSign(SLUG, {
      name: 'Ғалымжан Әбілқайыров',
      email,
      country: 'KZ',
      consent: 'yes',
      showName: 'yes',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/campaigns/${SLUG}/thanks`)
    const thanks = await fetchWorker(`/campaigns/${SLUG}/thanks`)
    const html = await thanks.text()
    expect(html).toContain('one more step')
    expect(html).toContain('https://t.me/share/url')
    expect(await mailsTo(email)).toHaveLength(1)
  })

  it('re-renders with 422, keeps the values and puts each error beside its field', async () => {
    const res = await formSign(SLUG, {
      name: 'Sähra Baýramowa',
      email: 'not-an-email',
      country: 'TM',
      city: 'Daşoguz',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('value="Sähra Baýramowa"')
    expect(html).toContain('value="Daşoguz"')
    expect(html).toContain('<option value=TM selected>')
    expect(html).toMatch(
      /id="sign-email"[^>]*aria-invalid="true"[^>]*aria-describedby="sign-email-hint sign-email-error"/,
    )
    expect(html).toContain(
      '<p class="field-error" id="sign-email-error">Please enter a valid email address',
    )
    expect(html).toContain('<p class="field-error" id="sign-consent-error">Please tick this box')
    expect(html).not.toContain('id="sign-name-error"')
  })

  it('shows names only of confirmed signers who chose to be shown', async () => {
    const shown = `Oʻgʻiloy Xoʻjayeva ${crypto.randomUUID().slice(0, 4)}`
    const hidden = `Hidden Person ${crypto.randomUUID().slice(0, 4)}`
    const pending = `Pending Person ${crypto.randomUUID().slice(0, 4)}`
    await signAndConfirm(SLUG, validSignature({ name: shown, showName: true, country: 'UZ' }))
    await signAndConfirm(SLUG, validSignature({ name: hidden, showName: false }))
    await apiSign(SLUG, validSignature({ name: pending, showName: true }))
    const html = await (await fetchWorker(`/campaigns/${SLUG}`)).text()
    expect(html).toContain(shown)
    expect(html).not.toContain(hidden)
    expect(html).not.toContain(pending)
  })
})

describe('names round-trip exactly', () => {
  const names = [
    'Ғалымжан Әбілқайыров',
    'Oʻgʻiloy Xoʻjayeva',
    'Sähra Baýramowa',
    'Азимжан Аскаров',
    'Фарид Тухбатуллин',
    'Нурбек Токтакунов',
    'Зарина Саидова',
  ]
  it.each(names)('%s', async (name) => {
    await signAndConfirm(SLUG, validSignature({ name, showName: true }))
    const row = await env.DB.prepare('select name from signatures where name = ?')
      .bind(name)
      .first()
    expect(row).toEqual({ name })
    expect(await (await fetchWorker(`/campaigns/${SLUG}`)).text()).toContain(name)
  })

  it('escapes HTML in a name wherever it is shown', async () => {
    const name = `<script>alert(1)</script> "Robert'); DROP TABLE signatures;--`
    await signAndConfirm(SLUG, validSignature({ name, showName: true }))
    const html = await (await fetchWorker(`/campaigns/${SLUG}`)).text()
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    const row = await env.DB.prepare('select count(*) as n from signatures').first<{ n: number }>()
    expect(row!.n).toBeGreaterThan(0)
  })
})

describe('messages of solidarity', () => {
  it('are held for moderation and shown once approved', async () => {
    const body = `We stand with you ${crypto.randomUUID().slice(0, 6)}`
    const res = await fetchWorker(`/api/v1/campaigns/${SLUG}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '10.99.0.1' },
      body: JSON.stringify({ name: 'Фарид', body, country: 'AT' }),
    })
    expect(res.status).toBe(202)
    expect(await (await fetchWorker(`/campaigns/${SLUG}`)).text()).not.toContain(body)
    await env.DB.prepare("update messages set status = 'approved' where body = ?").bind(body).run()
    expect(await (await fetchWorker(`/campaigns/${SLUG}`)).text()).toContain(body)
  })

  it('can be sent from the form on the page', async () => {
    const res = await fetchWorker(`/campaigns/${SLUG}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'cf-connecting-ip': '10.99.0.2',
      },
      body: new URLSearchParams({ name: 'A friend', body: 'Solidarity from Ghent' }).toString(),
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
    const page = await fetchWorker(res.headers.get('location')!)
    expect(await page.text()).toContain('Your message will appear here')
  })
})
