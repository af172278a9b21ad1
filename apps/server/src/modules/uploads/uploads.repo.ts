import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { uploads } from './uploads.schema.js';

export type UploadRow = typeof uploads.$inferSelect;
export type UploadState = 'receiving' | 'ready' | 'rejected' | 'expired';

export async function insert(db: Db, row: typeof uploads.$inferInsert): Promise<void> {
  await db.insert(uploads).values(row);
}

export async function findById(db: Db, id: string): Promise<UploadRow | null> {
  const [row] = await db.select().from(uploads).where(eq(uploads.id, id));
  return row ?? null;
}

/** Moves an upload on from `receiving`; false when it was no longer receiving (finished or expired meanwhile). */
export async function finish(db: Db, id: string, state: Exclude<UploadState, 'receiving'>, rejectCode: string | null = null): Promise<boolean> {
  const rows = await db
    .update(uploads)
    .set({ state, rejectCode })
    .where(and(eq(uploads.id, id), eq(uploads.state, 'receiving')))
    .returning({ id: uploads.id });
  return rows.length === 1;
}

/** Unfinished uploads past their expiry. */
export async function listExpired(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(eq(uploads.state, 'receiving'), lt(uploads.expiresAt, now)))
    .limit(limit);
  return rows.map((r) => r.id);
}
