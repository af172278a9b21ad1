import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import {
  browserHeaders,
  createOrg,
  createPatient,
  createPatientLogin,
  createUser,
  passwordLogin,
  roleAt,
  sessionFrom,
  signIn,
  systemActor,
  unique,
  type BrowserSession,
} from '../../testing/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every documented /api/v1 operation outside sign-in and setup, with path parameters filled in. */
function documentedOperations(): { method: Method; url: string }[] {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const ops: { method: Method; url: string }[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/v1/') || path.startsWith('/api/v1/auth/') || path.startsWith('/api/v1/setup'))
      continue;
    for (const m of Object.keys(methods)) {
      const method = m.toUpperCase() as Method;
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      ops.push({ method, url: path.replace(/\{[^}]+\}/g, () => randomUUID()) });
    }
  }
  return ops;
}

function anonymous(op: { method: Method; url: string }) {
  return t.app.inject({ method: op.method, url: op.url, ...(op.method === 'GET' ? {} : { payload: {} }) });
}

/** The documented operations that need a signed-in caller (an anonymous call answers 401). */
async function protectedOperations(): Promise<{ method: Method; url: string }[]> {
  const ops: { method: Method; url: string }[] = [];
  for (const op of documentedOperations()) {
    const res = await anonymous(op);
    if (res.statusCode === 401) ops.push(op);
  }
  expect(ops.length).toBeGreaterThanOrEqual(20);
  return ops;
}

function call(session: BrowserSession, op: { method: Method; url: string }, payload?: unknown) {
  const write = op.method !== 'GET';
  return t.app.inject({
    method: op.method,
    url: op.url,
    headers: browserHeaders(session),
    ...(write ? { payload: (payload ?? {}) as Record<string, unknown> } : {}),
  });
}

describe('staff before MFA', () => {
  it('reach no API beyond the sign-in routes until MFA is enrolled', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const user = await createUser(t, organizationId, [roleAt('admin', null)]);
    const login = await passwordLogin(t.app, user.email);
    expect(login.json()).toMatchObject({ stage: 'mfa_enrol' });
    const session = sessionFrom(login);

    for (const op of await protectedOperations()) {
      const res = await call(session, op);
      expect({ op, status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({
        op,
        status: 403,
        code: 'MFA_ENROLMENT_REQUIRED',
      });
    }

    // A well-formed write is refused too, and changes nothing.
    const mrn = unique('MRN');
    const create = await call(
      session,
      { method: 'POST', url: '/api/v1/patients' },
      { siteId: siteA, mrn, givenName: 'Pre', familyName: 'Mfa', birthDate: '1990-01-01', sex: 'other' },
    );
    expect(create.statusCode).toBe(403);
    const all = await t.services.patients.list(systemActor(organizationId), { limit: 200 });
    expect(all.items.some((p) => p.mrn === mrn)).toBe(false);

    // The session routes themselves stay reachable.
    const info = await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ stage: 'mfa_enrol', user: { id: user.id } });
  });

  it('reach no API beyond the sign-in routes until the MFA challenge is passed', async () => {
    const { organizationId } = await createOrg(t);
    const user = await createUser(t, organizationId, [roleAt('admin', null)]);
    await signIn(t.app, t, user.email, {});
    const login = await passwordLogin(t.app, user.email);
    expect(login.json()).toMatchObject({ stage: 'mfa_challenge' });
    const session = sessionFrom(login);
    for (const op of await protectedOperations()) {
      const res = await call(session, op);
      expect({ op, status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({
        op,
        status: 403,
        code: 'MFA_REQUIRED',
      });
    }
  });

  it('answer 401 without any credential on every foundation operation', async () => {
    const foundation = documentedOperations().filter((op) =>
      /^\/api\/v1\/(sites|users|tokens|patients|audit-events)(\/|$)/.test(op.url),
    );
    expect(foundation.length).toBeGreaterThanOrEqual(20);
    for (const op of foundation) {
      const res = await anonymous(op);
      expect({ op, status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({
        op,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });
});

describe('patient login', () => {
  it('needs no MFA and sees only its own record', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const { patientId, user } = await createPatientLogin(t, organizationId, siteA);
    const neighbour = await createPatient(t, organizationId, siteA);
    const other = await createOrg(t);
    const foreign = await createPatient(t, other.organizationId, other.siteA);

    const login = await passwordLogin(t.app, user.email);
    expect(login.json()).toMatchObject({ stage: 'authenticated' });
    const session = sessionFrom(login);
    const get = (url: string) => t.app.inject({ url, headers: { cookie: session.cookie } });

    const own = await get(`/api/v1/patients/${patientId}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: patientId });
    expect((await get(`/api/v1/patients/${patientId}/care-team`)).statusCode).toBe(200);

    const list = await get('/api/v1/patients');
    expect(list.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([patientId]);

    for (const id of [neighbour, foreign, randomUUID()]) {
      for (const url of [`/api/v1/patients/${id}`, `/api/v1/patients/${id}/care-team`]) {
        const res = await get(url);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'PATIENT_NOT_FOUND' });
      }
    }
    // A neighbour's record and one that does not exist give byte-identical answers apart from the request id.
    const strip = (body: string) => body.replace(/"requestId":"[^"]+"/, '');
    expect(strip((await get(`/api/v1/patients/${neighbour}`)).body)).toBe(
      strip((await get(`/api/v1/patients/${randomUUID()}`)).body),
    );

    const denied = await t.services.audit.list(
      { userId: user.id, patientId: neighbour, outcome: 'denied' },
      10,
    );
    expect(denied.items.length).toBeGreaterThan(0);
    expect(denied.items[0]).toMatchObject({ action: 'patient.read', detail: { reason: 'not_found' } });
  });

  it('cannot write patient data or reach staff APIs', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const { patientId, user } = await createPatientLogin(t, organizationId, siteA);
    const session = sessionFrom(await passwordLogin(t.app, user.email));
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/patients/${patientId}`,
      headers: browserHeaders(session),
      payload: { givenName: 'Changed' },
    });
    expect(patch.statusCode).toBe(403);
    expect(patch.json()).toMatchObject({ code: 'FORBIDDEN' });
    const own = await t.app.inject({
      url: `/api/v1/patients/${patientId}`,
      headers: { cookie: session.cookie },
    });
    expect(own.json()).toMatchObject({ givenName: 'Ada' });
    for (const url of ['/api/v1/sites', '/api/v1/users', '/api/v1/audit-events', '/api/v1/tokens']) {
      const res = await t.app.inject({ url, headers: { cookie: session.cookie } });
      expect({ url, status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({
        url,
        status: 403,
        code: 'FORBIDDEN',
      });
    }
  });
});
