/**
 * `/admin/import`: paste a release, review and edit the campaigns the importer proposes, save the
 * chosen ones as drafts (published later with the campaign's open action).
 */
import { type Context, Hono } from 'hono'
import {
  buildContent,
  FORM_ERROR,
  type FormErrors,
  type FormValues,
  highlightSources,
  normaliseReleaseText,
  proposalValues,
} from '../../../domain/admin/release-import.ts'
import { type ImportResult, importRelease } from '../../../domain/importer/index.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { authorize } from '../../../services/admin/actor.ts'
import { saveImport } from '../../../services/admin/import.ts'
import { ImportFormPage, ImportProposalPage } from '../../../views/admin/import.tsx'
import { adminText } from '../../../views/admin/text.ts'
import { adminContext } from '../shared.ts'

function proposalPage(
  c: Context<AdminEnv>,
  text: string,
  result: ImportResult,
  values: FormValues,
  errors: FormErrors = {},
  status: 200 | 409 | 422 = 200,
) {
  const sources = result.campaigns.flatMap((x) => x.sources)
  return c.html(
    <ImportProposalPage
      csrf={c.get('admin').csrf}
      text={text}
      result={result}
      segments={highlightSources(text, sources)}
      values={values}
      errors={errors}
    />,
    status,
  )
}

export const importPages = new Hono<AdminEnv>()
  .get('/import', (c) => {
    authorize(c.get('actor'), 'edit')
    return c.html(<ImportFormPage csrf={c.get('admin').csrf} />)
  })
  .post('/import', (c) => {
    authorize(c.get('actor'), 'edit')
    const text = normaliseReleaseText(c.get('form').release)
    if (!text.trim()) {
      return c.html(
        <ImportFormPage csrf={c.get('admin').csrf} error="Paste the text of a release." />,
        422,
      )
    }
    const result = importRelease(text)
    return proposalPage(c, text, result, proposalValues(result))
  })
  .post('/import/save', async (c) => {
    const form = c.get('form')
    const text = normaliseReleaseText(form.release)
    if (!text.trim()) {
      return c.html(
        <ImportFormPage csrf={c.get('admin').csrf} error="Paste the text of a release." />,
        422,
      )
    }
    const built = buildContent(text, form)
    if (!built.ok) return proposalPage(c, text, built.result, form, built.errors, 422)
    const saved = await saveImport(adminContext(c), built.content, built.result.campaigns.length)
    if (!saved.ok) {
      const { taken } = saved
      const errors: FormErrors = {
        [FORM_ERROR]: adminText().errors.slugsTaken(taken),
      }
      built.result.campaigns.forEach((_, i) => {
        if (
          form[`campaigns.${i}.include`] &&
          taken.includes(form[`campaigns.${i}.slug`]?.trim() ?? '')
        ) {
          errors[`campaigns.${i}.slug`] = adminText().errors.slugTaken
        }
      })
      return proposalPage(c, text, built.result, form, errors, 409)
    }
    return c.redirect('/admin/campaigns?done=imported', 303)
  })
