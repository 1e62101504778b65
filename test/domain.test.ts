import { describe, expect, it } from 'vitest'
import { emailDomain, isValidEmail, normaliseEmail } from '../src/domain/email.ts'
import { blockCandidates, ipNetwork, utcDay } from '../src/domain/ip.ts'
import { suppressSmallCells, tallyDeltas } from '../src/domain/tally.ts'
import { hasForbiddenCharacters } from '../src/domain/text.ts'
import { nextState } from '../src/domain/transitions.ts'
import { fromAcceptLanguage } from '../src/lib/i18n.ts'

describe('email normalisation', () => {
  it.each([
    ['Ada@Example.org', 'ada@example.org'],
    ['ada+petitions@example.org', 'ada@example.org'],
    ['a.d.a@gmail.com', 'ada@gmail.com'],
    ['A.D.A+x@GoogleMail.com', 'ada@gmail.com'],
    ['a.da@example.org', 'a.da@example.org'],
    ['  ada@example.org ', 'ada@example.org'],
  ])('%s → %s', (input, out) => expect(normaliseEmail(input)).toBe(out))

  it('validates addresses', () => {
    for (const ok of ['a@b.co', 'first.last@sub.example.org', 'x+y@example.kg'])
      expect(isValidEmail(ok), ok).toBe(true)
    for (const bad of [
      '',
      'a@',
      '@b.co',
      'a b@c.de',
      'a@b',
      'a..b@c.de',
      '.a@b.co',
      `${'a'.repeat(65)}@b.co`,
    ])
      expect(isValidEmail(bad), bad).toBe(false)
  })

  it('reads the domain, folding googlemail into gmail', () => {
    expect(emailDomain('X@GoogleMail.com')).toBe('gmail.com')
    expect(emailDomain('x@Mail.RU')).toBe('mail.ru')
  })
})

describe('IP networks', () => {
  it('keeps IPv4 and cuts IPv6 to its /64', () => {
    expect(ipNetwork('203.0.113.9')).toBe('203.0.113.9')
    expect(ipNetwork('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
    expect(ipNetwork('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64')
    expect(ipNetwork('2001:DB8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64')
    expect(ipNetwork('::ffff:198.51.100.4')).toBe('198.51.100.4')
    expect(ipNetwork('::1')).toBe('0:0:0:0::/64')
  })

  it('rejects what is not an IP', () => {
    for (const bad of [
      null,
      '',
      'localhost',
      '1.2.3',
      '256.1.1.1',
      '1:2:3',
      'gggg::1',
      '1::2::3',
    ]) {
      expect(ipNetwork(bad), String(bad)).toBeNull()
    }
  })

  it('lists block candidates', () => {
    expect(blockCandidates('198.51.100.77')).toEqual(['198.51.100.77', '198.51.100.0/24'])
    expect(blockCandidates('2001:db8:1:2::9')).toEqual(['2001:db8:1:2::/64', '2001:db8:1::/48'])
  })

  it('days are UTC', () => expect(utcDay(Date.UTC(2026, 0, 31, 23, 59))).toBe('2026-01-31'))
  it('gives every timestamp its own day, whatever was asked before', () => {
    const at = [Date.UTC(2026, 0, 31, 23, 59, 59, 999), Date.UTC(2026, 1, 1), 0, 4_102_444_800_000]
    for (let i = 0; i < 500; i++) at.push(Math.floor(Math.random() * 4_102_444_800_000))
    for (const ms of at) expect(utcDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10))
  })
})

describe('tally deltas', () => {
  const kg = { country: 'KG', confirmedDay: '2026-11-27' }
  it('a new signature adds to its state only', () => {
    expect(tallyDeltas(null, 'pending', kg)).toEqual([
      { dimension: 'state', key: 'pending', delta: 1 },
    ])
  })
  it('confirming moves state and adds country and day', () => {
    expect(tallyDeltas('pending', 'confirmed', { country: 'KG', confirmedDay: null }, kg)).toEqual([
      { dimension: 'state', key: 'pending', delta: -1 },
      { dimension: 'state', key: 'confirmed', delta: 1 },
      { dimension: 'country', key: 'KG', delta: 1 },
      { dimension: 'day', key: '2026-11-27', delta: 1 },
    ])
  })
  it('removing a confirmed signature takes back its country and day', () => {
    expect(
      tallyDeltas('confirmed', 'removed', kg, { country: 'ZZ', confirmedDay: '2026-11-27' }),
    ).toEqual([
      { dimension: 'state', key: 'confirmed', delta: -1 },
      { dimension: 'country', key: 'KG', delta: -1 },
      { dimension: 'day', key: '2026-11-27', delta: -1 },
      { dimension: 'state', key: 'removed', delta: 1 },
    ])
  })
  it('no move, no delta', () => expect(tallyDeltas('held', 'held', kg)).toEqual([]))
})

describe('state transitions', () => {
  it('confirm only from pending; remove from anything but removed', () => {
    expect(nextState('pending', 'confirm')).toBe('confirmed')
    expect(nextState('held', 'confirm')).toBeNull()
    expect(nextState('confirmed', 'confirm')).toBeNull()
    expect(nextState('invalidated', 'remove')).toBe('removed')
    expect(nextState('removed', 'remove')).toBeNull()
  })
})

describe('small cells', () => {
  it('shows counts under 5 as <5, hides a second cell so the total gives none away, drops zeros', () => {
    expect(suppressSmallCells({ KG: 4, TM: 5, UZ: 0, KZ: 1200 })).toEqual({
      KG: '<5',
      TM: '≥5',
      KZ: 1200,
    })
  })
})

describe('forbidden characters', () => {
  it('refuses controls and bidi overrides, keeps every script', () => {
    for (const ok of [
      'Ғалымжан Әбілқайыров',
      'Oʻgʻiloy Xoʻjayeva',
      'Sähra Baýramowa',
      'محمد',
      '李雷',
    ])
      expect(hasForbiddenCharacters(ok), ok).toBe(false)
    for (const bad of ['a\u0000', 'a\u001b[31m', 'a\u202e', 'a\u2066', 'a\u0085', '\ufeffa'])
      expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true)
    expect(hasForbiddenCharacters('line\nline', true)).toBe(false)
    expect(hasForbiddenCharacters('line\nline')).toBe(true)
  })
})

describe('Accept-Language', () => {
  it.each([
    ['ru-RU,ru;q=0.9,en;q=0.8', 'ru'],
    ['en-US,en;q=0.9', 'en'],
    ['de;q=1, ru;q=0.5', 'ru'],
    ['fr, de', undefined],
    ['ru;q=0, en;q=0.1', 'en'],
    ['', undefined],
  ])('%s → %s', (header, lang) => expect(fromAcceptLanguage(header)).toBe(lang))
})
