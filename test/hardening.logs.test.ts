/**
 * What the Worker itself logs (the only logs the platform keeps, see wrangler.toml): never a
 * link token, an email, a name or an IP, through a whole signer's life and its errors.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiSign, fetchWorker, formSign, linkPath, mailsTo, validSignature } from './helpers.ts'

afterEach(() => vi.restoreAllMocks())

describe('our log lines', () => {
  it('carry no token, email, name or IP', async () => {
    const lines: string[] = []
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '))
      })
    }
    const ip = '2001:db8:77:77::7'
    const body = validSignature({ name: `Secret Name ${crypto.randomUUID().slice(0, 6)}` })
    expect((await apiSign('azimzhan-askarov', body, ip)).status).toBe(202)
    const [mail] = await mailsTo(String(body.email))
    const confirm = linkPath(mail!, 'confirm')
    const remove = linkPath(mail!, 'remove')
    await fetchWorker(confirm)
    await fetchWorker(confirm, { method: 'POST' })
    await fetchWorker(remove, { method: 'POST' })
    await fetchWorker(remove, { method: 'POST' })
    await formSign('azimzhan-askarov', { name: String(body.name), email: String(body.email) }, ip)
    await fetchWorker('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
      body: 'token=wrong',
    })
    const all = lines.join('\n')
    for (const secret of [
      confirm.split('/').pop()!,
      remove.split('/').pop()!,
      String(body.email),
      String(body.name),
      ip,
      '2001:db8:77:77',
    ]) {
      expect(all).not.toContain(secret)
    }
  })
})
