import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { loginAttempts, setupTokens } from '../../platform/db-schema.js';

export type LoginAttemptRow = typeof loginAttempts.$inferSelect;

export async function findLoginAttempt(db: Db, accountKey: string): Promise<LoginAttemptRow | null> {
  const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.accountKey, accountKey));
  return row ?? null;
}

export async function saveLoginAttempt(db: Db, row: LoginAttemptRow): Promise<void> {
  await db
    .insert(loginAttempts)
    .values(row)
    .onConflictDoUpdate({
      target: loginAttempts.accountKey,
      set: { failures: row.failures, windowStart: row.windowStart, blockedUntil: row.blockedUntil },
    });
}

export async function clearLoginAttempts(db: Db, accountKey: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.accountKey, accountKey));
}

/** Replaces any earlier setup token: only the newest printed link works. */
export async function replaceSetupToken(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM setup_tokens`);
    await tx.insert(setupTokens).values({ tokenHash, expiresAt });
  });
}

/** Deletes the token if it is valid at `now`; true when this caller consumed it (one winner in a race). */
export async function consumeSetupToken(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .delete(setupTokens)
    .where(and(eq(setupTokens.tokenHash, tokenHash), gt(setupTokens.expiresAt, now)))
    .returning({ tokenHash: setupTokens.tokenHash });
  return rows.length === 1;
}
