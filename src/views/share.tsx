/** Share links: plain links, nothing is loaded from the networks until a person clicks. */
import type { PageContext } from './layout.tsx'

export function ShareLinks(props: { ctx: PageContext; url: string; title: string }) {
  const { ctx, url, title } = props
  const u = encodeURIComponent(url)
  const text = encodeURIComponent(title)
  const links: [string, string][] = [
    [ctx.t('shareByEmail'), `mailto:?subject=${text}&body=${u}`],
    ['Telegram', `https://t.me/share/url?url=${u}&text=${text}`],
    ['WhatsApp', `https://wa.me/?text=${text}%20${u}`],
    ['X', `https://x.com/intent/post?url=${u}&text=${text}`],
    ['Facebook', `https://www.facebook.com/sharer/sharer.php?u=${u}`],
    ['VK', `https://vk.com/share.php?url=${u}&title=${text}`],
  ]
  return (
    <section class="share" aria-labelledby="share-title">
      <h2 id="share-title">{ctx.t('share')}</h2>
      <ul>
        {links.map(([label, href]) => (
          <li>
            <a href={href} rel="noopener noreferrer" target="_blank">
              {label}
            </a>
          </li>
        ))}
        <li>
          <button type="button" class="copy" data-copy={url} data-copied={ctx.t('copied')} hidden>
            {ctx.t('copyLink')}
          </button>
        </li>
      </ul>
    </section>
  )
}
