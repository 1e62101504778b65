/** "Embed this campaign": the one-line snippet partner NGOs paste into their sites. */
import { embedSnippet } from '../embed/snippet.ts'
import type { PageContext } from './layout.tsx'

export function EmbedSnippet(props: {
  ctx: PageContext
  origin: string
  slug: string
  /** The partner slug the snippet credits (`data-partner`), if any. */
  partner?: string
}) {
  const { t } = props.ctx
  const snippet = embedSnippet(props.origin, props.slug, props.partner)
  return (
    <section class="embed" aria-labelledby="embed-title">
      <h2 id="embed-title">{t('embedTitle')}</h2>
      <p id="embed-text">{t('embedText')}</p>
      <pre>
        <code>{snippet}</code>
      </pre>
      {/* Shown by app.js where the clipboard is available. */}
      <button type="button" class="copy" data-copy={snippet} data-copied={t('copied')} hidden>
        {t('embedCopy')}
      </button>
    </section>
  )
}
