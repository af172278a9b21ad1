import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { apiTokens } from '../../platform/db-schema.js';

export type TokenRow = typeof apiTokens.$inferSelect;

export async function insert(db: Db, row: typeof apiTokens.$inferInsert): Promise<void> {
  await db.insert(apiTokens).values(row);
}

export async function listByUser(db: Db, userId: string): Promise<TokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function findById(db: Db, id: string): Promise<TokenRow | null> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row ?? null;
}

export async function revoke(db: Db, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}

export async function revokeAllForUser(db: Db, userId: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}
