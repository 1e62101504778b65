import type { MailMessage } from './lib/mail/queue.ts'

/** Bindings and variables the Worker is given (wrangler.toml, `.dev.vars`, `wrangler secret`). */
export interface Env {
  DB: D1Database
  ASSETS: Fetcher
  SUBMIT_LIMITER: RateLimit
  /** Admin credentials: login attempts and wrong bearer tokens, per client network. */
  ADMIN_LIMITER: RateLimit
  /** Confirmation mail owed (src/jobs/mail-delivery.ts). */
  MAIL_QUEUE: Queue<MailMessage>
  /** Provider calls a second the mail consumer makes at most (default 2). */
  MAIL_RATE_PER_SECOND?: string
  /** Campaign images uploaded by editors (R2), served from `/media/…`. */
  MEDIA: R2Bucket
  /** Development outbox; bound only in development. */
  OUTBOX?: KVNamespace
  ENVIRONMENT: 'development' | 'production' | 'test'
  PUBLIC_ORIGIN: string
  SOFT_LIMIT_PER_CAMPAIGN?: string
  RETENTION_DAYS_AFTER_CLOSE?: string
  MAIL_FROM?: string
  /** Seconds after a confirmation mail before the thank-you page offers it again (180). */
  RESEND_AFTER_SECONDS?: string
  /** Seconds public pages and counts are cached; 0 turns caching off. */
  PAGE_CACHE_SECONDS?: string
  // Secrets
  ADMIN_TOKEN: string
  EMAIL_PEPPER: string
  /** `keyId:base64key` pairs, comma separated; the first encrypts, all decrypt. */
  EMAIL_KEYS: string
  IP_HASH_KEY: string
  TOKEN_KEY?: string
  SESSION_SECRET: string
  /** Ed25519 private key, PKCS#8, base64. */
  SIGNING_KEY: string
  TURNSTILE_SITE_KEY?: string
  TURNSTILE_SECRET_KEY?: string
  MAIL_API_URL?: string
  MAIL_API_KEY?: string
  ACCESS_TEAM_DOMAIN?: string
  ACCESS_AUD?: string
}

/** Hono's environment: bindings plus per-request variables set by middleware. */
export interface AppEnv {
  Bindings: Env
  Variables: {
    lang: Lang
  }
}

export const LANGS = ['en', 'ru'] as const
export type Lang = (typeof LANGS)[number]
