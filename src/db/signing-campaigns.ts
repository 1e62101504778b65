/** The campaign row the signing path needs, cached briefly per isolate. */
import { and, eq, ne, sql } from 'drizzle-orm'
import { LANGS, type Lang } from '../env.ts'
import { TtlMemo } from '../lib/memo.ts'
import { createDb } from './client.ts'
import { campaigns, campaignTranslations } from './schema.ts'

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
  const t = campaignTranslations
  // The title in the language asked for, else English, else any, else the slug.
  const title = sql<string>`coalesce(
    (select ${t.title} from ${t} where ${t.campaignId} = ${campaigns.id} and ${t.lang} = ${lang}),
    (select ${t.title} from ${t} where ${t.campaignId} = ${campaigns.id} order by ${t.lang} = 'en' desc limit 1),
    ${campaigns.slug})`
  const [row] = await createDb(d1)
    .select({ id: campaigns.id, status: campaigns.status, title })
    .from(campaigns)
    .where(and(eq(campaigns.slug, slug), ne(campaigns.status, 'draft')))
    .limit(1)
  return row ?? null
}

/** Forgets a campaign's rows here, after an organiser's change or a signer's own action. */
export function forgetSigningCampaign(slug: string): void {
  for (const lang of LANGS) signingCampaigns.delete(`${slug}\u0000${lang}`)
}
