import { bigint, char, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle views of the imaging tables (migrations/0009_imaging.sql is the source of truth). */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const imagingAeTitles = pgTable('imaging_ae_titles', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  siteId: uuid('site_id').notNull(),
  aeTitle: text('ae_title').notNull(),
  sourceAddress: text('source_address'),
  createdAt: ts('created_at').notNull(),
});

export const imagingExpectedStudies = pgTable(
  'imaging_expected_studies',
  {
    organizationId: uuid('organization_id').notNull(),
    accessionNumber: text('accession_number').notNull(),
    caseId: uuid('case_id').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.accessionNumber] })],
);

export const imagingStudies = pgTable('imaging_studies', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  siteId: uuid('site_id').notNull(),
  studyInstanceUid: text('study_instance_uid').notNull(),
  caseId: uuid('case_id'),
  state: text('state').notNull(),
  patientId: text('patient_id'),
  patientName: text('patient_name'),
  patientBirthDate: text('patient_birth_date'),
  patientSex: text('patient_sex'),
  studyDate: text('study_date'),
  studyTime: text('study_time'),
  accessionNumber: text('accession_number'),
  studyDescription: text('study_description'),
  referringPhysician: text('referring_physician'),
  studyId: text('study_id'),
  source: text('source').notNull(),
  receivedAt: ts('received_at').notNull(),
  lastInstanceAt: ts('last_instance_at').notNull(),
  completedAt: ts('completed_at'),
});

export const imagingSeries = pgTable('imaging_series', {
  id: uuid('id').primaryKey(),
  studyId: uuid('study_id').notNull(),
  seriesInstanceUid: text('series_instance_uid').notNull(),
  modality: text('modality'),
  seriesNumber: integer('series_number'),
  seriesDescription: text('series_description'),
});

export const imagingInstances = pgTable('imaging_instances', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  studyId: uuid('study_id').notNull(),
  seriesId: uuid('series_id').notNull(),
  sopInstanceUid: text('sop_instance_uid').notNull(),
  sopClassUid: text('sop_class_uid').notNull(),
  transferSyntaxUid: text('transfer_syntax_uid').notNull(),
  instanceNumber: integer('instance_number'),
  rows: integer('rows'),
  columns: integer('columns'),
  numberOfFrames: integer('number_of_frames'),
  blobKey: text('blob_key').notNull(),
  sha256: char('sha256', { length: 64 }).notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  createdAt: ts('created_at').notNull(),
});
