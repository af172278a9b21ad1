import {
  bigint,
  boolean,
  char,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Drizzle table definitions for the query builder. The database itself is defined by the forward-only
 * SQL in src/migrations; `db-schema.int.test.ts` checks that every column here exists there.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const sites = pgTable('sites', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  timeZone: text('time_zone').notNull(),
  state: char('state', { length: 2 }).notNull(),
  createdAt: ts('created_at').notNull(),
});

export const patients = pgTable('patients', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  siteId: uuid('site_id').notNull(),
  mrn: text('mrn').notNull(),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  birthDate: date('birth_date', { mode: 'string' }).notNull(),
  sex: text('sex').notNull(),
  email: text('email'),
  phone: text('phone'),
  preferredLanguage: text('preferred_language').notNull(),
  addressState: char('address_state', { length: 2 }),
  createdAt: ts('created_at').notNull(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  totpSecretSealed: text('totp_secret_sealed'),
  totpPendingSealed: text('totp_pending_sealed'),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  disabled: boolean('disabled').notNull(),
  patientId: uuid('patient_id'),
  createdAt: ts('created_at').notNull(),
});

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
    siteId: uuid('site_id'),
    specialties: text('specialties').array().notNull(),
    languages: text('languages').array().notNull(),
    position: smallint('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.position] })],
);

export const careTeam = pgTable(
  'care_team',
  {
    patientId: uuid('patient_id').notNull(),
    userId: uuid('user_id').notNull(),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.userId] })],
);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  stage: text('stage').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: ts('created_at').notNull(),
  lastSeenAt: ts('last_seen_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

export const loginAttempts = pgTable('login_attempts', {
  accountKey: text('account_key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: ts('window_start').notNull(),
  blockedUntil: ts('blocked_until'),
});

export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  expiresAt: ts('expires_at').notNull(),
});

export const auditEvent = pgTable('audit_event', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  eventTime: ts('event_time').notNull(),
  userId: uuid('user_id'),
  role: text('role'),
  organizationId: uuid('organization_id'),
  patientId: uuid('patient_id'),
  action: text('action').notNull(),
  resourceType: text('resource_type'),
  resourceId: text('resource_id'),
  outcome: text('outcome').notNull(),
  sourceIp: text('source_ip'),
  userAgent: text('user_agent'),
  requestId: text('request_id'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const auditHead = pgTable('audit_head', {
  id: smallint('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

export const schema = {
  organizations,
  sites,
  patients,
  users,
  userRoles,
  careTeam,
  sessions,
  apiTokens,
  loginAttempts,
  setupTokens,
  auditEvent,
  auditHead,
};
