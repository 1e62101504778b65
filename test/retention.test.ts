import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../src/index.ts'
import { runRetention } from '../src/jobs/retention.ts'
import { login, sessionRow } from './admin-helpers.ts'
import {
  apiSign,
  fetchWorker,
  freshIp,
  linkPath,
  mailsTo,
  signAndConfirm,
  uniqueEmail,
  validSignature,
} from './helpers.ts'
import { freshCampaign, kept, recount } from './recount.ts'

const DAY = 24 * 3600 * 1000

async function everyTallyMatchesRecount() {
  const { results } = await env.DB.prepare('select id from campaigns').all<{ id: number }>()
  for (const { id } of results) expect(await kept(id), `campaign ${id}`).toEqual(await recount(id))
}

async function rowsOf(campaignId: number) {
  const { results } = await env.DB.prepare(
    `select id, status, name, city, comment, email_cipher, email_key_id, ip_hash, confirmed_at,
      (select count(*) from signature_tokens t where t.signature_id = s.id)
        + (s.confirm_hash is not null) + (s.remove_hash is not null) as tokens
    from signatures s where campaign_id = ? order by id`,
  )
    .bind(campaignId)
    .all<Record<string, unknown> & { id: number; status: string; tokens: number }>()
  return results
}

const age = (table: string, campaignId: number, days: number) =>
  env.DB.prepare(`update ${table} set created_at = created_at - ? where campaign_id = ?`)
    .bind(days * DAY, campaignId)
    .run()

describe('retention', () => {
  it('clears old IP hashes and deletes old unconfirmed signatures with their tallies', async () => {
    const old = await freshCampaign()
    const recent = await freshCampaign()
    const ip = freshIp()
    // Old campaign: 2 confirmed, 3 pending, 2 held (one with a confirmed email), one message.
    const emails = Array.from({ length: 7 }, () => uniqueEmail('ret'))
    for (const [i, email] of emails.entries()) {
      await apiSign(old.slug, validSignature({ email, city: 'Osh', comment: 'Free him' }), ip)
      if (i < 2 || i === 5) {
        const [mail] = await mailsTo(email)
        await fetchWorker(linkPath(mail!, 'confirm'), { method: 'POST' })
      }
    }
    await fetchWorker(`/api/v1/campaigns/${old.slug}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
      body: JSON.stringify({ name: 'A friend', body: 'Solidarity' }),
    })
    await age('signatures', old.id, 31)
    await age('messages', old.id, 31)
    // Recent campaign: the same mix, but young.
    await signAndConfirm(recent.slug, validSignature())
    await apiSign(recent.slug, validSignature())
    const recentBefore = await rowsOf(recent.id)
    await everyTallyMatchesRecount()

    const report = await runRetention(env)
    expect(report.unconfirmedDeleted).toBeGreaterThanOrEqual(4)

    const rows = await rowsOf(old.id)
    expect(rows.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'held'])
    expect(rows.every((r) => r.ip_hash === null)).toBe(true)
    // Kept rows keep what the delivery needs.
    expect(rows.every((r) => r.name !== null && r.email_cipher !== null)).toBe(true)
    const orphans = await env.DB.prepare(
      'select count(*) as n from signature_tokens where signature_id not in (select id from signatures)',
    ).first<number>('n')
    expect(orphans).toBe(0)
    const message = await env.DB.prepare('select ip_hash from messages where campaign_id = ?')
      .bind(old.id)
      .first<{ ip_hash: string | null }>()
    expect(message).toEqual({ ip_hash: null })
    expect(await rowsOf(recent.id)).toEqual(recentBefore)
    expect(recentBefore.every((r) => r.ip_hash !== null)).toBe(true)
    await everyTallyMatchesRecount()
    expect((await kept(old.id)).state).toEqual({ confirmed: 2, held: 1 })

    // Running again finds nothing more to do.
    const again = await runRetention(env)
    expect(again).toMatchObject({ unconfirmedDeleted: 0, ipHashesCleared: 0, anonymised: 0 })
    await everyTallyMatchesRecount()
  })

  it('deletes expired tokens and admin sessions past their lifetime', async () => {
    const email = uniqueEmail()
    await apiSign('surat-ikramov', validSignature({ email }))
    const [mail] = await mailsTo(email)
    // Its links are on its row (migrations/0007), dated by when the mail was owed; a consent
    // mail's are token rows.
    await env.DB.prepare(
      "update signatures set mail_owed_at = ? where mail_state = 'sent' and confirm_hash is not null",
    )
      .bind(Date.now() - 8 * DAY)
      .run()
    const { cookie } = await login()
    const row = (await sessionRow(cookie))!
    await env.DB.prepare('update admin_sessions set last_seen_at = ? where id_hash = ?')
      .bind(Date.now() - 3600_000, row.idHash)
      .run()
    const report = await runRetention(env)
    expect(report.tokensDeleted).toBeGreaterThan(0)
    expect(report.sessionsDeleted).toBeGreaterThan(0)
    expect((await fetchWorker(linkPath(mail!, 'confirm'), { method: 'POST' })).status).toBe(404)
    expect(await sessionRow(cookie)).toBeNull()
    const expired = await env.DB.prepare(
      `select (select count(*) from signature_tokens where expires_at < ?1)
        + (select count(*) from signatures where confirm_hash is not null
          and confirmed_at is null and coalesce(mail_owed_at, created_at) < ?1 - 7 * 86400000)
        as n`,
    )
      .bind(Date.now())
      .first<number>('n')
    expect(expired).toBe(0)
  })

  it('anonymises campaigns closed longer than RETENTION_DAYS_AFTER_CLOSE; counts stay', async () => {
    const longClosed = await freshCampaign()
    const justClosed = await freshCampaign()
    for (const c of [longClosed, justClosed]) {
      await signAndConfirm(
        c.slug,
        validSignature({ name: 'Азимжан', city: 'Bishkek', comment: 'Hi', country: 'KG' }),
      )
      await signAndConfirm(c.slug, validSignature({ country: 'KZ' }))
      await apiSign(c.slug, validSignature())
    }
    const close = (id: number, daysAgo: number) =>
      env.DB.prepare("update campaigns set status = 'closed', closed_at = ? where id = ?")
        .bind(Date.now() - daysAgo * DAY, id)
        .run()
    await close(longClosed.id, 183)
    await close(justClosed.id, 10)
    const talliesBefore = [await kept(longClosed.id), await kept(justClosed.id)]
    const justBefore = await rowsOf(justClosed.id)

    const report = await runRetention(env)
    expect(report.campaignsAnonymised).toContain(longClosed.slug)
    expect(report.campaignsAnonymised).not.toContain(justClosed.slug)
    const rows = await rowsOf(longClosed.id)
    expect(rows).toHaveLength(3)
    for (const r of rows) {
      expect(r).toMatchObject({
        name: null,
        city: null,
        comment: null,
        email_cipher: null,
        email_key_id: null,
        ip_hash: null,
      })
    }
    expect(rows.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'pending'])
    expect(await kept(longClosed.id)).toEqual(talliesBefore[0])
    expect(await rowsOf(justClosed.id)).toEqual(justBefore)
    await everyTallyMatchesRecount()

    // Done once per closing: the next run does not read the campaign again.
    expect((await runRetention(env)).campaignsAnonymised).toEqual([])
    // A shorter setting reaches the other one too.
    await runRetention({ ...env, RETENTION_DAYS_AFTER_CLOSE: '7' })
    expect(
      (await rowsOf(justClosed.id)).every((r) => r.name === null && r.email_cipher === null),
    ).toBe(true)
    expect(await kept(justClosed.id)).toEqual(talliesBefore[1])
    await everyTallyMatchesRecount()
  })

  it('runs from the Cron Trigger through the Worker’s scheduled handler', async () => {
    const campaign = await freshCampaign()
    await apiSign(campaign.slug, validSignature())
    await age('signatures', campaign.id, 40)
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: '17 3 * * *' })
    const ctx = createExecutionContext()
    await worker.scheduled!(controller, env, ctx)
    await waitOnExecutionContext(ctx)
    expect(await rowsOf(campaign.id)).toEqual([])
    await everyTallyMatchesRecount()
    const audit = await env.DB.prepare(
      "select actor, detail from audit_log where action = 'retention.run' order by id desc limit 1",
    ).first<{ actor: string; detail: string }>()
    expect(audit!.actor).toBe('retention')
    expect(JSON.parse(audit!.detail)).toMatchObject({ unconfirmedDeleted: 1 })
  })
})
