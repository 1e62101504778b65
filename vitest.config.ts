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
        // wrangler.toml's mail queues, flushed after 50 ms instead of a second: tests that
        // sign and confirm one after another wait for each mail.
        queueConsumers: {
          'standwith-mail': {
            maxBatchSize: 100,
            maxBatchTimeout: 0.05,
            maxRetries: 100,
            deadLetterQueue: 'standwith-mail-dlq',
          },
          'standwith-mail-dlq': { maxBatchSize: 100, maxBatchTimeout: 0.05 },
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
