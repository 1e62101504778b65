/**
 * What Telegram, VK, Facebook, X and WhatsApp read when a page is shared: Open Graph and
 * Twitter card tags with absolute URLs from PUBLIC_ORIGIN.
 *
 * The image is the campaign's own (an editor's upload, `/media/…`) or else a share card: a
 * PNG per campaign kind and language, pre-rendered by `scripts/render-cards.ts` and served as
 * a static asset. Why not a card drawn per campaign with its title: the networks show only
 * PNG or JPEG (an SVG card is dropped), and drawing text into a PNG inside a Worker needs a
 * font rasteriser and glyph data for Latin and Cyrillic, and soon for Kazakh, Uzbek and Tajik
 * letters — tens of kilobytes in every isolate and CPU on every card — while every network
 * already prints og:title beside the image. A static card costs nothing per request, is
 * cached at the edge, cannot fail, and keeps the brand consistent.
 */
import type { Lang } from '../env.ts'

export interface SocialMeta {
  title: string
  description?: string
  /** Absolute URL of the page as it should be shared. */
  url: string
  image: { url: string; alt: string; width?: number; height?: number }
  type?: 'website' | 'article'
}

const LOCALES: Record<Lang, string> = { en: 'en_GB', ru: 'ru_RU' }

/** The share card of a kind of page, as an absolute URL (1200×630 PNG). */
export function shareCard(
  origin: string,
  kind: 'defender' | 'general',
  lang: Lang,
  alt: string,
): SocialMeta['image'] {
  return { url: `${origin}/static/cards/${kind}-${lang}.png`, alt, width: 1200, height: 630 }
}

/** The page's URL to share: the path with `?lang=` for a language other than English. */
export function shareUrl(origin: string, path: string, lang: Lang): string {
  const url = new URL(path, origin)
  if (lang !== 'en') url.searchParams.set('lang', lang)
  return url.toString()
}

export function SocialMetaTags(props: { meta: SocialMeta; lang: Lang; siteName: string }) {
  const { meta, lang, siteName } = props
  return (
    <>
      <meta property="og:type" content={meta.type ?? 'website'} />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:locale" content={LOCALES[lang]} />
      <meta property="og:title" content={meta.title} />
      {meta.description ? <meta property="og:description" content={meta.description} /> : null}
      <meta property="og:url" content={meta.url} />
      <meta property="og:image" content={meta.image.url} />
      {meta.image.width ? (
        <meta property="og:image:width" content={String(meta.image.width)} />
      ) : null}
      {meta.image.height ? (
        <meta property="og:image:height" content={String(meta.image.height)} />
      ) : null}
      <meta property="og:image:alt" content={meta.image.alt} />
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:title" content={meta.title} />
      {meta.description ? <meta name="twitter:description" content={meta.description} /> : null}
      <meta name="twitter:image" content={meta.image.url} />
      <meta name="twitter:image:alt" content={meta.image.alt} />
    </>
  )
}
