/**
 * Every rate limiter is keyed by the client's network (an IPv4 address, an IPv6 /64), however
 * the address is written; wrong admin bearer tokens are limited too (issue 13, item 1).
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { limiterKey } from '../src/domain/ip.ts'
import {
  apiSign,
  awayFromMinuteEnd,
  fetchWorker,
  freshIp,
  ORIGIN,
  validSignature,
} from './helpers.ts'

const hex = () => Math.floor(Math.random() * 0xffff).toString(16)
/** A fresh /64 of the documentation prefix. */
const fresh64 = () => `2001:db8:${hex()}:${hex()}`

describe('limiter keys', () => {
  it('are one per IPv6 /64 and one per IPv4 address, however written', () => {
    const a = limiterKey('2001:db8:1:2::1')
    for (const ip of [
      '2001:db8:1:2::f',
      '2001:DB8:1:2::1',
      '2001:0db8:0001:0002:0000:0000:0000:0001',
      '2001:db8:1:2::1%eth0',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      ' 2001:db8:1:2::1 ',
    ]) {
      expect(limiterKey(ip)).toBe(a)
    }
    expect(limiterKey('2001:db8:1:3::1')).not.toBe(a)
    expect(limiterKey('192.0.2.1')).toBe(limiterKey('::ffff:192.0.2.1'))
    expect(limiterKey('192.0.2.1')).toBe(limiterKey('192.000.002.001'))
    expect(limiterKey('192.0.2.1')).toBe(limiterKey('::FFFF:C000:0201'))
    expect(limiterKey('192.0.2.1')).not.toBe(limiterKey('192.0.2.2'))
  })
})

describe('the hard limit on submissions', () => {
  it('holds for fifteen addresses of one IPv6 /64', async () => {
    await awayFromMinuteEnd()
    const net = fresh64()
    const statuses: number[] = []
    for (let i = 1; i <= 15; i++) {
      statuses.push(
        (await apiSign('azimzhan-askarov', validSignature(), `${net}::${i.toString(16)}`)).status,
      )
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202))
    expect(statuses.slice(10)).toEqual(Array(5).fill(429))
  })

  it('holds for one address written many ways, and for messages from it', async () => {
    await awayFromMinuteEnd()
    const net = fresh64()
    const [, , g3, g4] = net.split(':') as [string, string, string, string]
    const ways = [
      `${net}::1`,
      `${net.toUpperCase()}::1`,
      `2001:0db8:${g3.padStart(4, '0')}:${g4.padStart(4, '0')}:0:0:0:1`,
      `${net}::1%eth0`,
      `${net}:0:0:0:1`,
      `${net}::0001`,
    ]
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const ip = ways[i % ways.length]!
      const res =
        i % 3 === 2
          ? await fetchWorker('/api/v1/campaigns/azimzhan-askarov/messages', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
              body: JSON.stringify({ name: 'Ada', body: 'Solidarity' }),
            })
          : await apiSign('azimzhan-askarov', validSignature(), ip)
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202))
    expect(statuses.slice(10)).toEqual([429, 429])
  })
})

function loginFrom(ip: string, token: string) {
  return fetchWorker('/admin/login', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
      'cf-connecting-ip': ip,
    },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  })
}

function tallies(ip: string, token: string) {
  return fetchWorker('/api/v1/admin/tallies', {
    headers: { authorization: `Bearer ${token}`, 'cf-connecting-ip': ip },
  })
}

describe('the limits on admin credentials', () => {
  it('count login attempts per /64, not per address', async () => {
    await awayFromMinuteEnd()
    const net = fresh64()
    const statuses: number[] = []
    for (let i = 1; i <= 12; i++) statuses.push((await loginFrom(`${net}::${i}`, 'wrong')).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses.slice(10)).toEqual([429, 429])
  })

  it('limit wrong bearer tokens, and then refuse even the right one from that network', async () => {
    await awayFromMinuteEnd()
    const net = fresh64()
    const statuses: number[] = []
    for (let i = 1; i <= 12; i++) statuses.push((await tallies(`${net}::${i}`, `guess${i}`)).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses.slice(10)).toEqual([429, 429])
    const locked = await tallies(`${net}::99`, env.ADMIN_TOKEN)
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBeTruthy()
    // Another network with the right token is served; the right token never uses up the limit.
    const other = freshIp()
    for (let i = 0; i < 12; i++) expect((await tallies(other, env.ADMIN_TOKEN)).status).toBe(200)
  })
})
