/**
 * A "Partner NGO" page on its own origin that embeds a campaign with the public snippet: the
 * demo (`npm run demo:partner`) and the browser tests serve the same page. It has a strict CSP
 * of its own (no inline script, no inline style attributes) that allows only the platform's
 * script and frames, so it also shows the loader works on a careful partner's site.
 */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { embedSnippet } from '../../src/embed/snippet.ts'

export interface PartnerPageOptions {
  /** The platform's origin, e.g. `http://localhost:8787`. */
  platform: string
  slug: string
  /** Optional snippet attributes: `data-lang`, `data-theme`, `data-accent`. */
  lang?: string
  theme?: string
  accent?: string
  /** The partner's own snippet credits it: `data-partner="SLUG"`. */
  partner?: string
}

const STYLE = `body{margin:0;font:16px/1.5 Georgia,serif;color:#222;background:#fbfaf7}
header,footer{background:#1f3b57;color:#fff;padding:1rem 2rem}
main{max-width:44rem;margin:0 auto;padding:1rem 2rem}
footer{margin-top:2rem;font-size:.9rem}`

const escapeAttr = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')

/** The snippet with the optional data attributes a partner may add. */
export function partnerSnippet(o: PartnerPageOptions): string {
  const extra = (['lang', 'theme', 'accent'] as const)
    .filter((k) => o[k] !== undefined)
    .map((k) => ` data-${k}="${escapeAttr(o[k] ?? '')}"`)
    .join('')
  return embedSnippet(o.platform, o.slug, o.partner).replace(' async>', `${extra} async>`)
}

export function partnerPage(o: PartnerPageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Friends of Central Asian Defenders</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><strong>Friends of Central Asian Defenders</strong> — a partner NGO</header>
<main>
<h1>Stand with the defenders</h1>
<p>This page belongs to a partner organisation on its own website. The campaign below is
embedded from the standwith platform with one line of HTML: the count is live and the form
signs the petition directly.</p>
${partnerSnippet(o)}
<p>Thank you for your support.</p>
</main>
<footer>Friends of Central Asian Defenders · demo partner page</footer>
</body>
</html>
`
}

/** The partner's own CSP: the platform's loader and frame, this page's one style block. */
export function partnerCsp(platform: string): string {
  const styleHash = createHash('sha256').update(STYLE).digest('base64')
  return [
    "default-src 'none'",
    `script-src ${platform}`,
    `frame-src ${platform}`,
    `style-src 'sha256-${styleHash}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

export interface PartnerServer {
  url: string
  server: Server
  close(): Promise<void>
}

/** Serves the partner page at `/` on `host:port` (port 0 picks a free one). */
export function servePartnerPage(
  options: PartnerPageOptions & { port?: number; host?: string; publicHost?: string },
): Promise<PartnerServer> {
  const html = partnerPage(options)
  const csp = partnerCsp(options.platform)
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
        'cache-control': 'no-store',
      })
      res.end(html)
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('Not found')
  })
  const host = options.host ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : options.port
      resolve({
        url: `http://${options.publicHost ?? host}:${port}`,
        server,
        close: () =>
          new Promise((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}
