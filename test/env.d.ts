import type { D1Migration } from 'cloudflare:test'
import type { Env as AppBindings } from '../src/env.ts'

declare global {
  namespace Cloudflare {
    interface Env extends AppBindings {
      TEST_MIGRATIONS: D1Migration[]
      TEST_SEED_CONTENT: unknown
    }
    interface GlobalProps {
      mainModule: typeof import('../src/index.ts')
    }
  }
}
