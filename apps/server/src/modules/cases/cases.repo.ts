import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import { users } from '../../platform/db-schema.js';
import { caseAttachments, caseEvents, caseIdempotency, caseMessages, caseReports, cases, caseTemplates } from './cases.schema.js';

export type CaseRow = typeof cases.$inferSelect;
export type NewCaseRow = typeof cases.$inferInsert;
export type EventRow = typeof caseEvents.$inferSelect;
export type ReportRow = typeof caseReports.$inferSelect;
export type AttachmentRow = typeof caseAttachments.$inferSelect;

export async function listTemplates(db: Db): Promise<{ specialty: string; definition: unknown }[]> {
  return db.select({ specialty: caseTemplates.specialty, definition: caseTemplates.definition }).from(caseTemplates).orderBy(asc(caseTemplates.specialty));
}

export async function insert(db: Db, row: NewCaseRow): Promise<void> {
  await db.insert(cases).values(row);
}

export async function findById(db: Db, id: string): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row ?? null;
}

/** The row locked for update (inside a transaction): transitions of one case are serialized. */
export async function findForUpdate(db: Db, id: string): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id)).for('update');
  return row ?? null;
}

export async function update(db: Db, id: string, patch: Partial<Omit<CaseRow, 'id' | 'organizationId' | 'createdAt'>>): Promise<void> {
  await db.update(cases).set(patch).where(eq(cases.id, id));
}

/**
 * Atomic claim: succeeds only while the case is still unclaimed (state `submitted`). Two specialists
 * clicking at once: exactly one UPDATE matches; the other sees zero rows.
 */
export async function claim(db: Db, id: string, specialistId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(cases)
    .set({ state: 'assigned', assigneeId: specialistId, updatedAt: at })
    .where(and(eq(cases.id, id), eq(cases.state, 'submitted')))
    .returning({ id: cases.id });
  return rows.length === 1;
}

export async function insertEvent(db: Db, row: typeof caseEvents.$inferInsert): Promise<void> {
  await db.insert(caseEvents).values(row);
}

export async function listEvents(db: Db, caseId: string): Promise<EventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}

export async function insertMessage(db: Db, row: typeof caseMessages.$inferInsert): Promise<void> {
  await db.insert(caseMessages).values(row);
}

export async function listMessages(db: Db, caseId: string) {
  return db
    .select({
      id: caseMessages.id,
      authorId: caseMessages.authorId,
      authorName: users.name,
      side: caseMessages.side,
      body: caseMessages.body,
      createdAt: caseMessages.createdAt,
    })
    .from(caseMessages)
    .innerJoin(users, eq(users.id, caseMessages.authorId))
    .where(eq(caseMessages.caseId, caseId))
    .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id));
}

export async function insertReport(db: Db, row: typeof caseReports.$inferInsert): Promise<void> {
  await db.insert(caseReports).values(row);
}

export async function listReports(db: Db, caseId: string) {
  return db
    .select({ report: caseReports, signedByName: users.name })
    .from(caseReports)
    .innerJoin(users, eq(users.id, caseReports.signedBy))
    .where(eq(caseReports.caseId, caseId))
    .orderBy(asc(caseReports.version));
}

export async function latestReport(db: Db, caseId: string): Promise<ReportRow | null> {
  const [row] = await db.select().from(caseReports).where(eq(caseReports.caseId, caseId)).orderBy(desc(caseReports.version)).limit(1);
  return row ?? null;
}

export async function listAttachments(db: Db, caseId: string): Promise<AttachmentRow[]> {
  return db.select().from(caseAttachments).where(eq(caseAttachments.caseId, caseId)).orderBy(asc(caseAttachments.createdAt), asc(caseAttachments.id));
}

export async function findIdempotency(db: Db, actorId: string, key: string) {
  const [row] = await db
    .select()
    .from(caseIdempotency)
    .where(and(eq(caseIdempotency.actorId, actorId), eq(caseIdempotency.key, key)));
  return row ?? null;
}

/** Records the key; false when it already existed (a concurrent or earlier request holds it). */
export async function insertIdempotency(db: Db, row: typeof caseIdempotency.$inferInsert): Promise<boolean> {
  const rows = await db.insert(caseIdempotency).values(row).onConflictDoNothing().returning({ key: caseIdempotency.key });
  return rows.length === 1;
}

/** Whether the user is an active specialist of the specialty in the organization. */
export async function isSpecialistOf(db: Db, organizationId: string, userId: string, specialty: string): Promise<boolean> {
  const rows = await queryRows(db, sql`
    SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id
    WHERE u.id = ${userId} AND u.organization_id = ${organizationId} AND NOT u.disabled
      AND r.role = 'specialist' AND ${specialty} = ANY (r.specialties)`);
  return rows.length > 0;
}

/** Email addresses of users (for notifications). */
export async function emailsOf(db: Db, userIds: string[]): Promise<{ id: string; email: string }[]> {
  if (userIds.length === 0) return [];
  return db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, userIds));
}

export async function insertAttachment(db: Db, row: typeof caseAttachments.$inferInsert): Promise<AttachmentRow> {
  const [inserted] = await db.insert(caseAttachments).values(row).returning();
  return inserted!;
}

export async function findAttachment(db: Db, caseId: string, id: string): Promise<AttachmentRow | null> {
  const [row] = await db.select().from(caseAttachments).where(and(eq(caseAttachments.id, id), eq(caseAttachments.caseId, caseId)));
  return row ?? null;
}
