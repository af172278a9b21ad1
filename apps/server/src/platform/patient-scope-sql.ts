import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './db.js';
import type { PatientScope } from './policy.js';

/** The columns of a patient-linked record that the access scope filters on. */
export interface PatientScopedColumns {
  organizationId: AnyPgColumn;
  siteId: AnyPgColumn;
  patientId: AnyPgColumn;
}

/**
 * The SQL form of a `PatientScope` (platform/policy.ts) for any record tied to a patient at a site: patient
 * records, visits, cases. One translation, so lists can never show more than `decidePatient` would allow.
 */
export function patientScopeWhere(scope: PatientScope, cols: PatientScopedColumns): SQL {
  switch (scope.kind) {
    case 'organization':
      return eq(cols.organizationId, scope.organizationId);
    case 'sites':
      return and(
        eq(cols.organizationId, scope.organizationId),
        or(
          scope.siteIds.length ? inArray(cols.siteId, scope.siteIds) : sql`false`,
          sql`${cols.patientId} IN (SELECT patient_id FROM care_team WHERE user_id = ${scope.careTeamUserId})`,
        ),
      )!;
    case 'self':
      return scope.patientId ? and(eq(cols.organizationId, scope.organizationId), eq(cols.patientId, scope.patientId))! : sql`false`;
  }
}

/** Care-team membership, the input `decidePatient` needs for a site-scoped actor. */
export async function isOnCareTeam(db: Db, patientId: string, userId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(db, sql`SELECT 1 AS one FROM care_team WHERE patient_id = ${patientId} AND user_id = ${userId}`);
  return rows.length > 0;
}
