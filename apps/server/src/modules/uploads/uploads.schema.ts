import { bigint, text, timestamp, uuid, pgTable } from 'drizzle-orm/pg-core';

/** Drizzle definition of `uploads` (src/migrations/0003_cases.sql): a tus upload in flight. */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const uploads = pgTable('uploads', {
  id: text('id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  organizationId: uuid('organization_id').notNull(),
  createdBy: uuid('created_by').notNull(),
  declaredSize: bigint('declared_size', { mode: 'number' }).notNull(),
  view: text('view'),
  state: text('state').notNull(),
  rejectCode: text('reject_code'),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

