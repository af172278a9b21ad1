/// <reference types="vite/client" />
/**
 * The access matrix: every /api/v1 route the app registers × every role (and no credential) × a resource
 * of the caller's own site, of another site of the same organization, and of another organization.
 *
 * Routes are enumerated from the running app (`app.apiRoutes`), never hand-listed. Each module states its
 * expectations in `modules/<module>/<module>.access.ts` (found here by glob); a route without one fails this
 * test until someone writes down who may call it. The expectations are written independently of the policy
 * table in platform/policy.ts, so a wrong grant there fails here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@telehealth/contracts/identity';
import { createTestApp, type TestApp } from './testing/harness.js';
import { createOrg, createPatient, createUser, roleAt, systemActor, unique, bearerFor } from './testing/fixtures.js';
import { CALLERS, ORG_WIDE, SCOPES, type Expectation, type ModuleAccess, type Scope, type World } from './testing/access-matrix.js';

const modules = import.meta.glob<ModuleAccess>('./modules/*/*.access.ts', { eager: true, import: 'access' });
const EXPECTATIONS: Record<string, Expectation> = {};
for (const m of Object.values(modules)) Object.assign(EXPECTATIONS, m.expectations);

let t: TestApp;
let w: World;

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
  w = { t, org, other, tokens, actorIds, patients, targetUsers, careTeamMember, resources: {} };
  for (const m of Object.values(modules)) await m.prepare?.(w);
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
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(3);
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => !EXPECTATIONS[k])).toEqual([]);
    expect(Object.keys(EXPECTATIONS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  // Every route × 13 callers × 3 scopes, in sequence: it grows with each module (60–100 s on the 2-core machine).
  it('answers every route × role × scope as expected, and audits every cross-organization refusal', { timeout: 300_000 }, async () => {
    // Thousands of requests (every route × 10 callers × 3 scopes): its time grows with the API, not a hang.
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
              ...req.headers,
              'x-request-id': requestId,
              ...(caller === 'anonymous' ? {} : { authorization: `Bearer ${w.tokens[caller]}` }),
            },
            ...(req.body !== undefined ? { payload: req.body as object } : {}),
          });
          const want = spec.expect(caller, scope);
          if (res.statusCode !== want) {
            mismatches.push(`${key} as ${caller} on ${scope}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
          }
          if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
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

  it('never lists another organization’s sites, users or patients, nor shows its audit events', async () => {
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
