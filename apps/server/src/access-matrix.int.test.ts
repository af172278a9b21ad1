/**
 * The access matrix: every /api/v1 route the app registers × every role (and no credential) × a resource
 * of the caller's own site, of another site of the same organization, and of another organization.
 *
 * Routes are enumerated from the running app (`app.apiRoutes`), never hand-listed: a new route without an
 * entry in EXPECTATIONS below fails this test until someone states who may call it. The expectations are
 * written here independently of the policy table in platform/policy.ts, so a wrong grant there fails here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@telehealth/contracts/identity';
import { createTestApp, type TestApp } from './testing/harness.js';
import {
  bearerFor,
  createOrg,
  createPatient,
  createUser,
  roleAt,
  systemActor,
  unique,
  type OrgFixture,
} from './testing/fixtures.js';

type Caller = Role | 'anonymous';
type Scope = 'own' | 'otherSite' | 'otherOrg';
const CALLERS: Caller[] = [...ROLES, 'anonymous'];
const SCOPES: Scope[] = ['own', 'otherSite', 'otherOrg'];
const STAFF = ROLES.filter((r) => r !== 'patient');
/** Roles whose assignment in this fixture is organization-wide (no site). */
const ORG_WIDE: Role[] = ['admin', 'billing'];

interface World {
  org: OrgFixture;
  other: OrgFixture;
  tokens: Record<Role, string>;
  actorIds: Record<Role, string>;
  patients: Record<Scope, string>;
  targetUsers: Record<Scope, string>;
  careTeamMember: string;
}

interface Req {
  params: Record<string, string>;
  body?: unknown;
}

interface Expectation {
  /** Builds the path parameters and body for a caller and scope. */
  build(w: World, caller: Caller, scope: Scope): Promise<Req> | Req;
  /** The status the route must answer. */
  expect(caller: Caller, scope: Scope): number;
}

// ---- expectation helpers -------------------------------------------------------------------------
const is = (c: Caller, roles: readonly Role[]) => c !== 'anonymous' && roles.includes(c);

/** Organization-level resources (sites, users): allowed roles see their own organization's, 404 for others. */
function orgResource(roles: readonly Role[], ok: number) {
  return (c: Caller, s: Scope) => (c === 'anonymous' ? 401 : !is(c, roles) ? 403 : s === 'otherOrg' ? 404 : ok);
}

/** Patient records: org-wide roles reach the whole organization, site roles their site, a patient itself. */
function patientResource(roles: readonly Role[], ok: number) {
  return (c: Caller, s: Scope) => {
    if (c === 'anonymous') return 401;
    if (!is(c, roles)) return 403;
    if (s === 'otherOrg') return 404;
    if (c === 'patient') return s === 'own' ? ok : 404;
    if (s === 'otherSite' && !ORG_WIDE.includes(c)) return 403;
    return ok;
  };
}

/** A collection that is filtered to what the caller may see (never another organization's). */
const listOf = (roles: readonly Role[]) => (c: Caller) => (c === 'anonymous' ? 401 : is(c, roles) ? 200 : 403);

const siteFor = (w: World, s: Scope) => (s === 'own' ? w.org.siteA : s === 'otherSite' ? w.org.siteB : w.other.siteA);
const noParams = () => ({ params: {} });
const WRITE_PATIENT: Role[] = ['admin', 'clinician', 'nurse'];
const READ_PATIENT: Role[] = [...STAFF, 'patient'];
const CARE_TEAM: Role[] = ['admin', 'clinician'];

const EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/v1/setup/status': { build: noParams, expect: () => 200 },
  'POST /api/v1/setup': {
    build: () => ({
      params: {},
      body: { token: 'x'.repeat(43), organizationName: 'X', adminName: 'X', adminEmail: `${unique()}@e.test`, password: 'a long enough password' },
    }),
    expect: () => 409, // set-up is done: refused for everyone, whoever calls
  },
  'POST /api/v1/auth/login': {
    build: () => ({ params: {}, body: { email: `${unique()}@e.test`, password: 'wrong password' } }),
    expect: () => 401,
  },
  // MFA and logout belong to browser sessions; the matrix calls with API tokens, which they refuse.
  'POST /api/v1/auth/mfa/enrol': { build: noParams, expect: (c) => (c === 'anonymous' ? 401 : 403) },
  'POST /api/v1/auth/mfa/enrol/confirm': { build: () => ({ params: {}, body: { code: '123456' } }), expect: (c) => (c === 'anonymous' ? 401 : 403) },
  'POST /api/v1/auth/mfa/verify': { build: () => ({ params: {}, body: { code: '123456' } }), expect: (c) => (c === 'anonymous' ? 401 : 403) },
  'POST /api/v1/auth/logout': { build: noParams, expect: (c) => (c === 'anonymous' ? 401 : 403) },
  'GET /api/v1/auth/session': { build: noParams, expect: (c) => (c === 'anonymous' ? 401 : 200) },
  'GET /api/v1/openapi.json': { build: noParams, expect: () => 200 },

  'GET /api/v1/sites': { build: noParams, expect: listOf(STAFF) },
  'POST /api/v1/sites': {
    build: () => ({ params: {}, body: { name: unique('Site '), kind: 'clinic', timeZone: 'America/Denver', state: 'MT' } }),
    expect: (c) => (c === 'anonymous' ? 401 : c === 'admin' ? 201 : 403),
  },
  'GET /api/v1/sites/:siteId': { build: (w, _c, s) => ({ params: { siteId: siteFor(w, s) } }), expect: orgResource(STAFF, 200) },
  'PATCH /api/v1/sites/:siteId': {
    build: (w, _c, s) => ({ params: { siteId: siteFor(w, s) }, body: { state: 'WY' } }),
    expect: orgResource(['admin'], 200),
  },

  'GET /api/v1/users': { build: noParams, expect: listOf(STAFF) },
  'POST /api/v1/users': {
    build: (w, _c, s) => ({
      params: {},
      body: { email: `${unique()}@e.test`, name: 'New Nurse', password: 'a long enough password', roles: [roleAt('nurse', siteFor(w, s))] },
    }),
    expect: orgResource(['admin'], 201),
  },
  'GET /api/v1/users/:userId': { build: (w, _c, s) => ({ params: { userId: w.targetUsers[s] } }), expect: orgResource(STAFF, 200) },
  'PATCH /api/v1/users/:userId': {
    build: (w, _c, s) => ({ params: { userId: w.targetUsers[s] }, body: { name: unique('Renamed ') } }),
    expect: orgResource(['admin'], 200),
  },
  'PUT /api/v1/users/:userId/roles': {
    build: (w, _c, s) => ({ params: { userId: w.targetUsers[s] }, body: { roles: [roleAt('nurse', s === 'otherOrg' ? w.other.siteA : w.org.siteA)] } }),
    expect: orgResource(['admin'], 200),
  },

  'GET /api/v1/tokens': { build: noParams, expect: listOf(STAFF) },
  'POST /api/v1/tokens': { build: () => ({ params: {}, body: { name: 'matrix', expiresInDays: 1 } }), expect: (c) => (c === 'anonymous' ? 401 : is(c, STAFF) ? 201 : 403) },
  'DELETE /api/v1/tokens/:tokenId': {
    // own: a spare token of the caller; otherwise a token of someone else (same or other organization).
    build: async (w, c, s) => {
      const owner = s === 'own' && c !== 'anonymous' ? w.actorIds[c] : w.targetUsers[s];
      const tokenOwner = s === 'otherSite' ? w.targetUsers.own : owner;
      return { params: { tokenId: (await tokenOf(tokenOwner)).id } };
    },
    expect: (c, s) => (c === 'anonymous' ? 401 : !is(c, STAFF) ? 403 : s === 'own' ? 204 : 404),
  },

  'GET /api/v1/patients': { build: noParams, expect: listOf(READ_PATIENT) },
  'POST /api/v1/patients': {
    build: (w, _c, s) => ({
      params: {},
      body: { siteId: siteFor(w, s), mrn: unique('M'), givenName: 'New', familyName: 'Patient', birthDate: '1990-01-01', sex: 'unknown' },
    }),
    expect: (c, s) => (c === 'anonymous' ? 401 : !is(c, WRITE_PATIENT) ? 403 : s === 'otherOrg' ? 404 : s === 'otherSite' && !ORG_WIDE.includes(c) ? 403 : 201),
  },
  'GET /api/v1/patients/:patientId': { build: (w, _c, s) => ({ params: { patientId: w.patients[s] } }), expect: patientResource(READ_PATIENT, 200) },
  'PATCH /api/v1/patients/:patientId': {
    build: (w, _c, s) => ({ params: { patientId: w.patients[s] }, body: { phone: '406-555-0100' } }),
    expect: patientResource(WRITE_PATIENT, 200),
  },
  'GET /api/v1/patients/:patientId/care-team': {
    build: (w, _c, s) => ({ params: { patientId: w.patients[s] } }),
    expect: patientResource(READ_PATIENT, 200),
  },
  'POST /api/v1/patients/:patientId/care-team': {
    build: (w, _c, s) => ({ params: { patientId: w.patients[s] }, body: { userId: w.careTeamMember } }),
    expect: patientResource(CARE_TEAM, 204),
  },
  'DELETE /api/v1/patients/:patientId/care-team/:userId': {
    build: async (w, _c, s) => {
      if (s !== 'otherOrg') await ensureOnCareTeam(w.patients[s], w.careTeamMember);
      return { params: { patientId: w.patients[s], userId: w.careTeamMember } };
    },
    expect: patientResource(CARE_TEAM, 204),
  },

  'GET /api/v1/audit-events': { build: noParams, expect: listOf(['admin']) },
  'GET /api/v1/audit-events/export': { build: noParams, expect: listOf(['admin']) },
};

// ---- fixture ------------------------------------------------------------------------------------
let t: TestApp;
let w: World;

async function tokenOf(userId: string) {
  return t.services.tokens.create(userId, { name: 'spare', expiresInDays: 1 }, null);
}

async function ensureOnCareTeam(patientId: string, userId: string) {
  const org = (await t.services.patients.existsInOrganization(w.org.organizationId, patientId)) ? w.org : w.other;
  await t.services.patients.addToCareTeam(systemActor(org.organizationId), patientId, userId, true);
}

beforeAll(async () => {
  t = await createTestApp();
  await t.services.setup.ensureOrganization(unique('First '));
  const org = await createOrg(t);
  const other = await createOrg(t);
  const patients: Record<Scope, string> = {
    own: await createPatient(t, org.organizationId, org.siteA),
    otherSite: await createPatient(t, org.organizationId, org.siteB),
    otherOrg: await createPatient(t, other.organizationId, other.siteA),
  };
  const tokens = {} as Record<Role, string>;
  const actorIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user =
      role === 'patient'
        ? await createUser(t, org.organizationId, [roleAt('patient', null)], patients.own)
        : await createUser(t, org.organizationId, [roleAt(role, ORG_WIDE.includes(role) ? null : org.siteA)]);
    actorIds[role] = user.id;
    tokens[role] = await bearerFor(t, user.id);
  }
  const targetUsers: Record<Scope, string> = {
    own: (await createUser(t, org.organizationId, [roleAt('nurse', org.siteA)])).id,
    otherSite: (await createUser(t, org.organizationId, [roleAt('nurse', org.siteB)])).id,
    otherOrg: (await createUser(t, other.organizationId, [roleAt('nurse', other.siteA)])).id,
  };
  const careTeamMember = (await createUser(t, org.organizationId, [roleAt('nurse', org.siteB)])).id;
  w = { org, other, tokens, actorIds, patients, targetUsers, careTeamMember };
});

afterAll(async () => {
  await t?.close();
});

function fill(url: string, params: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (!v) throw new Error(`no value for :${name} in ${url}`);
    return v;
  });
}

describe('access matrix', () => {
  it('has an expectation for every registered API route (new routes must join)', () => {
    const keys = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => !EXPECTATIONS[k])).toEqual([]);
    expect(Object.keys(EXPECTATIONS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('answers every route × role × scope as expected, and audits every cross-organization refusal', async () => {
    const mismatches: string[] = [];
    const crossOrgRequestIds: string[] = [];
    for (const route of t.app.apiRoutes) {
      const key = `${route.method} ${route.url}`;
      const spec = EXPECTATIONS[key]!;
      for (const caller of CALLERS) {
        for (const scope of SCOPES) {
          const req = await spec.build(w, caller, scope);
          const requestId = `matrix-${randomUUID()}`;
          const res = await t.app.inject({
            method: route.method as 'GET',
            url: fill(route.url, req.params),
            headers: {
              'x-request-id': requestId,
              ...(caller === 'anonymous' ? {} : { authorization: `Bearer ${w.tokens[caller]}` }),
            },
            ...(req.body !== undefined ? { payload: req.body as object } : {}),
          });
          const want = spec.expect(caller, scope);
          if (res.statusCode !== want) {
            mismatches.push(`${key} as ${caller} on ${scope}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
          }
          if (res.statusCode >= 400) {
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          }
          if (want === 404 && scope === 'otherOrg' && caller !== 'patient') crossOrgRequestIds.push(requestId);
        }
      }
    }
    expect(mismatches).toEqual([]);

    await t.services.audit.flush();
    const denied = new Set<string>();
    for await (const e of t.services.audit.iterate({ outcome: 'denied' })) if (e.requestId) denied.add(e.requestId);
    expect(crossOrgRequestIds.length).toBeGreaterThan(10);
    expect(crossOrgRequestIds.filter((id) => !denied.has(id))).toEqual([]);
  });

  it('never lists another organization’s sites, users, patients or audit events', async () => {
    const auth = { authorization: `Bearer ${w.tokens.admin}` };
    const get = async (url: string) => (await t.app.inject({ url, headers: auth })).body;
    const otherIds = [w.other.siteA, w.other.siteB, w.patients.otherOrg, w.targetUsers.otherOrg, w.other.organizationId];
    for (const url of ['/api/v1/sites', '/api/v1/users', '/api/v1/patients?limit=200']) {
      const body = await get(url);
      expect(otherIds.filter((id) => body.includes(id)), url).toEqual([]);
    }
    // Audit rows of this organization may name the other's ids it was refused; they must all be its own rows.
    const audit = JSON.parse(await get('/api/v1/audit-events?limit=1000')) as { items: { organizationId: string | null }[] };
    expect(audit.items.length).toBeGreaterThan(100);
    expect(audit.items.filter((e) => e.organizationId !== w.org.organizationId).length).toBe(0);
  });

  it('lets a site clinician reach another site’s patient only through care-team membership', async () => {
    const auth = { authorization: `Bearer ${w.tokens.clinician}` };
    const url = `/api/v1/patients/${w.patients.otherSite}`;
    expect((await t.app.inject({ url, headers: auth })).statusCode).toBe(403);
    await t.services.patients.addToCareTeam(systemActor(w.org.organizationId), w.patients.otherSite, w.actorIds.clinician, true);
    expect((await t.app.inject({ url, headers: auth })).statusCode).toBe(200);
    const list = await t.app.inject({ url: '/api/v1/patients?limit=200', headers: auth });
    expect(list.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual(
      expect.arrayContaining([w.patients.own, w.patients.otherSite]),
    );
  });
});
