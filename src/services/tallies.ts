/**
 * Tally reports and delivery documents, built from the kept tallies (never a scan) and signed.
 * Admin reports carry exact counts; delivery documents, which leave the organisation, show
 * per-country counts under 5 as "<5" (with complementary suppression, `suppressSmallCells`). Delivery documents carry no generation time: the same
 * counts give the same digest, so the printed pack and the JSON downloaded beside it match.
 */
import { type Campaign, findCampaign, findDefender, listCampaigns } from '../db/campaigns.ts'
import type { Db } from '../db/client.ts'
import { type OrganisationRef, organisationSlugs } from '../db/organisations.ts'
import { CAMPAIGN_STATUSES } from '../db/schema.ts'
import { campaignTallies, talliesByCampaign } from '../db/tally-reports.ts'
import { notShownExactly, suppressSmallCells } from '../domain/tally.ts'
import { allStates, type Counts, periodOf, sortedKeys, sumCounts } from '../domain/tally-report.ts'
import type { Env, Lang } from '../env.ts'
import { type Signer, signDocument, signerFor } from '../lib/proof.ts'

const now = () => new Date().toISOString()

function defenderRef(c: { defender: Campaign['defender'] }) {
  return c.defender
    ? { slug: c.defender.slug, name: c.defender.name, country: c.defender.country }
    : null
}

/**
 * The `partner` tally (keyed by organisation id) by organisation slug: the partner signed
 * through, or the host for signatures without one.
 */
export function byPartner(counts: Counts, slugs: Map<string, string>): Counts {
  const out: Counts = {}
  for (const [id, n] of Object.entries(counts)) {
    const slug = slugs.get(id) ?? `organisation-${id}`
    out[slug] = (out[slug] ?? 0) + n
  }
  return sortedKeys(out)
}

/**
 * A campaign's signed tallies: by state, by country, by day of confirmation and by the
 * organisation credited, exact.
 */
export async function campaignTallyReport(env: Env, db: Db, slug: string, lang: Lang) {
  const campaign = await findCampaign(db, slug, lang, { includeDrafts: true })
  if (!campaign) return null
  const [t, slugs] = await Promise.all([
    campaignTallies(env.DB, campaign.id),
    organisationSlugs(db),
  ])
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
    byPartner: byPartner(t.partner, slugs),
    generatedAt: now(),
  })
}

/**
 * Every campaign's tallies grouped by defender, plus the general campaigns; signed. With
 * `only`, just those campaigns (an organisation's own).
 */
export async function talliesOverview(env: Env, db: Db, lang: Lang, only?: ReadonlySet<number>) {
  const [lists, tallies, slugs] = await Promise.all([
    Promise.all(CAMPAIGN_STATUSES.map((s) => listCampaigns(db, lang, s))),
    talliesByCampaign(env.DB, ['state', 'country', 'partner']),
    organisationSlugs(db),
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
      byPartner: byPartner(t?.partner ?? {}, slugs),
    }
  }
  const totals = (list: ReturnType<typeof entry>[]) => {
    const byState = allStates(sumCounts(list.map((e) => e.byState)))
    return {
      confirmed: byState.confirmed,
      byState,
      byCountry: sortedKeys(sumCounts(list.map((e) => e.byCountry))),
      byPartner: sortedKeys(sumCounts(list.map((e) => e.byPartner))),
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

/**
 * The letterhead of a delivery: the host organisations of its campaigns and their listed
 * active partners (the coalition), named as the public sees them. An unlisted partner is not
 * named: a pack leaves the organisation.
 */
function letterhead(list: Campaign[]) {
  const seen = new Set<number>()
  const once = (orgs: OrganisationRef[]) =>
    orgs.filter((o) => {
      if (seen.has(o.id)) return false
      seen.add(o.id)
      return true
    })
  const named = (o: OrganisationRef) => ({ name: o.name, url: o.url, demo: o.demo })
  const hosts = once(list.flatMap((c) => (c.host ? [c.host] : [])))
  const partners = once(list.flatMap((c) => c.partners))
  return { hosts: hosts.map(named), partners: partners.map(named) }
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
    organisations: letterhead([campaign]),
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
 * sum: per campaign as well would let a reader subtract their way to a suppressed cell; and a
 * country suppressed on any of the campaigns' public pages is suppressed in the sum too.
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
  const perCampaign = list.map((c) => tallies.get(c.id)?.country ?? {})
  // A country suppressed on any campaign's public page stays suppressed in the sum: else the
  // sum minus the other campaigns' exact cells would give the suppressed one away.
  const suppressedAnywhere = new Set(perCampaign.flatMap(notShownExactly))
  const signer: Signer = await signerFor(env.SIGNING_KEY)
  const doc = await signDocument(signer, {
    format: 'standwith.defender-delivery/1',
    organisations: letterhead(list),
    defender: { slug: defender.slug, name: defender.name, country: defender.country },
    campaigns: list.map((c, i) => deliveredCampaign(env, c, days[i] ?? {})),
    confirmed: list.reduce((n, c) => n + c.confirmed, 0),
    period: periodOf(sumCounts(days)),
    byCountry: sortedKeys(suppressSmallCells(sumCounts(perCampaign), suppressedAnywhere)),
  })
  return { campaignIds: list.map((c) => c.id), doc, signer }
}
