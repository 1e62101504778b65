/**
 * `/admin/people`, `/admin/tokens`, `/admin/organisations` and a campaign's
 * `/admin/campaigns/:slug/partners`: the pages of running the coalition. Each action is one
 * service call; a form's invalid input comes back with its errors (422).
 */
import { type Context, Hono } from 'hono'
import * as v from 'valibot'
import {
  OrganisationChange,
  OrganisationInput,
  PersonInput,
  TokenInput,
} from '../../../domain/admin/organisation.ts'
import { parseAdmin } from '../../../domain/admin/parse.ts'
import { OPERATOR_ORGANISATION_ID } from '../../../domain/permissions.ts'
import { ApiError } from '../../../lib/errors.ts'
import type { AdminEnv } from '../../../middleware/admin-auth/index.ts'
import { getCampaign } from '../../../services/admin/campaigns.ts'
import {
  addPartner,
  changePartner,
  createOrganisation,
  editOrganisation,
  organisationsOf,
  organisationToEdit,
  partnerCandidates,
  partnersOf,
  removePartner,
} from '../../../services/admin/organisations.ts'
import {
  changeRole,
  createToken,
  invitePerson,
  peopleOf,
  removePerson,
  revokeTokenById,
  tokensOf,
} from '../../../services/admin/people.ts'
import {
  OrganisationEditPage,
  OrganisationsPage,
  PartnersPage,
} from '../../../views/admin/partners.tsx'
import { PeoplePage, TokensPage } from '../../../views/admin/people.tsx'
import { adminText } from '../../../views/admin/text.ts'
import { adminContext, mailContext } from '../shared.ts'

const NOTICES = () => adminText().notices.people

const notice = (c: Context<AdminEnv>) => NOTICES()[c.req.query('done') ?? '']
const errorsOf = (issues: { field: string; message: string }[]) =>
  Object.fromEntries(issues.map((i) => [i.field, i.message]))

/** Field issues of a service's 400 or 409, for the form; anything else goes on up. */
function formIssues(err: unknown, field: string): Record<string, string> {
  if (err instanceof ApiError && err.status === 400 && err.issues) return errorsOf(err.issues)
  if (err instanceof ApiError && err.status === 409) return { [field]: err.message }
  throw err
}

async function peoplePage(
  c: Context<AdminEnv>,
  form?: { values: Record<string, string>; errors: Record<string, string> },
) {
  const { organisation, people } = await peopleOf(adminContext(c), orgQuery(c))
  return c.html(
    <PeoplePage
      organisation={organisation}
      people={people}
      csrf={c.get('admin').csrf}
      notice={notice(c)}
      {...form}
    />,
    form ? 422 : 200,
  )
}

async function tokensPage(
  c: Context<AdminEnv>,
  extra: {
    created?: { id: number; token: string; name: string }
    values?: Record<string, string>
    errors?: Record<string, string>
  } = {},
) {
  const { organisation, tokens } = await tokensOf(adminContext(c), orgQuery(c))
  return c.html(
    <TokensPage
      organisation={organisation}
      tokens={tokens}
      csrf={c.get('admin').csrf}
      notice={notice(c)}
      {...extra}
    />,
    extra.errors ? 422 : extra.created ? 201 : 200,
  )
}

async function partnersPage(c: Context<AdminEnv>, error?: string) {
  const ctx = adminContext(c)
  const slug = c.req.param('slug') ?? ''
  const { partners } = await partnersOf(ctx, slug)
  const campaign = await getCampaign(ctx, slug)
  const candidates = await partnerCandidates(ctx, slug)
  return c.html(
    <PartnersPage
      campaign={campaign}
      partners={partners}
      candidates={candidates}
      csrf={c.get('admin').csrf}
      notice={notice(c)}
      error={error}
    />,
    error ? 422 : 200,
  )
}

const personId = (c: Context<AdminEnv>) => Number(c.req.param('id'))

/**
 * `?organisation=SLUG`: the operator's owners manage the people and tokens of any organisation
 * (the services check it); everyone else their own.
 */
const SLUG = /^[a-z0-9-]{1,63}$/
function orgQuery(c: Context<AdminEnv>): string | undefined {
  const slug = c.req.query('organisation')
  return slug && SLUG.test(slug) ? slug : undefined
}
const orgSuffix = (slug?: string) => (slug ? `&organisation=${slug}` : '')

export const peoplePages = new Hono<AdminEnv>()
  .get('/people', (c) => peoplePage(c))
  .post('/people', async (c) => {
    const form = c.get('form')
    const parsed = parseAdmin(PersonInput, {
      name: form.name ?? '',
      email: form.email ?? '',
      role: form.role ?? '',
      ...(orgQuery(c) ? { organisation: orgQuery(c) } : {}),
    })
    const values = { name: form.name ?? '', email: form.email ?? '', role: form.role ?? '' }
    if (!parsed.ok) return peoplePage(c, { values, errors: errorsOf(parsed.issues) })
    try {
      await invitePerson(adminContext(c), mailContext(c), parsed.value)
    } catch (err) {
      return peoplePage(c, { values, errors: formIssues(err, 'email') })
    }
    return c.redirect(`/admin/people?done=invited${orgSuffix(orgQuery(c))}`, 303)
  })
  .post('/people/:id{[1-9][0-9]{0,15}}/role', async (c) => {
    const role = v.safeParse(TokenInput.entries.role, c.get('form').role)
    if (!role.success) return c.text(adminText().errors.chooseRole, 400)
    await changeRole(adminContext(c), personId(c), role.output)
    return c.redirect(`/admin/people?done=role${orgSuffix(orgQuery(c))}`, 303)
  })
  .post('/people/:id{[1-9][0-9]{0,15}}/remove', async (c) => {
    await removePerson(adminContext(c), personId(c))
    return c.redirect(`/admin/people?done=removed${orgSuffix(orgQuery(c))}`, 303)
  })
  .get('/tokens', (c) => tokensPage(c))
  .post('/tokens', async (c) => {
    const form = c.get('form')
    const values = { name: form.name ?? '', role: form.role ?? '' }
    const parsed = parseAdmin(TokenInput, { ...values, organisation: form.organisation ?? '' })
    if (!parsed.ok) return tokensPage(c, { values, errors: errorsOf(parsed.issues) })
    const created = await createToken(adminContext(c), parsed.value)
    return tokensPage(c, { created })
  })
  .post('/tokens/:id{[1-9][0-9]{0,15}}/revoke', async (c) => {
    await revokeTokenById(adminContext(c), Number(c.req.param('id')))
    return c.redirect(`/admin/tokens?done=revoked${orgSuffix(orgQuery(c))}`, 303)
  })
  .get('/organisations', async (c) => {
    const ctx = adminContext(c)
    return c.html(
      <OrganisationsPage
        organisations={await organisationsOf(ctx)}
        canCreate={ctx.actor.organisation.id === OPERATOR_ORGANISATION_ID}
        csrf={c.get('admin').csrf}
        notice={notice(c)}
      />,
    )
  })
  .post('/organisations', async (c) => {
    const ctx = adminContext(c)
    const form = c.get('form')
    const ru = (form['privacyNotice.ru'] ?? '').trim()
    const parsed = parseAdmin(OrganisationInput, {
      slug: form.slug ?? '',
      name: form.name ?? '',
      url: form.url ?? '',
      privacyNotice: { en: form['privacyNotice.en'] ?? '', ...(ru ? { ru } : {}) },
    })
    let errors: Record<string, string> | null = null
    if (!parsed.ok) errors = errorsOf(parsed.issues)
    else {
      try {
        await createOrganisation(ctx, parsed.value)
      } catch (err) {
        errors = formIssues(err, 'slug')
      }
    }
    if (!errors) return c.redirect('/admin/organisations?done=created', 303)
    return c.html(
      <OrganisationsPage
        organisations={await organisationsOf(ctx)}
        canCreate
        csrf={c.get('admin').csrf}
        values={form}
        errors={errors}
      />,
      422,
    )
  })
  .get('/organisations/:org', async (c) => {
    const { organisation, notices } = await organisationToEdit(adminContext(c), c.req.param('org'))
    const values = {
      name: organisation.name,
      url: organisation.url ?? '',
      senderName: organisation.senderName,
      'privacyNotice.en': notices.en ?? '',
      'privacyNotice.ru': notices.ru ?? '',
    }
    return c.html(
      <OrganisationEditPage
        organisation={organisation}
        values={values}
        errors={{}}
        csrf={c.get('admin').csrf}
        notice={notice(c)}
      />,
    )
  })
  .post('/organisations/:org', async (c) => {
    const ctx = adminContext(c)
    const slug = c.req.param('org')
    const { organisation, notices } = await organisationToEdit(ctx, slug)
    const form = c.get('form')
    // Only a notice whose text changed becomes a new version.
    const changed = (lang: string) => {
      const text = (form[`privacyNotice.${lang}`] ?? '').trim()
      return text && text !== (notices[lang] ?? '').trim() ? { [lang]: text } : {}
    }
    const parsed = parseAdmin(OrganisationChange, {
      name: form.name ?? '',
      url: form.url ?? '',
      senderName: form.senderName ?? '',
      privacyNotice: { ...changed('en'), ...changed('ru') },
    })
    if (!parsed.ok) {
      return c.html(
        <OrganisationEditPage
          organisation={organisation}
          values={form}
          errors={errorsOf(parsed.issues)}
          csrf={c.get('admin').csrf}
        />,
        422,
      )
    }
    await editOrganisation(ctx, slug, parsed.value)
    return c.redirect(`/admin/organisations/${slug}?done=saved`, 303)
  })
  .get('/campaigns/:slug/partners', (c) => partnersPage(c))
  .post('/campaigns/:slug/partners', async (c) => {
    const form = c.get('form')
    const slug = c.req.param('slug')
    try {
      await addPartner(adminContext(c), slug, {
        organisation: form.organisation ?? '',
        listed: form.listed === '1',
      })
    } catch (err) {
      const issues = formIssues(err, 'organisation')
      return partnersPage(c, issues.organisation ?? adminText().errors.chooseOrganisation)
    }
    return c.redirect(`/admin/campaigns/${slug}/partners?done=added`, 303)
  })
  .post('/campaigns/:slug/partners/:org/:op{suspend|activate|unlist|list|remove}', async (c) => {
    const { slug, org, op } = c.req.param()
    const ctx = adminContext(c)
    if (op === 'remove') await removePartner(ctx, slug, org)
    else {
      const set =
        op === 'suspend'
          ? { status: 'suspended' as const }
          : op === 'activate'
            ? { status: 'active' as const }
            : { listed: op === 'list' }
      await changePartner(ctx, slug, org, set)
    }
    return c.redirect(`/admin/campaigns/${slug}/partners?done=changed`, 303)
  })
