import { readFileSync } from 'node:fs'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { freshSecrets } from './scripts/lib/secrets.ts'

const content = JSON.parse(readFileSync('campaigns/000_iphr-human-rights-day-2010.json', 'utf8'))

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          ...freshSecrets(),
          // Tests read counts right after changing them; the cache has tests of its own.
          PAGE_CACHE_SECONDS: '0',
          TEST_MIGRATIONS: await readD1Migrations('./migrations'),
          TEST_SEED_CONTENT: content,
        },
      },
    })),
  ],
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/cli/**'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 30_000,
    silent: 'passed-only',
  },
})
