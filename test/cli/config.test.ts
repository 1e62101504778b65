/**
 * wrangler.toml as wrangler reads it (issue 13, items 1 and 6): no request URL — which carries
 * link tokens on /confirm and /remove — reaches a log the platform keeps, and every rate limiter
 * is bound in development and in production.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { unstable_readConfig } from 'wrangler'

const CONFIG = fileURLToPath(new URL('../../wrangler.toml', import.meta.url))

for (const env of [undefined, 'production']) {
  describe(`wrangler.toml (${env ?? 'development'})`, () => {
    const config = unstable_readConfig({ config: CONFIG, env }, { hideWarnings: true })

    it('keeps our own structured logs but no invocation logs or traces (they hold the URL)', () => {
      const o = config.observability
      assert.ok(o, 'observability is configured')
      assert.equal(o.enabled, true)
      assert.equal(o.logs?.enabled, true)
      assert.equal(o.logs?.invocation_logs, false)
      assert.equal(o.traces?.enabled ?? false, false)
    })

    it('binds both rate limiters', () => {
      const names = (config.ratelimits as { name: string }[]).map((r) => r.name).sort()
      assert.deepEqual(names, ['ADMIN_LIMITER', 'SUBMIT_LIMITER'])
    })
  })
}

describe('npm start', () => {
  it('runs wrangler without the local observability store (it keeps each request URL)', async () => {
    const { offlineEnv } = await import('../../scripts/lib/wrangler.ts')
    assert.equal(offlineEnv.X_LOCAL_OBSERVABILITY, 'false')
  })
})

describe('npm start output', () => {
  it("redacts link tokens from wrangler dev's request lines", async () => {
    const { redactTokens } = await import('../../scripts/lib/wrangler.ts')
    const token = '_gxQj26fijzFF5KVbWgSo5qtlycAcHH_tG-X6mIgbeA'
    for (const path of ['/confirm/', '/remove/', '/consent/', '/admin/login/']) {
      const line = redactTokens(`[wrangler:info] POST ${path}${token} 200 OK (48ms)`)
      assert.equal(line, `[wrangler:info] POST ${path}[token] 200 OK (48ms)`)
    }
    const page = '[wrangler:info] GET /campaigns/azimzhan-askarov 200 OK (9ms)'
    assert.equal(redactTokens(page), page)
  })
})
