import { STAFF_ROLES, type Role } from '@telehealth/contracts/identity';
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
  | 'visit.read'
  | 'visit.write'
  | 'visit.consult'
  | 'case.read'
  | 'case.write'
  | 'case.review'
  | 'billing.code'
  | 'billing.queue'
  | 'billing.attest'
  | 'case.manage'
  | 'case.dashboard'
  | 'notification.read'
  | 'imaging.read'
  | 'imaging.write'
  | 'imaging.admin';

/** What a route needs: anyone, a session at any stage (MFA in progress), any signed-in user, or a permission. */
export type Access = 'public' | 'session' | 'authenticated' | Permission;

const STAFF = STAFF_ROLES;

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
  // Video visits: record-level scope follows the visit's patient at the visit's site (patientScope).
  'visit.read': [...STAFF, 'patient'],
  'visit.write': ['admin', 'clinician', 'nurse'],
  // Who may be invited into a running visit by account (remote specialist, another clinician) and be made co-host.
  'visit.consult': ['clinician', 'specialist'],
  // Store-and-forward consults: referrers read/write through patientScope; specialists through decideCase.
  'case.read': ['admin', 'clinician', 'nurse', 'specialist'],
  'case.write': ['admin', 'clinician', 'nurse'],
  'case.review': ['specialist'],
  // Coding engine and claim exports (facts carry no PHI; exports are audited).
  'billing.code': ['admin', 'billing'],
  // The billing work queue (patient data: audited, organization-scoped); attestation also by the clinicians
  // who may read the encounter's visit or case.
  'billing.queue': ['admin', 'billing'],
  'billing.attest': ['admin', 'billing', 'clinician', 'specialist'],
  // Consult queues: settings and sharing agreements (admins); turnaround dashboard (admins, specialists).
  'case.manage': ['admin'],
  'case.dashboard': ['admin', 'specialist'],
  // In-app notifications: every staff member reads their own (record level: the recipient only).
  'notification.read': STAFF,
  // Imaging: studies on cases follow decideCase; inbox studies follow the site (docs/imaging.md).
  'imaging.read': ['admin', 'clinician', 'nurse', 'specialist'],
  'imaging.write': ['admin', 'clinician', 'nurse'],
  'imaging.admin': ['admin'],
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

/** Which side of a consult an actor acts on: the referring site's staff, or the consulted specialists. */
export type CaseSide = 'referrer' | 'specialist';

/**
 * Record-level decision for a store-and-forward case (docs/cases.md). Referrer side: staff holding
 * `case.write` roles, scoped like the case's patient at the referring site (patientScope). Specialist side:
 * a specialist of the organization whose specialties include the case's, for any submitted case. Another
 * organization's case, a draft, or a specialty the specialist lacks is `not_found` — unless `shared`: the
 * case's organization shares its queue of the case's specialty with the actor's organization
 * (case_queue_shares), which opens the specialist side only.
 */
export function decideCase(
  actor: Actor,
  c: { organizationId: string; siteId: string; patientId: string; specialty: string; state: string },
  side: CaseSide,
  onCareTeam: boolean,
  shared = false,
): Decision {
  if (c.organizationId !== actor.organizationId && !(shared && side === 'specialist')) return 'not_found';
  if (side === 'specialist') {
    const ok = actor.roles.some((r) => r.role === 'specialist' && r.specialties.includes(c.specialty));
    return ok && c.state !== 'draft' ? 'allow' : 'not_found';
  }
  const referrerRoles = actor.roles.filter((r) => GRANTS['case.write'].includes(r.role));
  if (referrerRoles.length === 0) return 'not_found';
  const scope = patientScope({ ...actor, roles: referrerRoles }, 'patient.write');
  return decidePatient(scope, { id: c.patientId, organizationId: c.organizationId, siteId: c.siteId }, onCareTeam);
}

/**
 * Who may acknowledge a critical result on a consult (docs/cases.md "Critical results"), for an actor the
 * referrer side already allows (`decideCase`): the referring clinician, or a clinician of the referring site
 * (or an organization-wide clinician) covering for them — a licensed caregiver who can act on the finding.
 * Nurses and admins read the case but cannot acknowledge; they are told on escalation instead.
 */
export function mayAcknowledgeCritical(actor: Actor, c: { referrerId: string; siteId: string }): boolean {
  if (actor.userId === c.referrerId) return true;
  return actor.roles.some((r) => r.role === 'clinician' && (r.siteId === null || r.siteId === c.siteId));
}
