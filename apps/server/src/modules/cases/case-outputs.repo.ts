import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { patients, sites, users } from '../../platform/db-schema.js';
import { caseFollowUps, casePatientSummaries } from './case-outputs.schema.js';
import { cases, caseTemplates } from './cases.schema.js';

export type SummaryRow = typeof casePatientSummaries.$inferSelect;
export type FollowUpRow = typeof caseFollowUps.$inferSelect;

/** Every version of a case's patient summary with its author's name, oldest first. */
export async function listSummaries(db: Db, caseId: string) {
  return db
    .select({ summary: casePatientSummaries, writtenByName: users.name })
    .from(casePatientSummaries)
    .innerJoin(users, eq(users.id, casePatientSummaries.writtenBy))
    .where(eq(casePatientSummaries.caseId, caseId))
    .orderBy(asc(casePatientSummaries.version));
}

export async function latestSummary(db: Db, caseId: string): Promise<SummaryRow | null> {
  const [row] = await db
    .select()
    .from(casePatientSummaries)
    .where(eq(casePatientSummaries.caseId, caseId))
    .orderBy(desc(casePatientSummaries.version))
    .limit(1);
  return row ?? null;
}

export async function insertSummary(db: Db, row: typeof casePatientSummaries.$inferInsert): Promise<void> {
  await db.insert(casePatientSummaries).values(row);
}

/** Rewrites a draft version; false when it was approved meanwhile (approved versions never change). */
export async function updateDraftSummary(db: Db, caseId: string, version: number, patch: { body: string; writtenBy: string; updatedAt: Date }): Promise<boolean> {
  const rows = await db
    .update(casePatientSummaries)
    .set(patch)
    .where(and(eq(casePatientSummaries.caseId, caseId), eq(casePatientSummaries.version, version), isNull(casePatientSummaries.approvedAt)))
    .returning({ v: casePatientSummaries.version });
  return rows.length === 1;
}

/** Approves a draft version; false when it was approved already. */
export async function approveSummary(db: Db, caseId: string, version: number, approvedBy: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(casePatientSummaries)
    .set({ approvedBy, approvedAt: at })
    .where(and(eq(casePatientSummaries.caseId, caseId), eq(casePatientSummaries.version, version), isNull(casePatientSummaries.approvedAt)))
    .returning({ v: casePatientSummaries.version });
  return rows.length === 1;
}

export async function markPatientNotified(db: Db, caseId: string, version: number, at: Date): Promise<void> {
  await db
    .update(casePatientSummaries)
    .set({ patientNotifiedAt: at })
    .where(and(eq(casePatientSummaries.caseId, caseId), eq(casePatientSummaries.version, version)));
}

/** The latest approved summary of each of a patient's cases, newest first, with the approver's name. */
export async function listApprovedForPatient(db: Db, organizationId: string, patientId: string) {
  const rows = await db
    .select({ summary: casePatientSummaries, specialty: cases.specialty, definition: caseTemplates.definition, approvedByName: users.name })
    .from(casePatientSummaries)
    .innerJoin(cases, eq(cases.id, casePatientSummaries.caseId))
    .innerJoin(caseTemplates, eq(caseTemplates.specialty, cases.specialty))
    .innerJoin(users, eq(users.id, casePatientSummaries.approvedBy))
    .where(and(eq(cases.organizationId, organizationId), eq(cases.patientId, patientId), isNotNull(casePatientSummaries.approvedAt)))
    .orderBy(desc(casePatientSummaries.approvedAt), desc(casePatientSummaries.version));
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.summary.caseId) ? false : (seen.add(r.summary.caseId), true)));
}

export async function insertFollowUp(db: Db, row: FollowUpRow): Promise<void> {
  await db.insert(caseFollowUps).values(row);
}

export async function listFollowUps(db: Db, caseId: string): Promise<FollowUpRow[]> {
  return db.select().from(caseFollowUps).where(eq(caseFollowUps.caseId, caseId)).orderBy(asc(caseFollowUps.createdAt), asc(caseFollowUps.id));
}

/** Display names of users, by id. */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function siteName(db: Db, siteId: string): Promise<string | null> {
  const [row] = await db.select({ name: sites.name }).from(sites).where(eq(sites.id, siteId));
  return row?.name ?? null;
}

/** The email address on a patient record (for a sign-in notice), or null. */
export async function patientEmail(db: Db, patientId: string): Promise<string | null> {
  const [row] = await db.select({ email: patients.email }).from(patients).where(eq(patients.id, patientId));
  return row?.email ?? null;
}
