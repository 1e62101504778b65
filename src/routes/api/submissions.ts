/** JSON submissions: `POST /api/v1/campaigns/:slug/signatures` and `.../messages`. */
import { Hono } from 'hono'
import type { AppEnv } from '../../env.ts'
import { clientIp } from '../../lib/client-ip.ts'
import { ApiError } from '../../lib/errors.ts'
import { toIssues } from '../../lib/field-errors.ts'
import { jsonBody } from '../../middleware/body/index.ts'
import { postMessage } from '../../services/messages.ts'
import { type SignResult, sign } from '../../services/signing.ts'

type Outcome = SignResult | { kind: 'accepted' }

function answer(result: Outcome): never | { status: 'pending' } {
  switch (result.kind) {
    case 'accepted':
      return { status: 'pending' }
    case 'invalid':
      throw new ApiError(400, 'invalid', 'Some fields are not valid.', toIssues(result.problems))
    case 'not_found':
      throw new ApiError(404, 'not_found', 'No such campaign.')
    case 'closed':
      throw new ApiError(410, 'campaign_closed', 'This campaign is closed.')
    case 'rate_limited':
      throw new ApiError(429, 'rate_limited', 'Too many submissions; try again later.', undefined, {
        'Retry-After': String(result.retryAfter),
      })
    case 'challenge_failed':
      throw new ApiError(400, 'invalid', 'The challenge was not passed.', [
        { field: 'turnstileToken', message: 'Verification failed; try again.' },
      ])
  }
}

export const submissionsApi = new Hono<AppEnv & { Variables: { body: unknown } }>()
  .post('/:slug/signatures', jsonBody(), async (c) => {
    const result = await sign(
      {
        env: c.env,
        waitUntil: (p) => c.executionCtx.waitUntil(p),
        clientIp: clientIp(c),
        lang: c.get('lang'),
      },
      c.req.param('slug'),
      c.get('body'),
    )
    return c.json(answer(result), 202)
  })
  .post('/:slug/messages', jsonBody(), async (c) => {
    const result = await postMessage(
      c.env,
      clientIp(c),
      c.req.param('slug'),
      c.get('body'),
      c.get('lang'),
    )
    return c.json(answer(result), 202)
  })
