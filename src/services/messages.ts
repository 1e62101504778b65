/** Messages of solidarity: validated like signatures, always held for a moderator. */

import { and, eq, ne } from 'drizzle-orm'
import { createDb } from '../db/client.ts'
import { campaigns, messages } from '../db/schema.ts'
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
  const db = createDb(env.DB)
  const [campaign] = await db
    .select({ id: campaigns.id, status: campaigns.status })
    .from(campaigns)
    .where(and(eq(campaigns.slug, slug), ne(campaigns.status, 'draft')))
  if (!campaign) return { kind: 'not_found' }
  if (campaign.status === 'closed') return { kind: 'closed' }
  const parsed = parseWith(MessageInput, input)
  if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems }
  const m = parsed.value
  if (m.website) return { kind: 'accepted' }
  const now = Date.now()
  await db.insert(messages).values({
    campaignId: campaign.id,
    name: m.name,
    country: m.country ?? null,
    body: m.body,
    lang,
    status: 'pending',
    ipHash: await dailyIpHash(env.IP_HASH_KEY, clientIp, now),
    createdAt: now,
  })
  return { kind: 'accepted' }
}
