import { z } from 'zod';
import { ROLES, PERSON_STATUSES } from '../db/schema/roster.ts';
import { id, idText, instant, kana, note, text } from '../http/fields.ts';

/** A3: roster changes carry the reference of their prior approval (承認番号 or document) when there is one. */
const approvalRef = text(200).optional();

export const OrganisationBody = z.object({ name: text(200), kana }).strict();
export const OrganisationPatch = OrganisationBody.partial().refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

/** A person's roles: each a known role, at least one, none twice. */
export const RoleList = z
  .array(z.enum(ROLES))
  .min(1, 'at least one role')
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'roles repeat')
  .refine((r) => !r.includes('city') || r.length === 1, 'the city role is held alone');

/** The sites a person's roles reach (null: every site); the city role always names them (F4). */
export const SiteIdList = z
  .array(id)
  .min(1, 'at least one site')
  .max(100)
  .refine((s) => new Set(s).size === s.length, 'sites repeat')
  .nullable();

/** Checks a person's roles and sites together, wherever they come from (a new person, or a patch over the stored one). */
export function scopeProblem(roles: readonly string[], siteIds: readonly number[] | null): { path: 'siteIds'; message: string } | null {
  if (roles.includes('city') && siteIds === null) return { path: 'siteIds', message: 'the city role must name its sites' };
  return null;
}

const personFields = {
  name: text(100),
  kana,
  organisationId: id,
  position: text(100, 0).default(''),
  duties: note(500).default(''),
  expertise: note(500).default(''),
  contact: note(300).default(''),
  nationality: text(100, 0).default(''),
  roles: RoleList,
  siteIds: SiteIdList.default(null),
  validFrom: instant.nullable().default(null),
  validTo: instant.nullable().default(null),
};

const validityOrder = (p: { validFrom?: number | null; validTo?: number | null }) =>
  p.validFrom == null || p.validTo == null || p.validFrom < p.validTo;
const validityIssue = { message: 'must be after validFrom', path: ['validTo'] };

export const PersonBody = z
  .object({ ...personFields, approvalRef })
  .strict()
  .refine(validityOrder, validityIssue)
  .superRefine((p, ctx) => {
    const problem = scopeProblem(p.roles, p.siteIds);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });
export type PersonInput = z.output<typeof PersonBody>;

export const PersonPatch = z
  .object({
    name: personFields.name,
    kana: personFields.kana,
    organisationId: personFields.organisationId,
    position: text(100, 0),
    duties: note(500),
    expertise: note(500),
    contact: note(300),
    nationality: text(100, 0),
    roles: personFields.roles,
    siteIds: SiteIdList,
    validFrom: instant.nullable(),
    validTo: instant.nullable(),
  })
  .partial()
  .extend({ approvalRef })
  .strict()
  .refine((p) => Object.keys(p).some((k) => k !== 'approvalRef'), { message: 'nothing to change' })
  .refine(validityOrder, validityIssue);
export type PersonPatchInput = z.output<typeof PersonPatch>;

export const StatusChangeBody = z.object({ reason: note(500, 1), approvalRef }).strict();

export const PeopleQuery = z.object({
  q: text(100).optional(),
  organisationId: idText.optional(),
  status: z.enum(PERSON_STATUSES).optional(),
  include: z.literal('sensitive').optional(),
  /** csv or xlsx: the list as the 作業従事者名簿 file, never with the sensitive fields (decision 0024). */
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

export const PersonQuery = z.object({ include: z.literal('sensitive').optional() });
