/**
 * Renders the share cards (`public/static/cards/{defender,general}-{en,ru}.png`, 1200×630) in
 * Debian's Chromium: the og:image of every page that has no image of its own. Run it again
 * after changing the text or the look: `npm run render:cards`. The PNGs are committed,
 * so a deploy needs neither a browser nor a font (see src/views/social-meta.tsx for why).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { launchBrowser } from '../test/browser/browser.ts'
import { ROOT } from './lib/harness.ts'

const TEXT = {
  en: {
    defender: ['Stand with a human rights defender at risk', 'Read the case and add your name'],
    general: ['Stand with human rights defenders at risk', 'Read the call and add your name'],
  },
  ru: {
    defender: ['Поддержите правозащитника в опасности', 'Узнайте, что произошло, и подпишите'],
    general: ['Поддержите правозащитников в опасности', 'Прочитайте призыв и подпишите'],
  },
} as const

function card(title: string, line: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  html,body{margin:0;width:1200px;height:630px}
  body{font-family:"DejaVu Sans","Liberation Sans",sans-serif;background:#f4f1ea;color:#1a1a1a;
    display:flex;flex-direction:column;justify-content:space-between;box-sizing:border-box;
    padding:72px 80px;border-top:28px solid #8a1c1c}
  .brand{font-size:40px;font-weight:700;color:#8a1c1c;letter-spacing:.5px}
  h1{font-size:72px;line-height:1.12;margin:0;font-weight:700;max-width:1000px}
  p{font-size:36px;margin:0;color:#4a4a4a}
  </style></head><body><div class="brand">standwith</div><h1>${title.replace(/ (в|и|a|at) /g, ' $1\u00a0')}</h1><p>${line}</p></body></html>`
}

const browser = await launchBrowser()
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 630 } })
  for (const [lang, kinds] of Object.entries(TEXT)) {
    for (const [kind, [title, line]] of Object.entries(kinds)) {
      await page.setContent(card(title, line))
      const file = join(ROOT, 'public/static/cards', `${kind}-${lang}.png`)
      writeFileSync(file, await page.screenshot({ type: 'png' }))
      console.log(file)
    }
  }
} finally {
  await browser.close()
}
