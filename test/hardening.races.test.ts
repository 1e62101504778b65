/**
 * Guarded state changes act only when their guard held: a remove racing a confirm, and a held
 * signature's confirm racing its approval, end in a state that matches what the pages said,
 * with tallies equal to a recount (issue 13, items 2 and 10).
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../src/lib/crypto.ts'
import { adminJson } from './admin-helpers.ts'
import { apiSign, fetchWorker, freshIp, linkPath, mailsTo, validSignature } from './helpers.ts'
import { freshCampaign, kept, recount } from './recount.ts'

async function signatureOf(path: string): Promise<number> {
  const token = path.split('/').pop() ?? ''
  const row = await env.DB.prepare(
    // The current mail's links are on the signature's row (migrations/0007), others in the table.
    `select id from signatures where confirm_hash = ?1 or remove_hash = ?1
    union all select signature_id from signature_tokens where token_hash = ?1`,
  )
    .bind(await sha256Hex(token))
    .first<{ id: number }>()
  if (!row) throw new Error('no such token')
  return row.id
}

async function rowOf(id: number) {
  return env.DB.prepare(
    `select status, name, email_cipher as cipher, confirmed_at as confirmedAt,
      (select count(*) from signature_tokens where signature_id = s.id)
        + (confirm_hash is not null) + (remove_hash is not null) as tokens,
      (select count(*) from signature_tokens where signature_id = s.id
        and purpose != 'remove') + (confirm_hash is not null) as otherTokens
    from signatures s where id = ?`,
  )
    .bind(id)
    .first<{
      status: string
      name: string | null
      cipher: string | null
      confirmedAt: number | null
      tokens: number
      otherTokens: number
    }>()
}

const post = (path: string) => fetchWorker(path, { method: 'POST' })

describe('a remove racing a confirm', () => {
  it('always erases the signature, and exactly one page says it was removed', async () => {
    const campaign = await freshCampaign()
    for (let round = 0; round < 6; round++) {
      const body = validSignature({ country: 'KG' })
      expect((await apiSign(campaign.slug, body)).status).toBe(202)
      const [mail] = await mailsTo(String(body.email))
      const confirm = linkPath(mail!, 'confirm')
      const remove = linkPath(mail!, 'remove')
      const id = await signatureOf(confirm)
      const answers = await Promise.all([post(confirm), post(remove), post(confirm), post(remove)])
      const pages = await Promise.all(answers.map((r) => r.text()))
      const row = await rowOf(id)
      // Only the remove link is kept (to say "removed" when opened again), no other token.
      expect(row).toMatchObject({
        status: 'removed',
        name: null,
        cipher: null,
        tokens: 1,
        otherTokens: 0,
      })
      const saidRemoved = pages.filter((p) => p.includes('Your signature was removed'))
      expect(saidRemoved).toHaveLength(1)
      // The other remove request found its link used, and says so.
      expect(pages.filter((p) => p.includes('This signature has been removed'))).toHaveLength(1)
      // A confirm page that says "confirmed" or "already confirmed" must not follow a removal it lost to.
      for (const [i, page] of pages.entries()) {
        if (i % 2 === 0 && page.includes('already confirmed')) {
          expect(pages.some((p, j) => j % 2 === 0 && j !== i && p.includes('now counts'))).toBe(
            true,
          )
        }
      }
    }
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
  })
})

describe('a held signature confirmed while it is approved', () => {
  it('ends confirmed and counted, never pending with its email confirmed', async () => {
    const campaign = await freshCampaign()
    for (let round = 0; round < 4; round++) {
      const ip = freshIp()
      for (let i = 0; i < 5; i++) {
        expect((await apiSign(campaign.slug, validSignature(), ip)).status).toBe(202)
      }
      const body = validSignature({ country: 'UZ' })
      expect((await apiSign(campaign.slug, body, ip)).status).toBe(202)
      const [mail] = await mailsTo(String(body.email))
      const confirm = linkPath(mail!, 'confirm')
      const id = await signatureOf(confirm)
      expect((await rowOf(id))?.status).toBe('held')
      const [confirmed, approved] = await Promise.all([
        post(confirm),
        adminJson(`/api/v1/admin/signatures/${id}/approve`, 'POST'),
      ])
      expect(confirmed.status).toBe(200)
      expect(approved.status).toBe(200)
      const row = await rowOf(id)
      expect(row?.status).toBe('confirmed')
      expect(row?.confirmedAt).not.toBeNull()
    }
    expect(await kept(campaign.id)).toEqual(await recount(campaign.id))
  })
})
