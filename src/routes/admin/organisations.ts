/**
 * Running the coalition, under `/api/v1/admin`: organisations, a campaign's partners, people
 * and their roles, API tokens. Who may do which is decided in the services.
 */
import { Hono } from 'hono'
import {
  OrganisationChange,
  OrganisationInput,
  PartnerChange,
  PartnerInput,
  PersonInput,
  RoleChange,
  TokenInput,
} from '../../domain/admin/organisation.ts'
import type { AdminEnv } from '../../middleware/admin-auth/index.ts'
import {
  addPartner,
  changePartner,
  createOrganisation,
  editOrganisation,
  organisationsOf,
  partnersOf,
  removePartner,
} from '../../services/admin/organisations.ts'
import {
  changeRole,
  createToken,
  invitePerson,
  peopleOf,
  removePerson,
  revokeTokenById,
  tokensOf,
} from '../../services/admin/people.ts'
import { adminContext, idParam, mailContext, parseAdmin, validJson } from './shared.ts'

const organisationQuery = (c: { req: { query: (k: string) => string | undefined } }) =>
  c.req.query('organisation') || undefined

export const organisationsAdminApi = new Hono<AdminEnv>()
  .get('/organisations', async (c) =>
    c.json({ organisations: await organisationsOf(adminContext(c)) }),
  )
  .post('/organisations', async (c) => {
    const input = await validJson(c, (x) => parseAdmin(OrganisationInput, x))
    return c.json(await createOrganisation(adminContext(c), input), 201)
  })
  .patch('/organisations/:org', async (c) => {
    const change = await validJson(c, (x) => parseAdmin(OrganisationChange, x))
    return c.json(await editOrganisation(adminContext(c), c.req.param('org'), change))
  })
  .get('/campaigns/:slug/partners', async (c) =>
    c.json(await partnersOf(adminContext(c), c.req.param('slug'))),
  )
  .post('/campaigns/:slug/partners', async (c) => {
    const input = await validJson(c, (x) => parseAdmin(PartnerInput, x))
    return c.json(await addPartner(adminContext(c), c.req.param('slug'), input), 201)
  })
  .patch('/campaigns/:slug/partners/:org', async (c) => {
    const input = await validJson(c, (x) => parseAdmin(PartnerChange, x))
    const { slug, org } = c.req.param()
    return c.json(await changePartner(adminContext(c), slug, org, input))
  })
  .delete('/campaigns/:slug/partners/:org', async (c) => {
    const { slug, org } = c.req.param()
    return c.json(await removePartner(adminContext(c), slug, org))
  })
  .get('/people', async (c) => {
    const { organisation, people } = await peopleOf(adminContext(c), organisationQuery(c))
    return c.json({ organisation: organisation.slug, people })
  })
  .post('/people', async (c) => {
    const input = await validJson(c, (x) => parseAdmin(PersonInput, x))
    return c.json(await invitePerson(adminContext(c), mailContext(c), input), 201)
  })
  .patch('/people/:id', async (c) => {
    const { role } = await validJson(c, (x) => parseAdmin(RoleChange, x))
    return c.json(await changeRole(adminContext(c), idParam(c), role))
  })
  .delete('/people/:id', async (c) => c.json(await removePerson(adminContext(c), idParam(c))))
  .get('/tokens', async (c) => {
    const { organisation, tokens } = await tokensOf(adminContext(c), organisationQuery(c))
    return c.json({ organisation: organisation.slug, tokens })
  })
  .post('/tokens', async (c) => {
    const input = await validJson(c, (x) => parseAdmin(TokenInput, x))
    const { id, token } = await createToken(adminContext(c), input)
    return c.json({ id, token }, 201)
  })
  .delete('/tokens/:id', async (c) => c.json(await revokeTokenById(adminContext(c), idParam(c))))
