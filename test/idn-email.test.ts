/** Addresses at internationalised domains: accepted, one signer whichever way the domain is written. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { normaliseDomain } from '../src/domain/admin/blocklist.ts'
import { asciiDomain, emailDomain, isValidEmail, normaliseEmail } from '../src/domain/email.ts'
import { hmac } from '../src/lib/crypto.ts'
import { adminJson } from './admin-helpers.ts'
import { apiSign, mailsTo, validSignature } from './helpers.ts'

const SLUG = 'farid-tukhbatullin'

describe('email addresses at internationalised domains', () => {
  it('accepts Unicode and punycode domains, and still refuses what is not a domain', () => {
    for (const ok of [
      'ivan@почта.рф',
      'ivan@mail.xn--p1ai',
      'ivan@xn--80a1acny.xn--p1ai',
      'Иван@ПОЧТА.РФ',
      'ali@bücher.de',
    ])
      expect(isValidEmail(ok), ok).toBe(true)
    for (const bad of [
      'ivan@почта',
      'ivan@почта .рф',
      'ivan@mail.ru/x.рф',
      'ivan@почта.рф:25',
      'ivan@evil.рф?x.com',
      'ivan@-почта.рф',
      'ivan@почта..рф',
      'ivan@xn--.xn--p1ai',
    ])
      expect(isValidEmail(bad), bad).toBe(false)
  })

  it('normalises a Unicode domain to its punycode form', () => {
    expect(asciiDomain('почта.рф')).toBe('xn--80a1acny.xn--p1ai')
    expect(normaliseEmail('Ivan+petition@ПОЧТА.рф')).toBe('ivan@xn--80a1acny.xn--p1ai')
    expect(normaliseEmail('ivan@xn--80a1acny.xn--p1ai')).toBe('ivan@xn--80a1acny.xn--p1ai')
    expect(emailDomain('ivan@почта.рф')).toBe('xn--80a1acny.xn--p1ai')
    // A block list entry typed either way names the same domain.
    expect(normaliseDomain('@почта.рф')).toBe('xn--80a1acny.xn--p1ai')
    expect(normaliseDomain('xn--80a1acny.xn--p1ai')).toBe('xn--80a1acny.xn--p1ai')
  })

  it('keeps the hash of every ASCII address as it was before IDN support', async () => {
    // Computed with the code before this change, under a fixed pepper.
    const pepper = 'pinned-pepper-for-tests'
    const before: [string, string, string][] = [
      [
        'Ada.Lovelace+petition@Example.org',
        'ada.lovelace@example.org',
        'LIeTuivR_J7SkahkWxA9J0LJ15JmcT9sb89wOJrP2co',
      ],
      ['j.doe@GoogleMail.com', 'jdoe@gmail.com', 'B8imS3gCvht9Z3XLa1JYkDtcqCeyygJzcvYqdPPvUmI'],
      ['ivan@mail.ru', 'ivan@mail.ru', 'uTXAkLNWdVOf9amCQgC4U106_Y5Ul8JCknd7arfybQE'],
      [' Farid@Example.AT ', 'farid@example.at', 'Gtogd6-tT6Oeb3ikJ1QiJjnBweIrXqQv-LIV_zZjbWo'],
    ]
    for (const [address, normal, hash] of before) {
      expect(normaliseEmail(address)).toBe(normal)
      expect(await hmac(pepper, normaliseEmail(address))).toBe(hash)
    }
  })

  it('takes both spellings as one signer, and mails the address as typed', async () => {
    const local = `ivan.${crypto.randomUUID().slice(0, 8)}`
    const unicode = `${local}@почта.рф`
    const punycode = `${local}@xn--80a1acny.xn--p1ai`
    expect((await apiSign(SLUG, validSignature({ email: unicode }))).status).toBe(202)
    expect((await apiSign(SLUG, validSignature({ email: punycode }))).status).toBe(202)
    const hash = await hmac(env.EMAIL_PEPPER, normaliseEmail(punycode))
    const rows = await env.DB.prepare('select count(*) as n from signatures where email_hash = ?')
      .bind(hash)
      .first<{ n: number }>()
    expect(rows?.n).toBe(1)
    expect(await mailsTo(unicode)).toHaveLength(1)
    // A signer at another IDN domain is accepted too.
    expect((await apiSign(SLUG, validSignature({ email: `${local}@mail.xn--p1ai` }))).status).toBe(
      202,
    )
  })

  it('blocks a domain typed in Unicode for signers who write it in punycode', async () => {
    const label = `блок${crypto.randomUUID().slice(0, 4)}`
    const add = await adminJson('/api/v1/admin/blocklist', 'POST', {
      kind: 'domain',
      value: `${label}.рф`,
    })
    expect(add.status).toBe(201)
    const blocked = (await add.json()) as { value: string }
    expect(blocked.value).toMatch(/^xn--[a-z0-9-]+\.xn--p1ai$/)
    const email = `someone@${blocked.value}`
    expect((await apiSign(SLUG, validSignature({ email }))).status).toBe(202)
    const hash = await hmac(env.EMAIL_PEPPER, normaliseEmail(email))
    const row = await env.DB.prepare('select 1 from signatures where email_hash = ?')
      .bind(hash)
      .first()
    expect(row).toBeNull()
  })
})
