import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { imagingAeTitles, imagingExpectedStudies, imagingInstances, imagingSeries, imagingStudies } from './imaging.schema.js';

export type StudyRow = typeof imagingStudies.$inferSelect;
export type SeriesRow = typeof imagingSeries.$inferSelect;
export type InstanceRow = typeof imagingInstances.$inferSelect;
export type AeTitleRow = typeof imagingAeTitles.$inferSelect;

/** The allow-list entry for a calling AE title: one bound to the caller's address wins over an unbound one. */
export async function findAeTitle(db: Db, aeTitle: string, address: string | null): Promise<AeTitleRow | null> {
  const [row] = await db
    .select()
    .from(imagingAeTitles)
    .where(and(eq(imagingAeTitles.aeTitle, aeTitle), address ? or(isNull(imagingAeTitles.sourceAddress), eq(imagingAeTitles.sourceAddress, address)) : isNull(imagingAeTitles.sourceAddress)))
    .orderBy(sql`${imagingAeTitles.sourceAddress} IS NULL`)
    .limit(1);
  return row ?? null;
}

export async function listAeTitles(db: Db, organizationId: string): Promise<AeTitleRow[]> {
  return db.select().from(imagingAeTitles).where(eq(imagingAeTitles.organizationId, organizationId)).orderBy(asc(imagingAeTitles.aeTitle));
}

/** Inserts an allow-list entry; false when the AE title + address is already taken. */
export async function insertAeTitle(db: Db, row: typeof imagingAeTitles.$inferInsert): Promise<boolean> {
  const rows = await db.insert(imagingAeTitles).values(row).onConflictDoNothing().returning({ id: imagingAeTitles.id });
  return rows.length === 1;
}

export async function deleteAeTitle(db: Db, organizationId: string, id: string): Promise<boolean> {
  const rows = await db.delete(imagingAeTitles).where(and(eq(imagingAeTitles.id, id), eq(imagingAeTitles.organizationId, organizationId))).returning({ id: imagingAeTitles.id });
  return rows.length === 1;
}

export async function insertExpected(db: Db, row: typeof imagingExpectedStudies.$inferInsert): Promise<boolean> {
  const rows = await db.insert(imagingExpectedStudies).values(row).onConflictDoNothing().returning({ caseId: imagingExpectedStudies.caseId });
  return rows.length === 1;
}

export async function findExpected(db: Db, organizationId: string, accessionNumber: string): Promise<{ caseId: string; createdBy: string } | null> {
  const [row] = await db
    .select({ caseId: imagingExpectedStudies.caseId, createdBy: imagingExpectedStudies.createdBy })
    .from(imagingExpectedStudies)
    .where(and(eq(imagingExpectedStudies.organizationId, organizationId), eq(imagingExpectedStudies.accessionNumber, accessionNumber)));
  return row ?? null;
}

export type StudyInsert = typeof imagingStudies.$inferInsert;
export type SeriesInsert = Omit<typeof imagingSeries.$inferInsert, 'studyId'>;
export type InstanceInsert = Omit<typeof imagingInstances.$inferInsert, 'studyId' | 'seriesId'>;

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * Indexes one stored instance in a single statement (atomic, one round trip): creates the study or marks a
 * new arrival on it (back to `receiving`), creates the series if new, inserts the instance. Returns the
 * study's id and whether the instance was inserted (false: another request stored the same SOP Instance
 * UID first).
 */
export async function insertInstanceIndexed(db: Db, st: StudyInsert, se: SeriesInsert, i: InstanceInsert): Promise<{ studyId: string; inserted: boolean }> {
  const result = await db.execute(sql`
    WITH study AS (
      INSERT INTO imaging_studies (id, organization_id, site_id, study_instance_uid, case_id, state, patient_id, patient_name,
        patient_birth_date, patient_sex, study_date, study_time, accession_number, study_description, referring_physician,
        study_id, source, received_at, last_instance_at, completed_at)
      VALUES (${st.id}::uuid, ${st.organizationId}::uuid, ${st.siteId}::uuid, ${st.studyInstanceUid}, ${st.caseId ?? null}::uuid, ${st.state},
        ${st.patientId ?? null}, ${st.patientName ?? null}, ${st.patientBirthDate ?? null}, ${st.patientSex ?? null}, ${st.studyDate ?? null},
        ${st.studyTime ?? null}, ${st.accessionNumber ?? null}, ${st.studyDescription ?? null}, ${st.referringPhysician ?? null},
        ${st.studyId ?? null}, ${st.source}, ${iso(st.receivedAt)}::timestamptz, ${iso(st.lastInstanceAt)}::timestamptz,
        ${iso(st.completedAt)}::timestamptz)
      ON CONFLICT (organization_id, study_instance_uid) DO UPDATE SET last_instance_at = EXCLUDED.last_instance_at, state = 'receiving'
      RETURNING id
    ), series AS (
      INSERT INTO imaging_series (id, study_id, series_instance_uid, modality, series_number, series_description)
      SELECT ${se.id}::uuid, study.id, ${se.seriesInstanceUid}, ${se.modality ?? null}, ${se.seriesNumber ?? null}::integer, ${se.seriesDescription ?? null}
      FROM study
      ON CONFLICT (study_id, series_instance_uid) DO UPDATE SET series_instance_uid = EXCLUDED.series_instance_uid
      RETURNING id
    ), instance AS (
      INSERT INTO imaging_instances (id, organization_id, study_id, series_id, sop_instance_uid, sop_class_uid, transfer_syntax_uid,
        instance_number, rows, columns, number_of_frames, blob_key, sha256, size, created_at)
      SELECT ${i.id}::uuid, ${i.organizationId}::uuid, study.id, series.id, ${i.sopInstanceUid}, ${i.sopClassUid}, ${i.transferSyntaxUid},
        ${i.instanceNumber ?? null}::integer, ${i.rows ?? null}::integer, ${i.columns ?? null}::integer, ${i.numberOfFrames ?? null}::integer,
        ${i.blobKey}, ${i.sha256}, ${i.size}::bigint, ${iso(i.createdAt)}::timestamptz
      FROM study, series
      ON CONFLICT (organization_id, sop_instance_uid) DO NOTHING
      RETURNING id
    )
    SELECT (SELECT id FROM study)::text AS study_id, (SELECT count(*) FROM instance)::int AS inserted`);
  // node-postgres and PGlite both answer { rows }
  const row = (result as { rows: { study_id: string; inserted: number }[] }).rows[0];
  if (!row) throw new Error('imaging index statement returned no row');
  return { studyId: row.study_id, inserted: row.inserted === 1 };
}

export async function findInstance(db: Db, organizationId: string, sopInstanceUid: string): Promise<InstanceRow | null> {
  const [row] = await db.select().from(imagingInstances).where(and(eq(imagingInstances.organizationId, organizationId), eq(imagingInstances.sopInstanceUid, sopInstanceUid)));
  return row ?? null;
}

export async function findStudy(db: Db, id: string): Promise<StudyRow | null> {
  const [row] = await db.select().from(imagingStudies).where(eq(imagingStudies.id, id));
  return row ?? null;
}

/** Every study with this UID, in any organization (the caller decides which it may see). */
export async function findStudiesByUid(db: Db, studyInstanceUid: string): Promise<StudyRow[]> {
  return db.select().from(imagingStudies).where(eq(imagingStudies.studyInstanceUid, studyInstanceUid));
}

export async function listQuietStudies(db: Db, before: Date, limit: number): Promise<StudyRow[]> {
  return db.select().from(imagingStudies).where(and(eq(imagingStudies.state, 'receiving'), lte(imagingStudies.lastInstanceAt, before))).orderBy(asc(imagingStudies.lastInstanceAt)).limit(limit);
}

/** Completes a study still quiet since `quietSince` (a newer instance keeps it receiving). */
export async function completeStudy(db: Db, id: string, quietSince: Date, at: Date): Promise<boolean> {
  const rows = await db
    .update(imagingStudies)
    .set({ state: 'complete', completedAt: at })
    .where(and(eq(imagingStudies.id, id), eq(imagingStudies.state, 'receiving'), lte(imagingStudies.lastInstanceAt, quietSince)))
    .returning({ id: imagingStudies.id });
  return rows.length === 1;
}

/** Attaches an inbox study to a case; false when it was attached meanwhile. */
export async function setCase(db: Db, id: string, caseId: string): Promise<boolean> {
  const rows = await db.update(imagingStudies).set({ caseId }).where(and(eq(imagingStudies.id, id), isNull(imagingStudies.caseId))).returning({ id: imagingStudies.id });
  return rows.length === 1;
}

/** The inbox of an organization: studies without a case, at the given sites (null: every site). */
export async function listInbox(db: Db, organizationId: string, siteIds: string[] | null, limit: number): Promise<(StudyRow & { instances: number })[]> {
  const where = and(eq(imagingStudies.organizationId, organizationId), isNull(imagingStudies.caseId), siteIds ? (siteIds.length ? inArray(imagingStudies.siteId, siteIds) : sql`false`) : undefined);
  return db
    .select({ ...studyColumns, instances: sql<number>`(SELECT count(*)::int FROM imaging_instances i WHERE i.study_id = "imaging_studies"."id")` })
    .from(imagingStudies)
    .where(where)
    .orderBy(desc(imagingStudies.receivedAt))
    .limit(limit);
}

const studyColumns = {
  id: imagingStudies.id,
  organizationId: imagingStudies.organizationId,
  siteId: imagingStudies.siteId,
  studyInstanceUid: imagingStudies.studyInstanceUid,
  caseId: imagingStudies.caseId,
  state: imagingStudies.state,
  patientId: imagingStudies.patientId,
  patientName: imagingStudies.patientName,
  patientBirthDate: imagingStudies.patientBirthDate,
  patientSex: imagingStudies.patientSex,
  studyDate: imagingStudies.studyDate,
  studyTime: imagingStudies.studyTime,
  accessionNumber: imagingStudies.accessionNumber,
  studyDescription: imagingStudies.studyDescription,
  referringPhysician: imagingStudies.referringPhysician,
  studyId: imagingStudies.studyId,
  source: imagingStudies.source,
  receivedAt: imagingStudies.receivedAt,
  lastInstanceAt: imagingStudies.lastInstanceAt,
  completedAt: imagingStudies.completedAt,
};

/** Instances of a study, optionally of one series or one instance, in series then instance order. */
export async function listInstances(db: Db, studyId: string, seriesUid?: string, sopUid?: string): Promise<(InstanceRow & { seriesInstanceUid: string })[]> {
  const rows = await db
    .select({ i: imagingInstances, seriesInstanceUid: imagingSeries.seriesInstanceUid })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .where(and(eq(imagingInstances.studyId, studyId), seriesUid ? eq(imagingSeries.seriesInstanceUid, seriesUid) : undefined, sopUid ? eq(imagingInstances.sopInstanceUid, sopUid) : undefined))
    .orderBy(asc(imagingSeries.seriesNumber), asc(imagingSeries.seriesInstanceUid), asc(imagingInstances.instanceNumber), asc(imagingInstances.sopInstanceUid));
  return rows.map((r) => ({ ...r.i, seriesInstanceUid: r.seriesInstanceUid }));
}
