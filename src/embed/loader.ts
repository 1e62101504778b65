/**
 * The embed loader's browser code, served as `GET /embed.js`. It turns
 * `<script src="https://HOST/embed.js" data-campaign="SLUG" async></script>` into an iframe of
 * `/embed/SLUG`, right after the tag, sized to the widget through `postMessage`. A partner's
 * snippet adds `data-partner="ORG"`, passed on as `?partner=ORG`.
 *
 * It is text, not a module of this Worker: a plain ES2020 script for any browser, wrapped in an
 * arrow IIFE so it defines no global, touching nothing on the host page but its own tag (marked
 * as handled) and its own iframe. It is a TS string rather than a .js file so that wrangler,
 * the vitest plugin and the Miniflare harness all bundle it with no module rule: so no `${`
 * and no backtick inside. Lines starting with `//` are for maintainers; `LOADER_JS` drops
 * them, with the indentation.
 */
import { LANGS } from '../env.ts'
import { catalogues } from '../i18n/index.ts'

// biome-ignore lint/complexity/noUselessStringRaw: a regex added later keeps its backslashes.
const SOURCE = String.raw`
;(() => {
  const DONE = 'data-standwith-embedded'
  const OURS = 'script[src$="/embed.js"][data-campaign]'
  const TITLES = __TITLES__
  // currentScript is null, or another script, under some tag managers; then take the first of
  // our tags that no run has handled yet. Each run handles one tag, so every tag gets a frame.
  let script = document.currentScript
  if (!script || !script.matches(OURS)) {
    const ours = Array.from(document.querySelectorAll(OURS))
    script = ours.find((s) => !s.hasAttribute(DONE))
  }
  if (!script || script.hasAttribute(DONE)) return
  script.setAttribute(DONE, '')
  const warn = (what) => console.warn('standwith embed: ' + what + ' (' + script.src + ')')
  const data = script.dataset
  const slug = data.campaign || ''
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length > 80) {
    return warn('data-campaign must be a campaign slug, like "azimzhan-askarov"')
  }
  const origin = new URL(script.src).origin
  const params = new URLSearchParams()
  const lang = data.lang
  if (Object.prototype.hasOwnProperty.call(TITLES, lang)) params.set('lang', lang)
  else if (lang) warn('data-lang must be one of ' + Object.keys(TITLES).join(', '))
  if (data.theme === 'light' || data.theme === 'dark') params.set('theme', data.theme)
  else if (data.theme) warn('data-theme must be "light" or "dark"')
  const accent = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(data.accent || '')
  if (accent) params.set('accent', accent[1].toLowerCase())
  else if (data.accent) warn('data-accent must be a hex colour, like "#0a6c3b"')
  // The partner credited with signatures through this snippet; the server ignores an inactive one.
  if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(data.partner || '') && data.partner.length <= 80) {
    params.set('partner', data.partner)
  } else if (data.partner) warn('data-partner must be an organisation slug, like "demo-partner"')
  const query = params.toString()

  const frame = document.createElement('iframe')
  frame.src = origin + '/embed/' + slug + (query ? '?' + query : '')
  frame.title = params.has('lang') ? TITLES[lang] : TITLES.en
  frame.width = '100%'
  frame.setAttribute('loading', 'lazy')
  // Forms, and new tabs for the full campaign page; never a navigation of the host page.
  frame.setAttribute(
    'sandbox',
    'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox'
  )
  // CSSOM, not a style attribute: the host page's CSP may forbid inline style attributes.
  frame.style.cssText = 'display:block;width:100%;height:640px;border:0'
  script.parentNode.insertBefore(frame, script.nextSibling)

  addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow) return
    const message = event.data
    if (!message || message.type !== 'standwith:height') return
    const height = message.height
    if (typeof height !== 'number' || !(height >= 50 && height <= 10000)) return
    frame.style.height = Math.ceil(height) + 'px'
  })
})()
`

/** The iframe's title in each language, from the catalogues (also the languages `data-lang` takes). */
const TITLES = JSON.stringify(
  Object.fromEntries(LANGS.map((l) => [l, catalogues[l].loader.frameTitle])),
)

/** The loader as browsers get it: without comment lines, blank lines and indentation. */
export const LOADER_JS = SOURCE.replace('__TITLES__', TITLES)
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('//'))
  .join('\n')
