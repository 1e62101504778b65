/**
 * `/api/v1/admin/blocklist`: email domains and IP networks whose submissions are accepted with
 * the usual 202 and silently dropped. Networks are stored only as their keyed hash; an entry is
 * removed by the network as typed again or by that hash.
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { BlockKind } from '../../db/admin/blocklist.ts'
import { normaliseDomain, normaliseNetwork } from '../../domain/admin/blocklist.ts'
import type { FieldIssue } from '../../lib/errors.ts'
import { ApiError } from '../../lib/errors.ts'
import { blockValue } from '../../lib/ip-hash.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import { block, blockEntries, unblock } from '../../services/admin/moderation.ts'
import { adminContext, parseAdmin, validJson } from './shared.ts'

const HASH = /^[A-Za-z0-9_-]{43}$/

export const BlockInput = v.strictObject(
  {
    kind: v.picklist(['ip', 'domain'], 'kind is ip or domain.'),
    value: v.pipe(
      v.string('value is text.'),
      v.trim(),
      v.minLength(1, 'This field is required.'),
      v.maxLength(300, 'This is too long.'),
    ),
  },
  'A block list entry is { kind, value }.',
)

/**
 * The stored value for an entry as typed, or an issue. With `acceptHash`, an IP entry may
 * also be given as its stored hash (to remove an entry whose network nobody remembers).
 */
export async function storedBlockValue(
  ipHashKey: string,
  kind: BlockKind,
  text: string,
  { acceptHash = false } = {},
): Promise<{ value: string } | { issue: FieldIssue }> {
  if (kind === 'domain') {
    const domain = normaliseDomain(text)
    return domain
      ? { value: domain }
      : { issue: { field: 'value', message: 'Use a domain like example.org.' } }
  }
  if (acceptHash && HASH.test(text)) return { value: text }
  const network = normaliseNetwork(text)
  if (!network) {
    return {
      issue: {
        field: 'value',
        message: 'Use an IP address, an IPv4 /24, or an IPv6 /64 or /48 (like 2001:db8:1::/48).',
      },
    }
  }
  return { value: await blockValue(ipHashKey, network) }
}

async function entry(c: Parameters<typeof validJson>[0], acceptHash: boolean) {
  const input = await validJson(c, (x) => parseAdmin(BlockInput, x))
  const stored = await storedBlockValue(c.env.IP_HASH_KEY, input.kind, input.value, { acceptHash })
  if ('issue' in stored)
    throw new ApiError(400, 'invalid', 'Some fields are not valid.', [stored.issue])
  return { kind: input.kind, value: stored.value }
}

export const blocklistAdminApi = new Hono<AdminEnv>()
  .get('/blocklist', async (c) => c.json({ entries: await blockEntries(adminContext(c)) }))
  .post('/blocklist', async (c) => {
    const { kind, value } = await entry(c, false)
    const added = await block(adminContext(c), kind, value)
    return c.json({ kind, value, added }, added ? 201 : 200)
  })
  .delete('/blocklist', async (c) => {
    const { kind, value } = await entry(c, true)
    const removed = await unblock(adminContext(c), kind, value)
    if (!removed) throw new ApiError(404, 'not_found', 'No such block list entry.')
    return c.json({ kind, value, removed })
  })
