import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { careTeam, patients, users } from '../../platform/db-schema.js';
import type { PatientScope } from '../../platform/policy.js';
import { patientScopeWhere } from '../../platform/patient-scope-sql.js';

export type PatientRow = typeof patients.$inferSelect;
/** Position in the (family name, given name, id) order, for keyset pagination. */
export type PatientKey = [familyName: string, givenName: string, id: string];

function scopeFilter(scope: PatientScope): SQL {
  return patientScopeWhere(scope, { organizationId: patients.organizationId, siteId: patients.siteId, patientId: patients.id });
}

/** A page of the patients in scope, ordered by name, starting after `after`. */
export async function listInScope(
  db: Db,
  scope: PatientScope,
  opts: { siteId?: string; after?: PatientKey; limit: number },
): Promise<PatientRow[]> {
  const conds = [scopeFilter(scope)];
  if (opts.siteId) conds.push(eq(patients.siteId, opts.siteId));
  if (opts.after) {
    const [f, g, id] = opts.after;
    conds.push(sql`(${patients.familyName}, ${patients.givenName}, ${patients.id}) > (${f}, ${g}, ${id})`);
  }
  return db
    .select()
    .from(patients)
    .where(and(...conds))
    .orderBy(asc(patients.familyName), asc(patients.givenName), asc(patients.id))
    .limit(opts.limit);
}

export async function findById(db: Db, id: string): Promise<PatientRow | null> {
  const [row] = await db.select().from(patients).where(eq(patients.id, id));
  return row ?? null;
}

export async function findByMrn(db: Db, organizationId: string, mrn: string): Promise<PatientRow | null> {
  const [row] = await db.select().from(patients).where(and(eq(patients.organizationId, organizationId), eq(patients.mrn, mrn)));
  return row ?? null;
}

export async function insert(db: Db, row: typeof patients.$inferInsert): Promise<void> {
  await db.insert(patients).values(row);
}

export async function update(db: Db, id: string, patch: Partial<Omit<PatientRow, 'id' | 'organizationId' | 'createdAt'>>): Promise<void> {
  await db.update(patients).set(patch).where(eq(patients.id, id));
}


export async function listCareTeam(db: Db, patientId: string): Promise<{ userId: string; name: string; addedAt: Date }[]> {
  return db
    .select({ userId: careTeam.userId, name: users.name, addedAt: careTeam.addedAt })
    .from(careTeam)
    .innerJoin(users, eq(users.id, careTeam.userId))
    .where(eq(careTeam.patientId, patientId))
    .orderBy(asc(users.name));
}

export async function addCareTeam(db: Db, patientId: string, userId: string, at: Date): Promise<void> {
  await db.insert(careTeam).values({ patientId, userId, addedAt: at }).onConflictDoNothing();
}

export async function removeCareTeam(db: Db, patientId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(careTeam)
    .where(and(eq(careTeam.patientId, patientId), eq(careTeam.userId, userId)))
    .returning({ userId: careTeam.userId });
  return rows.length > 0;
}

export async function existsInOrganization(db: Db, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.id, id), eq(patients.organizationId, organizationId)));
  return rows.length > 0;
}
