/** The campaign row the signing path needs, cached briefly per isolate. */
import { LANGS, type Lang } from '../env.ts'
import { TtlMemo } from '../lib/memo.ts'

export interface CampaignForSigning {
  id: number
  status: string
  title: string
}

/**
 * Campaign rows for signing, kept two seconds per isolate: a surge of signatures does not
 * re-read the campaign each time. Organisers' changes forget the entry here at once (see
 * `forgetCampaign`); other isolates see a close within the TTL.
 */
const signingCampaigns = new TtlMemo<CampaignForSigning | null>(2000)

export function campaignForSigning(d1: D1Database, slug: string, lang: Lang) {
  return signingCampaigns.get(`${slug}\u0000${lang}`, () => loadCampaign(d1, slug, lang))
}

async function loadCampaign(
  d1: D1Database,
  slug: string,
  lang: Lang,
): Promise<CampaignForSigning | null> {
  return d1
    .prepare(
      `select c.id, c.status, coalesce(
        (select title from campaign_translations where campaign_id = c.id and lang = ?),
        (select title from campaign_translations where campaign_id = c.id order by lang = 'en' desc limit 1),
        c.slug) as title
      from campaigns c where c.slug = ? and c.status != 'draft'`,
    )
    .bind(lang, slug)
    .first<CampaignForSigning>()
}

/** Forgets a campaign's rows here, after an organiser's change or a signer's own action. */
export function forgetSigningCampaign(slug: string): void {
  for (const lang of LANGS) signingCampaigns.delete(`${slug}\u0000${lang}`)
}
