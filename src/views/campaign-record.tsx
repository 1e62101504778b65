/**
 * The parts of a campaign page that keep it true: its image with alt text and credit, how it
 * ended, when its facts were last reviewed, and its dated updates. The widget shows the outcome.
 */
import type { CampaignUpdate } from '../db/campaign-record.ts'
import type { Campaign } from '../db/campaigns.ts'
import type { CampaignOutcome } from '../domain/outcome.ts'
import { endSentence, formatDate, type MessageKey } from '../lib/i18n.ts'
import type { PageContext } from './layout.tsx'

const OUTCOME_KEYS: Record<CampaignOutcome, MessageKey> = {
  released: 'outcomeReleased',
  'charges-dropped': 'outcomeChargesDropped',
  'died-in-custody': 'outcomeDiedInCustody',
  other: 'outcomeOther',
}

/** Text in the reader's language, else in the first language it was written in. */
export function pickText(
  texts: Record<string, string>,
  lang: string,
): { text: string; lang: string } | null {
  const own = texts[lang]
  if (own) return { text: own, lang }
  const [other] = Object.entries(texts).filter(([, t]) => t)
  return other ? { text: other[1], lang: other[0] } : null
}

export function CampaignImage(props: { ctx: PageContext; image: NonNullable<Campaign['image']> }) {
  const { ctx, image } = props
  const alt = pickText(image.alt, ctx.lang)
  return (
    <figure class="campaign-image">
      <img src={image.url} alt={alt?.text ?? ''} />
      {image.credit ? (
        <figcaption>{ctx.t('imageCredit', { credit: image.credit })}</figcaption>
      ) : null}
    </figure>
  )
}

/** "Outcome: Released." and the editor's words; shown once the campaign is closed. */
export function Outcome(props: {
  ctx: PageContext
  outcome: NonNullable<Campaign['outcome']>
  headingLevel?: 2 | 3
}) {
  const { ctx, outcome } = props
  const note = pickText(outcome.note, ctx.lang)
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2'
  return (
    <section class="outcome" aria-labelledby="outcome-title" data-outcome={outcome.kind}>
      <Heading id="outcome-title">
        {ctx.t('outcomeTitle')}: {ctx.t(OUTCOME_KEYS[outcome.kind])}
      </Heading>
      {note ? (
        <p lang={note.lang === ctx.lang ? undefined : note.lang}>{endSentence(note.text)}</p>
      ) : null}
    </section>
  )
}

export function ReviewedOn(props: { ctx: PageContext; date: string }) {
  const { ctx, date } = props
  return (
    <p class="reviewed">
      {endSentence(ctx.t('lastReviewed', { date: formatDate(ctx.lang, date) }))}
    </p>
  )
}

export function CampaignUpdates(props: { ctx: PageContext; updates: CampaignUpdate[] }) {
  const { ctx, updates } = props
  if (!updates.length) return null
  return (
    <section aria-labelledby="updates-title" class="updates">
      <h2 id="updates-title">{ctx.t('updatesTitle')}</h2>
      <ol>
        {updates.map((u) => {
          const text = pickText(u.text, ctx.lang)
          return (
            <li>
              <p class="update-date">
                <time datetime={u.postedOn}>{formatDate(ctx.lang, u.postedOn)}</time>
              </p>
              {text ? (
                <p lang={text.lang === ctx.lang ? undefined : text.lang}>{text.text}</p>
              ) : null}
              {u.sourceUrl ? (
                <p class="update-source">
                  <a href={u.sourceUrl} rel="noopener noreferrer nofollow">
                    {ctx.t('updateSource')}: {new URL(u.sourceUrl).hostname}
                  </a>
                </p>
              ) : null}
            </li>
          )
        })}
      </ol>
    </section>
  )
}
