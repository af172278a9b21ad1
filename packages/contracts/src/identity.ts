import { Type, type Static } from 'typebox';
import { IsoDate, Page, PageQuery, Timestamp, Uuid } from './common.js';

export const ROLES = [
  'admin',
  'clinician',
  'specialist',
  'nurse',
  'pharmacist',
  'pharmacy_technician',
  'interpreter',
  'billing',
  'patient',
] as const;
export const Role = Type.Enum(ROLES);
export type Role = (typeof ROLES)[number];
/** Every role but `patient` is staff, and staff must use multi-factor authentication. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'patient');

export const SITE_KINDS = ['clinic', 'hospital', 'emergency_department', 'pharmacy', 'imaging_centre'] as const;
export const SiteKind = Type.Enum(SITE_KINDS);
export type SiteKind = (typeof SITE_KINDS)[number];

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** Two-letter USPS code of a US state, district or territory. */
export const UsState = Type.String({ pattern: '^[A-Z]{2}$', minLength: 2, maxLength: 2 });
const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+\\-/]+$' });
const Password = Type.String({ minLength: 12, maxLength: 256 });
const Tag = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_\\-]*$' });

export const Organization = Type.Object({ id: Uuid, name: Name, createdAt: Timestamp });
export type Organization = Static<typeof Organization>;

// ---- setup ----------------------------------------------------------------------------------------
export const SetupStatus = Type.Object({ needed: Type.Boolean() });
export const SetupRequest = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 200 }),
    organizationName: Name,
    adminName: Name,
    adminEmail: Email,
    password: Password,
  },
  { additionalProperties: false },
);
export type SetupRequest = Static<typeof SetupRequest>;
export const SetupResult = Type.Object({ organizationId: Uuid, userId: Uuid });

// ---- auth -----------------------------------------------------------------------------------------
/** Where a session stands: staff pass through MFA enrolment or challenge before `authenticated`. */
export const SessionStage = Type.Union([
  Type.Literal('mfa_enrol'),
  Type.Literal('mfa_challenge'),
  Type.Literal('authenticated'),
]);
export type SessionStage = Static<typeof SessionStage>;

export const LoginRequest = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;
export const LoginResult = Type.Object({ stage: SessionStage, csrfToken: Type.String() });
export type LoginResult = Static<typeof LoginResult>;

export const MfaCode = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', minLength: 6, maxLength: 6 }) },
  { additionalProperties: false },
);
export type MfaCode = Static<typeof MfaCode>;
export const MfaEnrolment = Type.Object({ secret: Type.String(), otpauthUri: Type.String() });
export type MfaEnrolment = Static<typeof MfaEnrolment>;
export const StageResult = Type.Object({ stage: SessionStage });

export const RoleAssignment = Type.Object(
  {
    role: Role,
    siteId: Type.Union([Uuid, Type.Null()]),
    specialties: Type.Array(Tag, { maxItems: 20 }),
    languages: Type.Array(Tag, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type RoleAssignment = Static<typeof RoleAssignment>;

export const CurrentSession = Type.Object({
  stage: SessionStage,
  csrfToken: Type.String(),
  user: Type.Object({ id: Uuid, name: Type.String(), email: Type.String(), roles: Type.Array(RoleAssignment) }),
  organization: Type.Object({ id: Uuid, name: Type.String() }),
});
export type CurrentSession = Static<typeof CurrentSession>;

// ---- sites ----------------------------------------------------------------------------------------
export const Site = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  name: Type.String(),
  kind: SiteKind,
  timeZone: Type.String(),
  state: Type.String(),
  createdAt: Timestamp,
});
export type Site = Static<typeof Site>;
export const SiteCreate = Type.Object(
  { name: Name, kind: SiteKind, timeZone: TimeZone, state: UsState },
  { additionalProperties: false, examples: [{ name: 'Valley Clinic', kind: 'clinic', timeZone: 'America/Denver', state: 'MT' }] },
);
export type SiteCreate = Static<typeof SiteCreate>;
export const SiteUpdate = Type.Partial(SiteCreate, { additionalProperties: false, minProperties: 1 });
export type SiteUpdate = Static<typeof SiteUpdate>;
export const SiteList = Type.Object({ items: Type.Array(Site) });

// ---- users ----------------------------------------------------------------------------------------
export const User = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleAssignment),
  mfaEnrolled: Type.Boolean(),
  disabled: Type.Boolean(),
  patientId: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
});
export type User = Static<typeof User>;
export const UserCreate = Type.Object(
  {
    email: Email,
    name: Name,
    password: Password,
    roles: Type.Array(RoleAssignment, { minItems: 1, maxItems: 20 }),
    /** For a `patient` user: the patient record this login belongs to. */
    patientId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;
export const UserUpdate = Type.Object(
  { name: Type.Optional(Name), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type UserUpdate = Static<typeof UserUpdate>;
export const RolesReplace = Type.Object(
  { roles: Type.Array(RoleAssignment, { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);
export type RolesReplace = Static<typeof RolesReplace>;
export const UserList = Type.Object({ items: Type.Array(User) });

// ---- API tokens -----------------------------------------------------------------------------------
export const ApiToken = Type.Object({
  id: Uuid,
  name: Type.String(),
  userId: Uuid,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revoked: Type.Boolean(),
});
export type ApiToken = Static<typeof ApiToken>;
export const ApiTokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);
export type ApiTokenCreate = Static<typeof ApiTokenCreate>;
/** The only time the secret is shown: it is stored hashed. */
export const ApiTokenCreated = Type.Object({ ...ApiToken.properties, token: Type.String() });
export const ApiTokenList = Type.Object({ items: Type.Array(ApiToken) });

// ---- patients -------------------------------------------------------------------------------------
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const Sex = Type.Enum(SEXES);
export const Patient = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  siteId: Uuid,
  mrn: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  birthDate: Type.String(),
  sex: Sex,
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  preferredLanguage: Type.String(),
  addressState: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type Patient = Static<typeof Patient>;
export const PatientCreate = Type.Object(
  {
    siteId: Uuid,
    mrn: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9\\-]+$' }),
    givenName: Name,
    familyName: Name,
    birthDate: IsoDate,
    sex: Sex,
    email: Type.Optional(Email),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9+()\\- ]+$' })),
    preferredLanguage: Type.Optional(Tag),
    addressState: Type.Optional(UsState),
  },
  { additionalProperties: false },
);
export type PatientCreate = Static<typeof PatientCreate>;
export const PatientUpdate = Type.Partial(Type.Omit(PatientCreate, ['siteId']), {
  additionalProperties: false,
  minProperties: 1,
});
export type PatientUpdate = Static<typeof PatientUpdate>;
export const PatientListQuery = Type.Object(
  { ...PageQuery.properties, siteId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type PatientListQuery = Static<typeof PatientListQuery>;
export const PatientList = Page(Patient);
export const CareTeamMember = Type.Object({ userId: Uuid, name: Type.String(), addedAt: Timestamp });
export const CareTeamAdd = Type.Object({ userId: Uuid }, { additionalProperties: false });
export const CareTeam = Type.Object({ items: Type.Array(CareTeamMember) });
