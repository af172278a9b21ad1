import type { Role, RoleAssignment } from '@telehealth/contracts/identity';
import { AppError } from './errors.js';

/** Who is acting: decided by the server from the session or token, never from the request body. */
export interface Actor {
  userId: string;
  organizationId: string;
  roles: RoleAssignment[];
  /** The patient record of a `patient` login. */
  patientId: string | null;
  via: 'session' | 'token';
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
