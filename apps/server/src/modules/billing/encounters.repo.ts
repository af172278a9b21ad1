import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { billingEncounterEvents, billingEncounters } from './encounters.schema.js';

export type EncounterRow = typeof billingEncounters.$inferSelect;
export type NewEncounterRow = typeof billingEncounters.$inferInsert;

/** Inserts an encounter unless its visit or case already has one (idempotent). Returns whether it was new. */
export async function insertIfAbsent(db: Db, row: NewEncounterRow): Promise<boolean> {
  const rows = await db.insert(billingEncounters).values(row).onConflictDoNothing({ target: [billingEncounters.sourceKind, billingEncounters.sourceId] }).returning({ id: billingEncounters.id });
  return rows.length > 0;
}

/** Source ids (of one kind) that already have an encounter in the organization. */
/** Which of `sourceIds` already have an encounter of `kind` (looked up a thousand at a time). */
export async function existingSourceIds(db: Db, organizationId: string, kind: string, sourceIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < sourceIds.length; i += 1000) {
    const rows = await db
      .select({ sourceId: billingEncounters.sourceId })
      .from(billingEncounters)
      .where(
        and(
          eq(billingEncounters.organizationId, organizationId),
          eq(billingEncounters.sourceKind, kind),
          inArray(billingEncounters.sourceId, sourceIds.slice(i, i + 1000)),
        ),
      );
    for (const r of rows) found.add(r.sourceId);
  }
  return found;
}

export async function findById(db: Db, id: string): Promise<EncounterRow | null> {
  const [row] = await db.select().from(billingEncounters).where(eq(billingEncounters.id, id));
  return row ?? null;
}

export async function findByIds(db: Db, ids: readonly string[]): Promise<EncounterRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(billingEncounters).where(inArray(billingEncounters.id, [...ids]));
}

/** The queue: an organization's encounters, newest service date first, optionally one state and month. */
export async function listQueue(db: Db, organizationId: string, q: { state?: string; month?: string; limit: number }): Promise<EncounterRow[]> {
  return db
    .select()
    .from(billingEncounters)
    .where(
      and(
        eq(billingEncounters.organizationId, organizationId),
        q.state ? eq(billingEncounters.state, q.state) : undefined,
        q.month ? like(sql`${billingEncounters.serviceDate}::text`, `${q.month}-%`) : undefined,
      ),
    )
    .orderBy(desc(billingEncounters.serviceDate), desc(billingEncounters.createdAt), billingEncounters.id)
    .limit(q.limit);
}

/** Compare-and-set on the state: the patch applies only if the encounter is still in `from`. */
export async function updateIf(db: Db, id: string, from: readonly string[], patch: Partial<Omit<EncounterRow, 'id' | 'organizationId'>>): Promise<boolean> {
  const rows = await db
    .update(billingEncounters)
    .set(patch)
    .where(and(eq(billingEncounters.id, id), inArray(billingEncounters.state, [...from])))
    .returning({ id: billingEncounters.id });
  return rows.length > 0;
}

export async function insertEvent(db: Db, row: Omit<typeof billingEncounterEvents.$inferInsert, 'id'>): Promise<void> {
  await db.insert(billingEncounterEvents).values(row);
}

export async function listEvents(db: Db, encounterId: string): Promise<(typeof billingEncounterEvents.$inferSelect)[]> {
  return db.select().from(billingEncounterEvents).where(eq(billingEncounterEvents.encounterId, encounterId)).orderBy(billingEncounterEvents.id);
}

/** Every encounter of an organization (for the monthly totals): month, service type, billable, lines. */
export async function listForTotals(db: Db, organizationId: string): Promise<Pick<EncounterRow, 'serviceDate' | 'facts' | 'result' | 'editedLines'>[]> {
  return db
    .select({ serviceDate: billingEncounters.serviceDate, facts: billingEncounters.facts, result: billingEncounters.result, editedLines: billingEncounters.editedLines })
    .from(billingEncounters)
    .where(eq(billingEncounters.organizationId, organizationId));
}
