import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle definition of `notifications` (0007_cases_flow.sql). */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  caseId: uuid('case_id'),
  createdAt: ts('created_at').notNull(),
  readAt: ts('read_at'),
});
