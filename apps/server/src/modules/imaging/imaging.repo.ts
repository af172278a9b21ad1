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

/** Creates the study or, when it exists, marks a new arrival (back to `receiving`); returns the row. */
export async function upsertStudy(db: Db, row: typeof imagingStudies.$inferInsert): Promise<StudyRow> {
  const [out] = await db
    .insert(imagingStudies)
    .values(row)
    .onConflictDoUpdate({ target: [imagingStudies.organizationId, imagingStudies.studyInstanceUid], set: { lastInstanceAt: row.lastInstanceAt, state: 'receiving' } })
    .returning();
  return out!;
}

export async function upsertSeries(db: Db, row: typeof imagingSeries.$inferInsert): Promise<string> {
  const [out] = await db
    .insert(imagingSeries)
    .values(row)
    .onConflictDoUpdate({ target: [imagingSeries.studyId, imagingSeries.seriesInstanceUid], set: { seriesInstanceUid: row.seriesInstanceUid } })
    .returning({ id: imagingSeries.id });
  return out!.id;
}

export async function findInstance(db: Db, organizationId: string, sopInstanceUid: string): Promise<InstanceRow | null> {
  const [row] = await db.select().from(imagingInstances).where(and(eq(imagingInstances.organizationId, organizationId), eq(imagingInstances.sopInstanceUid, sopInstanceUid)));
  return row ?? null;
}

/** Inserts an instance; false when another request stored the same SOP Instance UID first. */
export async function insertInstance(db: Db, row: typeof imagingInstances.$inferInsert): Promise<boolean> {
  const rows = await db.insert(imagingInstances).values(row).onConflictDoNothing().returning({ id: imagingInstances.id });
  return rows.length === 1;
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
