import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { notifications } from './notifications.schema.js';

export type NotificationRow = typeof notifications.$inferSelect;

export async function insertMany(db: Db, rows: NotificationRow[]): Promise<void> {
  if (rows.length) await db.insert(notifications).values(rows);
}

/** The user's notifications, newest first. */
export async function listForUser(db: Db, userId: string, unreadOnly: boolean, limit: number): Promise<NotificationRow[]> {
  const conds = [eq(notifications.userId, userId), ...(unreadOnly ? [isNull(notifications.readAt)] : [])];
  return db.select().from(notifications).where(and(...conds)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit);
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function findById(db: Db, id: string): Promise<NotificationRow | null> {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row ?? null;
}

/** Marks one of the user's notifications read (a read one keeps its first read time). */
export async function markRead(db: Db, userId: string, id: string, at: Date): Promise<void> {
  await db.update(notifications).set({ readAt: at }).where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function markAllRead(db: Db, userId: string, at: Date): Promise<void> {
  await db.update(notifications).set({ readAt: at }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
