import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Drizzle definitions of the report-output tables (patient summary, follow-up visits) for the query builder;
 * the database itself is defined by src/migrations/0008_cases_report.sql.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const casePatientSummaries = pgTable(
  'case_patient_summaries',
  {
    caseId: uuid('case_id').notNull(),
    version: integer('version').notNull(),
    body: text('body').notNull(),
    writtenBy: uuid('written_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
    approvedBy: uuid('approved_by'),
    approvedAt: ts('approved_at'),
    patientNotifiedAt: ts('patient_notified_at'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.version] })],
);

export const caseFollowUps = pgTable('case_follow_ups', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  kind: text('kind').notNull(),
  visitId: uuid('visit_id'),
  scheduledStart: ts('scheduled_start').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  location: text('location'),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
});
