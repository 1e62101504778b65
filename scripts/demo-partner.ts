/**
 * `npm run demo:partner [-- SLUG]`: a "Partner NGO" page on http://localhost:8788 that embeds a
 * campaign from the platform at http://localhost:8787 (`npm start`) with the public snippet, so
 * the widget runs cross-origin, as on a real partner's site. PLATFORM_ORIGIN, PARTNER_PORT and
 * DATA_LANG / DATA_THEME / DATA_ACCENT / DATA_PARTNER (the snippet's optional attributes) change
 * the defaults.
 */
import { servePartnerPage } from './lib/partner-page.ts'

const platform = process.env.PLATFORM_ORIGIN ?? 'http://localhost:8787'
const slug = process.argv[2] ?? 'azimzhan-askarov'
const port = Number(process.env.PARTNER_PORT ?? 8788)

const partner = await servePartnerPage({
  platform,
  slug,
  lang: process.env.DATA_LANG,
  theme: process.env.DATA_THEME,
  accent: process.env.DATA_ACCENT,
  partner: process.env.DATA_PARTNER,
  port,
  host: '127.0.0.1',
  publicHost: 'localhost',
})
console.log(`Partner NGO page: ${partner.url} (embeds ${slug} from ${platform})`)
console.log(`Cross-site as well as cross-origin: http://127.0.0.1:${port}. Ctrl-C stops it.`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    partner.close().then(() => process.exit(0))
  })
}
