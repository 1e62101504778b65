/** The campaign row the signing path needs, cached briefly per isolate. */
import { LANGS, type Lang } from '../env.ts'
import { TtlMemo } from '../lib/memo.ts'

/** An organisation as signing needs it: named in mail, its notice version recorded. */
export interface SigningOrganisation {
  id: number
  slug: string
  name: string
  senderName: string
  /** The newest privacy notice in the signer's language (else English): the one shown. */
  noticeId: number | null
}

export interface CampaignForSigning {
  id: number
  status: string
  title: string
  host: SigningOrganisation | null
  /** Active partners (listed or not): the ones a signature may be credited to. */
  partners: SigningOrganisation[]
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
  // Raw SQL in one batch: this is the signing hot path (a cold isolate reads it per campaign).
  const [campaign, organisations] = await d1.batch([
    d1
      .prepare(
        `select c.id, c.status, coalesce(
        (select title from campaign_translations where campaign_id = c.id and lang = ?),
        (select title from campaign_translations where campaign_id = c.id order by lang = 'en' desc limit 1),
        c.slug) as title, c.host_organisation_id as hostId
      from campaigns c where c.slug = ? and c.status != 'draft'`,
      )
      .bind(lang, slug),
    d1
      .prepare(
        `select o.id, o.slug, o.name, o.sender_name as senderName,
        (select n.id from privacy_notices n where n.organisation_id = o.id
          order by n.lang = ?1 desc, n.lang = 'en' desc, n.version desc limit 1) as noticeId
      from campaigns c join organisations o on o.id = c.host_organisation_id
        or o.id in (select organisation_id from campaign_partners p
          where p.campaign_id = c.id and p.status = 'active')
      where c.slug = ?2`,
      )
      .bind(lang, slug),
  ])
  const row = campaign?.results[0] as
    | (Omit<CampaignForSigning, 'host' | 'partners'> & {
        hostId: number | null
      })
    | undefined
  if (!row) return null
  const orgs = (organisations?.results ?? []) as unknown as SigningOrganisation[]
  const { hostId, ...rest } = row
  return {
    ...rest,
    host: orgs.find((o) => o.id === hostId) ?? null,
    partners: orgs.filter((o) => o.id !== hostId),
  }
}

/** Forgets a campaign's rows here, after an organiser's change or a signer's own action. */
export function forgetSigningCampaign(slug: string): void {
  for (const lang of LANGS) signingCampaigns.delete(`${slug}\u0000${lang}`)
}
