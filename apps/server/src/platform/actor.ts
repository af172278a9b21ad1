import type { Role, RoleAssignment } from '@telehealth/contracts/identity';
import { AppError } from './errors.js';

/** Who is acting: decided by the server from the session or token, never from the request body. */
export interface Actor {
  userId: string;
  organizationId: string;
  roles: RoleAssignment[];
  /** The patient record of a `patient` login. */
  patientId: string | null;
  /** `system`: an operator action outside any request (CLI, demo seed), recorded as such, never as a user. */
  via: 'session' | 'token' | 'system';
  sessionId: string | null;
  tokenId: string | null;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.some((r) => r.role === role);
}

/** Comma-joined role names, as recorded on audit rows. */
export function roleLabel(actor: Actor): string {
  return [...new Set(actor.roles.map((r) => r.role))].join(',');
}

/** The request's actor on a route whose access rule already required one. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

/** Marks operator actions in service calls; no user has this id. */
export const SYSTEM_USER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The actor services authorize operator actions with (CLI, demo seed): organization-wide admin rights in one
 * organization. Audit rows record it as role `system` with no user.
 * @param organizationId - the organization the operator acts in.
 */
export function systemActor(organizationId: string): Actor {
  return {
    userId: SYSTEM_USER_ID,
    organizationId,
    roles: [{ role: 'admin', siteId: null, specialties: [], languages: [] }],
    patientId: null,
    via: 'system',
    sessionId: null,
    tokenId: null,
  };
}
