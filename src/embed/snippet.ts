/** The one-line embed snippet partners paste; the campaign page shows it, the demo serves it. */

/** The snippet for a campaign on the platform at `origin` (its PUBLIC_ORIGIN). */
export function embedSnippet(origin: string, slug: string): string {
  return `<script src="${origin}/embed.js" data-campaign="${slug}" async></script>`
}
