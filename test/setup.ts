/** Every test file starts from the migrated schema with the release's campaigns seeded. */
import { applyD1Migrations, env } from 'cloudflare:test'
import { seedContent } from '../src/db/seed.ts'
import { parseContentFile } from '../src/domain/content.ts'

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
await seedContent(env.DB, parseContentFile(env.TEST_SEED_CONTENT))
