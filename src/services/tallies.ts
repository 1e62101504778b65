/**
 * Tally reports and delivery documents, built from the kept tallies (never a scan) and signed.
 * Admin reports carry exact counts; delivery documents, which leave the organisation, show
 * per-country counts under 5 as "<5". Delivery documents carry no generation time: the same
 * counts give the same digest, so the printed pack and the JSON downloaded beside it match.
 */
import { type Campaign, findCampaign, findDefender, listCampaigns } from '../db/campaigns.ts'
import type { Db } from '../db/client.ts'
import { CAMPAIGN_STATUSES } from '../db/schema.ts'
import { campaignTallies, talliesByCampaign } from '../db/tally-reports.ts'
import { suppressSmallCells } from '../domain/tally.ts'
import { allStates, type Counts, periodOf, sortedKeys, sumCounts } from '../domain/tally-report.ts'
import type { Env, Lang } from '../env.ts'
import { type Signer, signDocument, signerFor } from '../lib/proof.ts'

const now = () => new Date().toISOString()

function defenderRef(c: { defender: Campaign['defender'] }) {
  return c.defender
    ? { slug: c.defender.slug, name: c.defender.name, country: c.defender.country }
    : null
}

/** A campaign's signed tallies: by state, by country and by day of confirmation, exact. */
export async function campaignTallyReport(env: Env, db: Db, slug: string, lang: Lang) {
  const campaign = await findCampaign(db, slug, lang, { includeDrafts: true })
  if (!campaign) return null
  const t = await campaignTallies(env.DB, campaign.id)
  const byState = allStates(t.state)
  return signDocument(await signerFor(env.SIGNING_KEY), {
    format: 'standwith.tally/1',
    campaign: {
      slug: campaign.slug,
      kind: campaign.kind,
      status: campaign.status,
      title: campaign.title,
      goal: campaign.goal,
      defender: defenderRef(campaign),
    },
    confirmed: byState.confirmed,
    byState,
    byCountry: sortedKeys(t.country),
    byDay: sortedKeys(t.day),
    generatedAt: now(),
  })
}

/**
 * Every campaign's tallies grouped by defender, plus the general campaigns; signed. With
 * `only`, just those campaigns (an organisation's own).
 */
export async function talliesOverview(env: Env, db: Db, lang: Lang, only?: ReadonlySet<number>) {
  const [lists, tallies] = await Promise.all([
    Promise.all(CAMPAIGN_STATUSES.map((s) => listCampaigns(db, lang, s))),
    talliesByCampaign(env.DB, ['state', 'country']),
  ])
  const campaigns = lists
    .flat()
    .filter((c) => !only || only.has(c.id))
    .sort((a, b) => a.id - b.id)
  const entry = (c: (typeof campaigns)[number]) => {
    const t = tallies.get(c.id)
    const byState = allStates(t?.state ?? {})
    return {
      slug: c.slug,
      title: c.title,
      kind: c.kind,
      status: c.status,
      goal: c.goal,
      confirmed: byState.confirmed,
      byState,
      byCountry: sortedKeys(t?.country ?? {}),
    }
  }
  const totals = (list: ReturnType<typeof entry>[]) => {
    const byState = allStates(sumCounts(list.map((e) => e.byState)))
    return {
      confirmed: byState.confirmed,
      byState,
      byCountry: sortedKeys(sumCounts(list.map((e) => e.byCountry))),
    }
  }
  const defenders = new Map<string, { ref: NonNullable<Campaign['defender']>; list: string[] }>()
  const entries = new Map(campaigns.map((c) => [c.slug, entry(c)]))
  for (const c of campaigns) {
    if (!c.defender) continue
    const d = defenders.get(c.defender.slug) ?? { ref: c.defender, list: [] }
    d.list.push(c.slug)
    defenders.set(c.defender.slug, d)
  }
  const pick = (slugs: string[]) => slugs.flatMap((s) => entries.get(s) ?? [])
  return signDocument(await signerFor(env.SIGNING_KEY), {
    format: 'standwith.tallies/1',
    defenders: [...defenders.values()].map(({ ref, list }) => ({
      slug: ref.slug,
      name: ref.name,
      country: ref.country,
      status: ref.status,
      ...totals(pick(list)),
      campaigns: pick(list),
    })),
    general: campaigns.filter((c) => !c.defender).map(entry),
    totals: totals([...entries.values()]),
    generatedAt: now(),
  })
}

/** What a delivery says about one campaign: the petition, its total and period. */
function deliveredCampaign(env: Env, c: Campaign, byDay: Counts) {
  return {
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    target: c.target,
    asks: c.asks,
    url: `${env.PUBLIC_ORIGIN}/campaigns/${c.slug}`,
    confirmed: c.confirmed,
    period: periodOf(byDay),
  }
}

export type CampaignDelivery = NonNullable<Awaited<ReturnType<typeof campaignDelivery>>>

/** The signed document of a campaign's delivery pack, small cells suppressed. */
export async function campaignDelivery(env: Env, db: Db, slug: string, lang: Lang) {
  const campaign = await findCampaign(db, slug, lang, { includeDrafts: true })
  if (!campaign) return null
  const t = await campaignTallies(env.DB, campaign.id)
  const signer = await signerFor(env.SIGNING_KEY)
  const doc = await signDocument(signer, {
    format: 'standwith.delivery/1',
    campaign: { ...deliveredCampaign(env, campaign, t.day), defender: defenderRef(campaign) },
    confirmed: campaign.confirmed,
    period: periodOf(t.day),
    byCountry: sortedKeys(suppressSmallCells(t.country)),
  })
  return { campaignId: campaign.id, campaignIds: [campaign.id], doc, signer }
}

export type DefenderDelivery = NonNullable<Awaited<ReturnType<typeof defenderDelivery>>>

/**
 * The signed document of a defender's delivery pack: their public campaigns with totals and
 * periods, and one per-country table for all of them. Per-country cells are given only for the
 * sum: per campaign as well would let a reader subtract their way to a suppressed cell.
 */
export async function defenderDelivery(env: Env, db: Db, slug: string, lang: Lang) {
  const defender = await findDefender(db, slug, lang)
  if (!defender) return null
  const [campaigns, tallies] = await Promise.all([
    Promise.all(defender.campaigns.map((c) => findCampaign(db, c.slug, lang))),
    talliesByCampaign(
      env.DB,
      ['country', 'day'],
      defender.campaigns.map((c) => c.id),
    ),
  ])
  const list = campaigns.filter((c): c is Campaign => c !== null)
  const days = list.map((c) => tallies.get(c.id)?.day ?? {})
  const signer: Signer = await signerFor(env.SIGNING_KEY)
  const doc = await signDocument(signer, {
    format: 'standwith.defender-delivery/1',
    defender: { slug: defender.slug, name: defender.name, country: defender.country },
    campaigns: list.map((c, i) => deliveredCampaign(env, c, days[i] ?? {})),
    confirmed: list.reduce((n, c) => n + c.confirmed, 0),
    period: periodOf(sumCounts(days)),
    byCountry: sortedKeys(
      suppressSmallCells(sumCounts(list.map((c) => tallies.get(c.id)?.country ?? {}))),
    ),
  })
  return { campaignIds: list.map((c) => c.id), doc, signer }
}
