/** How a closed campaign ended; `other` carries the editor's own words. */
export const CAMPAIGN_OUTCOMES = [
  'released',
  'charges-dropped',
  'died-in-custody',
  'other',
] as const
export type CampaignOutcome = (typeof CAMPAIGN_OUTCOMES)[number]
