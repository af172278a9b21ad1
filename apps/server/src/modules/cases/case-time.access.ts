/**
 * Access-matrix expectations for time on a case (see testing/access-matrix.ts): whoever may read the case
 * records their own time on it; only the person whose time it is, or an administrator, corrects an entry.
 */
import type { Role } from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import { is, patientResource, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import { createUser, roleAt } from '../../testing/fixtures.js';
import { actorOf } from './cases.access.js';

const READ: Role[] = ['admin', 'clinician', 'nurse', 'specialist'];

/** Case resources: specialists reach any site of their organization; referrers follow the patient scope. */
function caseResource(ok: number) {
  const referrer = patientResource(READ, ok);
  return (c: Caller, s: Scope): number => (c === 'specialist' ? (s === 'otherOrg' ? 404 : ok) : referrer(c, s));
}

const owners = new WeakMap<World, Promise<Record<Scope, Actor>>>();

/** The admins whose time entries the matrix corrects: the matrix's own admin, and one in the other organization. */
function ownersOf(w: World): Promise<Record<Scope, Actor>> {
  let p = owners.get(w);
  if (!p) {
    p = (async () => {
      const role = [roleAt('admin', null)];
      const own = actorOf(w.actorIds.admin, w.org.organizationId, role);
      const other = actorOf((await createUser(w.t, w.other.organizationId, role)).id, w.other.organizationId, role);
      return { own, otherSite: own, otherOrg: other };
    })();
    owners.set(w, p);
  }
  return p;
}

const onCase = (w: World, s: Scope) => ({ caseId: w.resources.case![s] });

export const access: ModuleAccess = {
  expectations: {
    'POST /api/v1/cases/:caseId/time/heartbeat': { build: (w, _c, s) => ({ params: onCase(w, s) }), expect: caseResource(200) },
    'GET /api/v1/cases/:caseId/time': { build: (w, _c, s) => ({ params: onCase(w, s) }), expect: caseResource(200) },
    'PATCH /api/v1/cases/:caseId/time/:entryId': {
      build: async (w, _c, s) => {
        const owner = (await ownersOf(w))[s];
        const entry = await w.t.services.caseTime.heartbeat(owner, w.resources.case![s]);
        return { params: { ...onCase(w, s), entryId: entry.id }, body: { seconds: 300, reason: 'Matrix correction' } };
      },
      // the entry is the (organization-wide) admin's: everyone else who reaches the case is refused
      expect: (c, s) => (c === 'anonymous' ? 401 : !is(c, READ) ? 403 : s === 'otherOrg' ? 404 : c === 'admin' ? 200 : 403),
    },
  },
};
