import { bigserial, date, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle definitions of the billing queue tables (migrations/0004_billing.sql); only encounters.repo.ts reads them. */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const billingEncounters = pgTable('billing_encounters', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  sourceKind: text('source_kind').notNull(),
  sourceId: uuid('source_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  siteId: uuid('site_id').notNull(),
  serviceDate: date('service_date', { mode: 'string' }).notNull(),
  state: text('state').notNull(),
  attestation: jsonb('attestation').notNull(),
  claimDetails: jsonb('claim_details'),
  facts: jsonb('facts').notNull(),
  sources: jsonb('sources').notNull(),
  result: jsonb('result').notNull(),
  editedLines: jsonb('edited_lines'),
  holdReason: text('hold_reason'),
  exportedAt: ts('exported_at'),
  exportFormat: text('export_format'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
  refreshedAt: ts('refreshed_at').notNull(),
});

export const billingEncounterEvents = pgTable('billing_encounter_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  encounterId: uuid('encounter_id').notNull(),
  event: text('event').notNull(),
  actorId: uuid('actor_id'),
  reason: text('reason'),
  detail: jsonb('detail').notNull(),
  at: ts('at').notNull(),
});
