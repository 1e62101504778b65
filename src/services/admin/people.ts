/**
 * People and API tokens of an organisation: its owners (and the operator's owners) invite
 * people with a role, change roles, remove people, and create and revoke tokens. A token is
 * shown once and kept only as its SHA-256. An organisation always keeps one owner.
 */
import { auditInsert } from '../../db/admin/audit.ts'
import { findOrganisation, type OrganisationRow } from '../../db/admin/organisations.ts'
import {
  addMembership,
  findMember,
  listMembers,
  type Member,
  membershipOf,
  otherOwners,
  personByEmailHash,
  removeMember,
  setRole,
  upsertPerson,
} from '../../db/admin/people.ts'
import {
  findToken,
  insertToken,
  listTokens,
  revokeToken,
  type TokenSummary,
} from '../../db/admin/tokens.ts'
import type { Role } from '../../db/schema.ts'
import { catalogue } from '../../i18n/index.ts'
import { encryptEmail, randomToken, sha256Hex } from '../../lib/crypto.ts'
import { ApiError, notFound } from '../../lib/errors.ts'
import { type AdminContext, API_TOKEN_PREFIX, authorize, authorizeOwnerOf } from './actor.ts'
import { who } from './campaigns.ts'
import { type MailContext, mailSignInLink, personEmailHash } from './sign-in.ts'

const invalid = (field: string, message: string) =>
  new ApiError(400, 'invalid', 'Some fields are not valid.', [{ field, message }])
const conflict = (message: string) => new ApiError(409, 'conflict', message)

/** The organisation named in a body (the actor's own when none is named). */
async function organisationNamed(ctx: AdminContext, slug?: string): Promise<OrganisationRow> {
  authorize(ctx.actor, 'manage')
  const org = await findOrganisation(ctx.db, slug ?? ctx.actor.organisation.slug)
  if (!org) throw invalid('organisation', 'No such organisation.')
  authorizeOwnerOf(ctx.actor, org.id)
  return org
}

/** An organisation's people (names and roles; never an address). */
export async function peopleOf(
  ctx: AdminContext,
  organisation?: string,
): Promise<{ organisation: OrganisationRow; people: Member[] }> {
  const org = await organisationNamed(ctx, organisation)
  return { organisation: org, people: await listMembers(ctx.db, org.id) }
}

/**
 * Invites a person with a role and mails them a sign-in link. A person has one organisation:
 * an address that already has a role is a 409.
 */
export async function invitePerson(
  ctx: AdminContext,
  mail: MailContext,
  input: { name: string; email: string; role: Role; organisation?: string },
) {
  const org = await organisationNamed(ctx, input.organisation)
  const emailHash = await personEmailHash(ctx.env, input.email)
  const known = await personByEmailHash(ctx.db, emailHash)
  if (known && (await membershipOf(ctx.db, known.id))) {
    throw conflict('This address already belongs to a person with a role.')
  }
  const sealed = await encryptEmail(ctx.env.EMAIL_KEYS, input.email, 'person')
  const personId = await upsertPerson(ctx.db, {
    name: input.name,
    emailHash,
    emailCipher: sealed.cipher,
    emailKeyId: sealed.keyId,
  })
  await addMembership(
    ctx.db,
    { personId, organisationId: org.id, role: input.role },
    {
      ...who(ctx),
      organisationId: org.id,
      action: 'person.invite',
      subject: `person:${personId}`,
      detail: { role: input.role },
    },
  )
  await mailSignInLink(
    mail,
    ctx.db,
    personId,
    input.email,
    catalogue(mail.lang).admin.signInMail.invited({
      actor: ctx.actor.name,
      organisation: org.name,
      role: catalogue(mail.lang).admin.roleNames[input.role],
    }),
  )
  return { id: personId, name: input.name, role: input.role, organisation: org.slug }
}

/** The person's membership, if the actor may manage it (404 for no such person). */
async function memberToManage(ctx: AdminContext, personId: number) {
  authorize(ctx.actor, 'manage')
  const membership = await membershipOf(ctx.db, personId)
  if (!membership) throw notFound('person')
  authorizeOwnerOf(ctx.actor, membership.organisationId)
  const member = await findMember(ctx.db, membership.organisationId, personId)
  if (!member) throw notFound('person')
  return { ...member, organisationId: membership.organisationId }
}

async function keepAnOwner(ctx: AdminContext, member: { id: number; organisationId: number }) {
  if ((await otherOwners(ctx.db, member.organisationId, member.id)) === 0) {
    throw conflict('An organisation keeps at least one owner: make someone else owner first.')
  }
}

export async function changeRole(ctx: AdminContext, personId: number, role: Role) {
  const member = await memberToManage(ctx, personId)
  if (member.role === 'owner' && role !== 'owner') await keepAnOwner(ctx, member)
  await setRole(
    ctx.db,
    { personId, organisationId: member.organisationId, role },
    {
      ...who(ctx),
      organisationId: member.organisationId,
      action: 'person.role',
      subject: `person:${personId}`,
      detail: { from: member.role, to: role },
    },
  )
  return { id: personId, name: member.name, role }
}

/** Removes a person: their role, sessions and sign-in links go at once. */
export async function removePerson(ctx: AdminContext, personId: number) {
  const member = await memberToManage(ctx, personId)
  if (member.role === 'owner') await keepAnOwner(ctx, member)
  await removeMember(
    ctx.db,
    { personId, organisationId: member.organisationId },
    {
      ...who(ctx),
      organisationId: member.organisationId,
      action: 'person.remove',
      subject: `person:${personId}`,
    },
  )
  return { id: personId, removed: true }
}

export async function tokensOf(
  ctx: AdminContext,
  organisation?: string,
): Promise<{ organisation: OrganisationRow; tokens: TokenSummary[] }> {
  const org = await organisationNamed(ctx, organisation)
  return { organisation: org, tokens: await listTokens(ctx.db, org.id) }
}

/** A new API token; the only time its value is seen. */
export async function createToken(
  ctx: AdminContext,
  input: { name: string; role: Role; organisation: string },
): Promise<{ id: number; token: string; name: string; role: Role; organisation: string }> {
  const org = await organisationNamed(ctx, input.organisation)
  const token = `${API_TOKEN_PREFIX}${randomToken()}`
  const [row] = await insertToken(ctx.db, {
    organisationId: org.id,
    role: input.role,
    name: input.name,
    tokenHash: await sha256Hex(token),
    createdBy: ctx.actor.ref,
  })
  const id = row!.id
  // Not in the batch above: the audit row names the token's id, known once it is inserted.
  await auditInsert(ctx.db, {
    ...who(ctx),
    organisationId: org.id,
    action: 'token.create',
    subject: `token:${id}`,
    detail: { role: input.role },
  })
  return { id, token, name: input.name, role: input.role, organisation: org.slug }
}

export async function revokeTokenById(ctx: AdminContext, id: number) {
  authorize(ctx.actor, 'manage')
  const token = await findToken(ctx.db, id)
  if (!token) throw notFound('token')
  authorizeOwnerOf(ctx.actor, token.organisationId)
  const revoked = await revokeToken(ctx.db, id, Date.now())
  if (revoked.length) {
    await auditInsert(ctx.db, {
      ...who(ctx),
      organisationId: token.organisationId,
      action: 'token.revoke',
      subject: `token:${id}`,
    })
  }
  return { id, revoked: true }
}
