/** `/admin/blocklist`: the entries, and the form that adds or removes one. */
import { Hono } from 'hono'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { block, blockEntries, unblock } from '../../../services/admin/moderation.ts'
import { BlocklistPage } from '../../../views/admin/blocklist.tsx'
import { adminText } from '../../../views/admin/text.ts'
import { storedBlockValue } from '../blocklist.ts'
import { adminContext } from '../shared.ts'

const NOTICES = () => adminText().notices.blocklist

export const blocklistPages = new Hono<AdminEnv>()
  .get('/blocklist', async (c) =>
    c.html(
      <BlocklistPage
        entries={await blockEntries(adminContext(c))}
        csrf={c.get('admin').csrf}
        notice={NOTICES()[c.req.query('done') ?? '']}
      />,
    ),
  )
  .post('/blocklist', async (c) => {
    const form = c.get('form')
    const kind = form.kind === 'ip' ? 'ip' : 'domain'
    const remove = form.op === 'remove'
    const stored = await storedBlockValue(c.env.IP_HASH_KEY, kind, form.value ?? '', {
      acceptHash: remove,
    })
    if ('issue' in stored) {
      const page = (
        <BlocklistPage
          entries={await blockEntries(adminContext(c))}
          csrf={c.get('admin').csrf}
          values={{ kind, value: form.value }}
          error={stored.issue.message}
        />
      )
      return c.html(page, 422)
    }
    const ctx = adminContext(c)
    const done = remove
      ? (await unblock(ctx, kind, stored.value))
        ? 'removed'
        : 'absent'
      : (await block(ctx, kind, stored.value))
        ? 'added'
        : 'present'
    return c.redirect(`/admin/blocklist?done=${done}`, 303)
  })
