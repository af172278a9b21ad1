import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { sites } from '../../platform/db-schema.js';

export type SiteRow = typeof sites.$inferSelect;

export async function insert(db: Db, row: typeof sites.$inferInsert): Promise<void> {
  await db.insert(sites).values(row);
}

export async function listByOrganization(db: Db, organizationId: string): Promise<SiteRow[]> {
  return db.select().from(sites).where(eq(sites.organizationId, organizationId)).orderBy(asc(sites.name));
}

export async function findById(db: Db, id: string): Promise<SiteRow | null> {
  const [row] = await db.select().from(sites).where(eq(sites.id, id));
  return row ?? null;
}

export async function findByName(db: Db, organizationId: string, name: string): Promise<SiteRow | null> {
  const [row] = await db.select().from(sites).where(and(eq(sites.organizationId, organizationId), eq(sites.name, name)));
  return row ?? null;
}

export async function update(db: Db, id: string, patch: Partial<Omit<SiteRow, 'id' | 'organizationId' | 'createdAt'>>): Promise<void> {
  await db.update(sites).set(patch).where(eq(sites.id, id));
}
