import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle definition of case_time_entries (migrations/0005_case_time.sql); only case-time.repo.ts reads it. */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const caseTimeEntries = pgTable('case_time_entries', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  userId: uuid('user_id').notNull(),
  side: text('side').notNull(),
  startedAt: ts('started_at').notNull(),
  lastBeatAt: ts('last_beat_at').notNull(),
  seconds: integer('seconds').notNull(),
  correctedSeconds: integer('corrected_seconds'),
  correctionReason: text('correction_reason'),
  correctedBy: uuid('corrected_by'),
  correctedAt: ts('corrected_at'),
});
