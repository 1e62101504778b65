/** Fresh random secrets for local development, written to `.dev.vars` (git-ignored). */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, writeFileSync } from 'node:fs'

const random = (bytes = 32) => randomBytes(bytes).toString('base64url')

/** Every secret the Worker reads, freshly generated. */
export function freshSecrets(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519')
  return {
    ADMIN_TOKEN: random(),
    EMAIL_PEPPER: random(),
    EMAIL_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    IP_HASH_KEY: random(),
    SESSION_SECRET: random(),
    SIGNING_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  }
}

export function devVarsText(secrets: Record<string, string>): string {
  const lines = Object.entries(secrets).map(([k, v]) => `${k}="${v}"`)
  return `# Local secrets for \`npm start\`, generated ${new Date().toISOString()}. Never commit this file.\n${lines.join('\n')}\n`
}

/** Creates `.dev.vars` when it is missing; returns whether it did. */
export function ensureDevVars(path = '.dev.vars'): boolean {
  if (existsSync(path)) return false
  writeFileSync(path, devVarsText(freshSecrets()), { mode: 0o600 })
  return true
}
