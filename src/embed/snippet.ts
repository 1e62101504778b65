/** The one-line embed snippet partners paste; the campaign page shows it, the demo serves it. */

/**
 * The snippet for a campaign on the platform at `origin` (its PUBLIC_ORIGIN); with a partner's
 * slug, signatures through it are credited to that partner.
 */
export function embedSnippet(origin: string, slug: string, partner?: string): string {
  const credit = partner ? ` data-partner="${partner}"` : ''
  return `<script src="${origin}/embed.js" data-campaign="${slug}"${credit} async></script>`
}
