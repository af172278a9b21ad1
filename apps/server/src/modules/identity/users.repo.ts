import { and, asc, eq, inArray, isNull, ne, or, lt, sql } from 'drizzle-orm';
import type { RoleAssignment } from '@telehealth/contracts/identity';
import { queryRows, type Db } from '../../platform/db.js';
import { organizations, userRoles, users } from '../../platform/db-schema.js';

export type UserRow = typeof users.$inferSelect;
export type UserWithRoles = UserRow & { roles: RoleAssignment[] };

export async function findByEmail(db: Db, email: string): Promise<UserWithRoles | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row ? withRoles(db, row) : null;
}

export async function findById(db: Db, id: string): Promise<UserWithRoles | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ? withRoles(db, row) : null;
}

export async function listByOrganization(db: Db, organizationId: string): Promise<UserWithRoles[]> {
  const rows = await db.select().from(users).where(eq(users.organizationId, organizationId)).orderBy(asc(users.name), asc(users.id));
  const roles = await rolesFor(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] }));
}

async function withRoles(db: Db, row: UserRow): Promise<UserWithRoles> {
  return { ...row, roles: (await rolesFor(db, [row.id])).get(row.id) ?? [] };
}

export async function rolesFor(db: Db, userIds: string[]): Promise<Map<string, RoleAssignment[]>> {
  const map = new Map<string, RoleAssignment[]>();
  if (userIds.length === 0) return map;
  const rows = await db.select().from(userRoles).where(inArray(userRoles.userId, userIds)).orderBy(asc(userRoles.position));
  for (const r of rows) {
    const list = map.get(r.userId) ?? [];
    list.push({ role: r.role as RoleAssignment['role'], siteId: r.siteId, specialties: r.specialties, languages: r.languages });
    map.set(r.userId, list);
  }
  return map;
}

export async function insert(db: Db, user: typeof users.$inferInsert, roles: RoleAssignment[]): Promise<void> {
  await db.insert(users).values(user);
  await replaceRoles(db, user.id, roles);
}

export async function replaceRoles(db: Db, userId: string, roles: RoleAssignment[]): Promise<void> {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roles.length === 0) return;
  await db.insert(userRoles).values(
    roles.map((r, position) => ({
      userId,
      role: r.role,
      siteId: r.siteId,
      specialties: r.specialties,
      languages: r.languages,
      position,
    })),
  );
}

export async function update(db: Db, id: string, patch: Partial<Pick<UserRow, 'name' | 'disabled' | 'passwordHash'>>): Promise<void> {
  await db.update(users).set(patch).where(eq(users.id, id));
}

export async function setPendingTotp(db: Db, id: string, sealed: string | null): Promise<void> {
  await db.update(users).set({ totpPendingSealed: sealed }).where(eq(users.id, id));
}

/** Moves the pending secret to the active one and records the step used to confirm it. */
export async function activateTotp(db: Db, id: string, sealed: string, step: number): Promise<void> {
  await db
    .update(users)
    .set({ totpSecretSealed: sealed, totpPendingSealed: null, totpLastStep: step })
    .where(eq(users.id, id));
}

/**
 * Consumes a TOTP time step atomically: succeeds only if no code of this or a later step was used before,
 * so a code cannot be replayed, even by two requests racing.
 */
export async function consumeTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** Active administrators of an organization other than `exceptUserId`. */
export async function countOtherActiveAdmins(db: Db, organizationId: string, exceptUserId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(DISTINCT u.id)::int AS n FROM ${users} u JOIN ${userRoles} r ON r.user_id = u.id
        WHERE u.organization_id = ${organizationId} AND u.id <> ${exceptUserId} AND NOT u.disabled AND r.role = 'admin'`,
  );
  return rows[0]?.n ?? 0;
}

export async function countOrganizations(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${organizations}`);
  return rows[0]?.n ?? 0;
}

export async function insertOrganization(db: Db, org: typeof organizations.$inferInsert): Promise<void> {
  await db.insert(organizations).values(org);
}

export async function findOrganization(db: Db, id: string): Promise<typeof organizations.$inferSelect | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row ?? null;
}

export async function findOrganizationByName(db: Db, name: string): Promise<typeof organizations.$inferSelect | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.name, name));
  return row ?? null;
}

export async function existsInOrganization(db: Db, ids: string[], organizationId: string): Promise<boolean> {
  if (ids.length === 0) return true;
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.organizationId, organizationId), ne(users.disabled, true)));
  return rows.length === new Set(ids).size;
}
