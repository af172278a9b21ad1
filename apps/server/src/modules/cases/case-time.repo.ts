import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { caseTimeEntries } from './case-time.schema.js';

export type TimeEntryRow = typeof caseTimeEntries.$inferSelect;

/** The caller's newest entry on a case and side whose last heartbeat is at or after `since`. */
export async function findOpenEntry(db: Db, caseId: string, userId: string, side: string, since: Date): Promise<TimeEntryRow | null> {
  const [row] = await db
    .select()
    .from(caseTimeEntries)
    .where(and(eq(caseTimeEntries.caseId, caseId), eq(caseTimeEntries.userId, userId), eq(caseTimeEntries.side, side), gte(caseTimeEntries.lastBeatAt, since)))
    .orderBy(desc(caseTimeEntries.lastBeatAt))
    .limit(1);
  return row ?? null;
}

export async function insertEntry(db: Db, row: typeof caseTimeEntries.$inferInsert): Promise<void> {
  await db.insert(caseTimeEntries).values(row);
}

/**
 * Extends an entry by `addSeconds` only if its last heartbeat is still `lastBeatAt` (compare-and-set: two
 * tabs beating at once count the gap once). Returns false when another beat got there first.
 */
export async function extendEntry(db: Db, id: string, lastBeatAt: Date, at: Date, addSeconds: number): Promise<boolean> {
  const rows = await db
    .update(caseTimeEntries)
    .set({ lastBeatAt: at, seconds: sql`${caseTimeEntries.seconds} + ${addSeconds}` })
    .where(and(eq(caseTimeEntries.id, id), eq(caseTimeEntries.lastBeatAt, lastBeatAt)))
    .returning({ id: caseTimeEntries.id });
  return rows.length > 0;
}

export async function listEntries(db: Db, caseId: string): Promise<TimeEntryRow[]> {
  return db.select().from(caseTimeEntries).where(eq(caseTimeEntries.caseId, caseId)).orderBy(asc(caseTimeEntries.startedAt), asc(caseTimeEntries.id));
}

export async function findEntry(db: Db, caseId: string, id: string): Promise<TimeEntryRow | null> {
  const [row] = await db.select().from(caseTimeEntries).where(and(eq(caseTimeEntries.caseId, caseId), eq(caseTimeEntries.id, id)));
  return row ?? null;
}

export async function correctEntry(db: Db, id: string, patch: { correctedSeconds: number; correctionReason: string; correctedBy: string; correctedAt: Date }): Promise<void> {
  await db.update(caseTimeEntries).set(patch).where(eq(caseTimeEntries.id, id));
}
