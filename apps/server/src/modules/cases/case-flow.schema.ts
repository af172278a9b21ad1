import { boolean, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle definitions of the routing tables; the database itself is defined by 0007_cases_flow.sql. */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const caseQueues = pgTable(
  'case_queues',
  {
    organizationId: uuid('organization_id').notNull(),
    specialty: text('specialty').notNull(),
    leadUserId: uuid('lead_user_id'),
    autoAssign: boolean('auto_assign').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.specialty] })],
);

export const specialistAvailability = pgTable('specialist_availability', {
  userId: uuid('user_id').primaryKey(),
  available: boolean('available').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const caseQueueShares = pgTable('case_queue_shares', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  specialty: text('specialty').notNull(),
  partnerOrganizationId: uuid('partner_organization_id').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
});
