/** Whether a campaign may be published: every language it lists has a title, a summary and asks. */
import { catalogue } from '../../i18n/index.ts'

/** What is wrong with a field, in the organisers' language (src/i18n/). */
const CHECK = catalogue('en').admin.checks

export interface PublishableText {
  title?: string
  summary?: string
  asks?: string[]
}

export interface PublishIssue {
  field: string
  message: string
}

/**
 * The problems that keep a campaign from being published; none means it may be opened. An
 * imported draft whose release made no demand has no asks: it cannot go public until an editor
 * writes asks the publisher actually makes.
 */
export function publishIssues(campaign: {
  languages: string[]
  translations: Record<string, PublishableText | undefined>
}): PublishIssue[] {
  const issues: PublishIssue[] = []
  for (const lang of campaign.languages) {
    const t = campaign.translations[lang]
    if (!t?.title?.trim())
      issues.push({ field: `translations.${lang}.title`, message: `The ${lang} title is empty.` })
    if (!t?.summary?.trim())
      issues.push({
        field: `translations.${lang}.summary`,
        message: `The ${lang} summary is empty.`,
      })
    if (!t?.asks?.some((a) => a.trim()))
      issues.push({ field: `translations.${lang}.asks`, message: `The ${lang} asks are empty.` })
  }
  return issues
}

/**
 * An edit must not leave a public (open or closed) campaign without asks in a language it edits:
 * only a draft may have none.
 */
export function publicEditIssues(
  status: string,
  translations: Record<string, PublishableText | undefined> | undefined,
): PublishIssue[] {
  if (status === 'draft' || !translations) return []
  return Object.entries(translations)
    .filter(([, t]) => t && !t.asks?.some((a) => a.trim()))
    .map(([lang]) => ({
      field: `translations.${lang}.asks`,
      message: CHECK.askRequired,
    }))
}
