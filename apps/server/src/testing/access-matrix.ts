/**
 * Building blocks of the access matrix (apps/server/src/access-matrix.int.test.ts). Each module states who may
 * call its routes in `modules/<module>/<module>.access.ts`, exporting `expectations` and, when its routes need
 * resources of their own (a visit, a case), a `prepare(t, world)` that creates them for the three scopes and
 * stores their ids in `world.resources`. The test finds those files itself: adding a module never edits it.
 */
import { ROLES, type Role } from '@telehealth/contracts/identity';
import type { TestApp } from './harness.js';
import type { OrgFixture } from './fixtures.js';

export type Caller = Role | 'anonymous';
export type Scope = 'own' | 'otherSite' | 'otherOrg';
export const CALLERS: Caller[] = [...ROLES, 'anonymous'];
export const SCOPES: Scope[] = ['own', 'otherSite', 'otherOrg'];
export const STAFF: Role[] = ROLES.filter((r) => r !== 'patient');
/**
 * Roles whose assignment in the matrix fixture is organization-wide (no site). Every other staff caller is
 * assigned to `org.siteA`; the patient caller is the patient `patients.own` (at siteA).
 */
export const ORG_WIDE: Role[] = ['admin', 'billing'];

export interface World {
  t: TestApp;
  /** The callers' organization: siteA is "own", siteB is "otherSite". */
  org: OrgFixture;
  /** Another organization: its siteA holds every "otherOrg" resource. */
  other: OrgFixture;
  tokens: Record<Role, string>;
  actorIds: Record<Role, string>;
  patients: Record<Scope, string>;
  /** Nurses at siteA, at siteB, and in the other organization. */
  targetUsers: Record<Scope, string>;
  careTeamMember: string;
  /** Module resources by name and scope, e.g. `resources.visit.own`. */
  resources: Record<string, Record<Scope, string>>;
}

export interface Req {
  params: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Expectation {
  /** Builds the path parameters and body for a caller and scope (may create what it needs first). */
  build(w: World, caller: Caller, scope: Scope): Promise<Req> | Req;
  /** The status the route must answer. */
  expect(caller: Caller, scope: Scope): number;
}

export interface ModuleAccess {
  expectations: Record<string, Expectation>;
  prepare?: (w: World) => Promise<void>;
}

export const is = (c: Caller, roles: readonly Role[]): boolean => c !== 'anonymous' && roles.includes(c);

/** Organization-level resources (sites, users): allowed roles see their own organization's, 404 for others. */
export function orgResource(roles: readonly Role[], ok: number) {
  return (c: Caller, s: Scope): number => (c === 'anonymous' ? 401 : !is(c, roles) ? 403 : s === 'otherOrg' ? 404 : ok);
}

/** Patient-scoped resources: org-wide roles reach the organization, site roles their site, a patient itself. */
export function patientResource(roles: readonly Role[], ok: number) {
  return (c: Caller, s: Scope): number => {
    if (c === 'anonymous') return 401;
    if (!is(c, roles)) return 403;
    if (s === 'otherOrg') return 404;
    if (c === 'patient') return s === 'own' ? ok : 404;
    if (s === 'otherSite' && !ORG_WIDE.includes(c)) return 403;
    return ok;
  };
}

/** A collection filtered to what the caller may see (never another organization's). */
export const listOf =
  (roles: readonly Role[], ok = 200) =>
  (c: Caller): number =>
    c === 'anonymous' ? 401 : is(c, roles) ? ok : 403;

export const noParams = (): Req => ({ params: {} });
export const siteFor = (w: World, s: Scope): string => (s === 'own' ? w.org.siteA : s === 'otherSite' ? w.org.siteB : w.other.siteA);
