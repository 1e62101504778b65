/** Messages of solidarity: validated like signatures, always held for a moderator. */

import { type FieldProblem, MessageInput, parseWith } from '../domain/signature.ts'
import type { Env } from '../env.ts'
import { dailyIpHash } from '../lib/ip-hash.ts'
import { withinHardLimit } from './signing.ts'

export type MessageResult =
  | { kind: 'accepted' }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'not_found' }
  | { kind: 'closed' }
  | { kind: 'rate_limited'; retryAfter: number }

export async function postMessage(
  env: Env,
  clientIp: string | null,
  slug: string,
  input: unknown,
  lang: string,
): Promise<MessageResult> {
  if (!(await withinHardLimit(env, clientIp))) return { kind: 'rate_limited', retryAfter: 60 }
  const campaign = await env.DB.prepare(
    "select id, status from campaigns where slug = ? and status != 'draft'",
  )
    .bind(slug)
    .first<{ id: number; status: string }>()
  if (!campaign) return { kind: 'not_found' }
  if (campaign.status === 'closed') return { kind: 'closed' }
  const parsed = parseWith(MessageInput, input)
  if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems }
  const m = parsed.value
  if (m.website) return { kind: 'accepted' }
  const now = Date.now()
  await env.DB.prepare(
    `insert into messages (campaign_id, name, country, body, lang, status, ip_hash, created_at)
    values (?, ?, ?, ?, ?, 'pending', ?, ?)`,
  )
    .bind(
      campaign.id,
      m.name,
      m.country ?? null,
      m.body,
      lang,
      await dailyIpHash(env.IP_HASH_KEY, clientIp, now),
      now,
    )
    .run()
  return { kind: 'accepted' }
}
