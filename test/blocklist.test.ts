/** IP block list entries typed with padded parts name the address clients send. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { normaliseNetwork } from '../src/domain/admin/blocklist.ts'
import { normaliseEmail } from '../src/domain/email.ts'
import { hmac } from '../src/lib/crypto.ts'
import { adminJson } from './admin-helpers.ts'
import { apiSign, uniqueEmail, validSignature } from './helpers.ts'

async function stored(email: string) {
  const hash = await hmac(env.EMAIL_PEPPER, normaliseEmail(email))
  return env.DB.prepare('select 1 from signatures where email_hash = ?').bind(hash).first()
}

describe('IP block list entries with leading zeros', () => {
  it('reads padded IPv4 parts as the decimal address', () => {
    expect(normaliseNetwork('001.002.003.004')).toBe('1.2.3.4')
    expect(normaliseNetwork('198.051.100.000/24')).toBe('198.51.100.0/24')
    expect(normaliseNetwork('0001.2.3.4')).toBeNull()
    expect(normaliseNetwork('256.002.003.004')).toBeNull()
  })

  it('an entry typed 198.051.100.007 blocks the client 198.51.100.7', async () => {
    const add = await adminJson('/api/v1/admin/blocklist', 'POST', {
      kind: 'ip',
      value: '198.051.100.007',
    })
    expect(add.status).toBe(201)
    const email = uniqueEmail('padded')
    expect((await apiSign('surat-ikramov', validSignature({ email }), '198.51.100.7')).status).toBe(
      202,
    )
    expect(await stored(email)).toBeNull()
    // Removing it as typed the plain way finds the same entry.
    const del = await adminJson('/api/v1/admin/blocklist', 'DELETE', {
      kind: 'ip',
      value: '198.51.100.7',
    })
    expect(del.status).toBe(200)
    const again = uniqueEmail('padded')
    await apiSign('surat-ikramov', validSignature({ email: again }), '198.51.100.7')
    expect(await stored(again)).not.toBeNull()
  })
})
