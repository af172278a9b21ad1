import { bigserial, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Drizzle definitions of the visit tables for the query builder (migrations/0002_visits.sql defines them).
 * Kept in the module, not in platform/db-schema.ts: only visits.repo.ts reads them.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const visits = pgTable('visits', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  siteId: uuid('site_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  hostUserId: uuid('host_user_id').notNull(),
  scheduledStart: ts('scheduled_start'),
  durationMinutes: integer('duration_minutes').notNull(),
  reason: text('reason').notNull(),
  modality: text('modality').notNull(),
  status: text('status').notNull(),
  createdAt: ts('created_at').notNull(),
  startedAt: ts('started_at'),
  endedAt: ts('ended_at'),
  reminderSentAt: ts('reminder_sent_at'),
  /** The consult this visit follows up (set when scheduled from a case; migration 0010). */
  caseId: uuid('case_id'),
});

export const visitParticipants = pgTable('visit_participants', {
  id: uuid('id').primaryKey(),
  visitId: uuid('visit_id').notNull(),
  kind: text('kind').notNull(),
  userId: uuid('user_id'),
  displayName: text('display_name').notNull(),
  email: text('email'),
  tokenHash: text('token_hash'),
  invitedAt: ts('invited_at').notNull(),
  admittedAt: ts('admitted_at'),
  consentVersion: text('consent_version'),
  consentAt: ts('consent_at'),
  revokedAt: ts('revoked_at'),
  removedAt: ts('removed_at'),
  cohostAt: ts('cohost_at'),
});

export const visitEvents = pgTable('visit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  visitId: uuid('visit_id').notNull(),
  at: ts('at').notNull(),
  kind: text('kind').notNull(),
  participantId: uuid('participant_id'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
});

export const visitChat = pgTable('visit_chat', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  visitId: uuid('visit_id').notNull(),
  participantId: uuid('participant_id').notNull(),
  at: ts('at').notNull(),
  body: text('body').notNull(),
});

export const visitNotes = pgTable('visit_notes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  visitId: uuid('visit_id').notNull(),
  authorUserId: uuid('author_user_id').notNull(),
  at: ts('at').notNull(),
  body: text('body').notNull(),
});
