import { bigint, bigserial, char, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Drizzle definitions of the consult tables for the query builder; the database itself is defined by
 * src/migrations/0003_cases.sql.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const caseTemplates = pgTable('case_templates', {
  specialty: text('specialty').primaryKey(),
  definition: jsonb('definition').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const cases = pgTable('cases', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  siteId: uuid('site_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  referrerId: uuid('referrer_id').notNull(),
  specialty: text('specialty').notNull(),
  urgency: text('urgency').notNull(),
  state: text('state').notNull(),
  question: text('question').notNull(),
  history: jsonb('history').notNull(),
  consent: jsonb('consent'),
  targetSpecialistId: uuid('target_specialist_id'),
  assigneeId: uuid('assignee_id'),
  submittedAt: ts('submitted_at'),
  dueAt: ts('due_at'),
  answeredAt: ts('answered_at'),
  // turnaround clock (0007_cases_flow.sql)
  warnAt: ts('warn_at'),
  warnedAt: ts('warned_at'),
  breachedAt: ts('breached_at'),
  pausedMs: bigint('paused_ms', { mode: 'number' }).notNull().default(0),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const caseEvents = pgTable('case_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id').notNull(),
  event: text('event').notNull(),
  fromState: text('from_state'),
  toState: text('to_state').notNull(),
  actorId: uuid('actor_id'),
  reason: text('reason'),
  at: ts('at').notNull(),
});

export const caseMessages = pgTable('case_messages', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  authorId: uuid('author_id').notNull(),
  side: text('side').notNull(),
  body: text('body').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const caseReports = pgTable(
  'case_reports',
  {
    caseId: uuid('case_id').notNull(),
    version: integer('version').notNull(),
    outcome: text('outcome').notNull(),
    timeFrame: text('time_frame'),
    fields: jsonb('fields').notNull(),
    amendmentReason: text('amendment_reason'),
    signedBy: uuid('signed_by').notNull(),
    signedAt: ts('signed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.version] })],
);

export const caseAttachments = pgTable('case_attachments', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  kind: text('kind').notNull(),
  view: text('view'),
  uploadId: text('upload_id'),
  contentType: text('content_type'),
  blobKey: text('blob_key'),
  thumbnailBlobKey: text('thumbnail_blob_key'),
  storedSha256: char('stored_sha256', { length: 64 }),
  storedSize: bigint('stored_size', { mode: 'number' }),
  width: integer('width'),
  height: integer('height'),
  quality: jsonb('quality'),
  studyInstanceUid: text('study_instance_uid'),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const caseIdempotency = pgTable(
  'case_idempotency',
  {
    actorId: uuid('actor_id').notNull(),
    key: text('key').notNull(),
    caseId: uuid('case_id').notNull(),
    operation: text('operation').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] })],
);
