import type { Role } from '@telehealth/contracts/identity';
import type { Actor } from './actor.js';

/**
 * The one authorization layer (DESIGN: security model). Routes declare the permission they need in
 * `config.access`; services ask `decidePatient` for record-level decisions. Nothing else decides access.
 */
export type Permission =
  | 'site.read'
  | 'site.write'
  | 'user.read'
  | 'user.write'
  | 'patient.read'
  | 'patient.write'
  | 'care_team.write'
  | 'audit.read'
  | 'token.manage'
  | 'billing.code';

/** What a route needs: anyone, a session at any stage (MFA in progress), any signed-in user, or a permission. */
export type Access = 'public' | 'session' | 'authenticated' | Permission;

const STAFF: readonly Role[] = [
  'admin',
  'clinician',
  'specialist',
  'nurse',
  'pharmacist',
  'pharmacy_technician',
  'interpreter',
  'billing',
];

/** Which roles hold each permission. `patient` reaches patient data only through the `self` scope. */
export const GRANTS: Record<Permission, readonly Role[]> = {
  'site.read': STAFF,
  'site.write': ['admin'],
  'user.read': STAFF,
  'user.write': ['admin'],
  'patient.read': [...STAFF, 'patient'],
  'patient.write': ['admin', 'clinician', 'nurse'],
  'care_team.write': ['admin', 'clinician'],
  'audit.read': ['admin'],
  'token.manage': STAFF,
  'billing.code': ['admin', 'billing'],
};

export function can(actor: Actor, permission: Permission): boolean {
  const allowed = GRANTS[permission];
  return actor.roles.some((r) => allowed.includes(r.role));
}

export type PatientScope =
  | { kind: 'organization'; organizationId: string }
  | { kind: 'sites'; organizationId: string; siteIds: string[]; careTeamUserId: string }
  | { kind: 'self'; organizationId: string; patientId: string | null };

/**
 * Which patients an actor may reach with a permission: the whole organization (an assignment without a
 * site), the patients of their sites plus their care-team patients, or only their own record.
 */
export function patientScope(actor: Actor, permission: 'patient.read' | 'patient.write' | 'care_team.write'): PatientScope {
  const granting = actor.roles.filter((r) => r.role !== 'patient' && GRANTS[permission].includes(r.role));
  const organizationId = actor.organizationId;
  if (granting.some((r) => r.siteId === null)) return { kind: 'organization', organizationId };
  if (granting.length > 0) {
    return {
      kind: 'sites',
      organizationId,
      siteIds: [...new Set(granting.map((r) => r.siteId).filter((s): s is string => s !== null))],
      careTeamUserId: actor.userId,
    };
  }
  return { kind: 'self', organizationId, patientId: permission === 'patient.read' ? actor.patientId : null };
}

export type Decision = 'allow' | 'forbidden' | 'not_found';

/**
 * Record-level decision for one patient. Another organization's record, or another patient's record for a
 * patient login, is `not_found`: the answer gives no hint that it exists.
 */
export function decidePatient(
  scope: PatientScope,
  patient: { id: string; organizationId: string; siteId: string },
  onCareTeam: boolean,
): Decision {
  if (patient.organizationId !== scope.organizationId) return 'not_found';
  switch (scope.kind) {
    case 'organization':
      return 'allow';
    case 'sites':
      return scope.siteIds.includes(patient.siteId) || onCareTeam ? 'allow' : 'forbidden';
    case 'self':
      return scope.patientId === patient.id ? 'allow' : 'not_found';
  }
}
