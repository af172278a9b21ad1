import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, systemActor, unique, type InjectedResponse } from '../testing/fixtures.js';

let t: TestApp;
let org: { organizationId: string; siteA: string; siteB: string };
let auth: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t);
  const admin = await createUser(t, org.organizationId, [roleAt('admin', null)]);
  auth = { authorization: `Bearer ${await bearerFor(t, admin.id)}` };
});
afterAll(async () => {
  await t.close();
});

/** Asserts an RFC 9457 problem with our code, and that nothing internal leaked into it. */
function expectProblem(res: InjectedResponse, status: number, code: string): Record<string, unknown> {
  expect({ status: res.statusCode, body: res.body.slice(0, 300) }).toMatchObject({ status });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Record<string, unknown>>();
  expect(body).toMatchObject({ type: `urn:telehealth:error:${code}`, status, code });
  expect(typeof body.title).toBe('string');
  expectNoLeak(res.body);
  return body;
}

function expectNoLeak(body: string): void {
  expect(body).not.toMatch(/"stack"|\n\s+at |node_modules|Failed query|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate\b.+\bset\b|pglite|postgres/i);
}

function validPatient(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { siteId: org.siteA, mrn: unique('MRN'), givenName: 'Ada', familyName: 'Lovelace', birthDate: '1980-02-29', sex: 'female', ...over };
}

function postPatient(payload: string | Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: { ...auth, 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function patientCount(): Promise<number> {
  return (await t.services.patients.list(systemActor(org.organizationId), { limit: 200 })).items.length;
}

describe('bad input', () => {
  it('refuses a body over the limit with 413 BODY_TOO_LARGE, signed in or not', async () => {
    const before = await patientCount();
    const huge = JSON.stringify(validPatient({ givenName: 'x'.repeat(2 * 1024 * 1024) }));
    expectProblem(await postPatient(huge), 413, 'BODY_TOO_LARGE');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.test', password: 'p'.repeat(2 * 1024 * 1024) }),
    });
    expectProblem(login, 413, 'BODY_TOO_LARGE');
    expect(await patientCount()).toBe(before);
  });

  it('refuses malformed and empty JSON with 400 MALFORMED_BODY', async () => {
    for (const body of ['{"siteId":', '{siteId: 1}', "{'a':1}", '[1,2', '{"a":1}}', 'nul', '\u0000']) {
      expectProblem(await postPatient(body), 400, 'MALFORMED_BODY');
    }
    expectProblem(await postPatient(''), 400, 'MALFORMED_BODY');
  });

  it('refuses prototype-poisoning keys and leaves Object.prototype clean', async () => {
    const poisoned = [
      '{"__proto__":{"polluted":true}}',
      '{"siteId":"x","constructor":{"prototype":{"polluted":true}}}',
      `{"a":${'{"b":'.repeat(50)}{"__proto__":{"polluted":true}}${'}'.repeat(50)}}`,
    ];
    for (const body of poisoned) {
      const res = await postPatient(body);
      expect(res.statusCode).toBe(400);
      expectNoLeak(res.body);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses wrong types and extra properties with 400 VALIDATION_FAILED naming the field', async () => {
    const before = await patientCount();
    const cases: [Record<string, unknown>, string][] = [
      [validPatient({ givenName: { first: 'Ada' } }), '/body/givenName'],
      [validPatient({ familyName: ['Love', 'lace'] }), '/body/familyName'],
      [validPatient({ sex: 'robot' }), '/body/sex'],
      [validPatient({ birthDate: '2023-02-30' }), '/body/birthDate'],
      [validPatient({ siteId: 'not-a-uuid' }), '/body/siteId'],
      [validPatient({ email: 'nope' }), '/body/email'],
      [validPatient({ isAdmin: true }), '/body'],
      [validPatient({ organizationId: randomUUID() }), '/body'],
      [{ ...validPatient(), givenName: undefined }, '/body'],
    ];
    for (const [payload, path] of cases) {
      const body = expectProblem(await postPatient(payload), 400, 'VALIDATION_FAILED');
      const errors = body.errors as { path: string; message: string }[];
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]!.path).toBe(path);
      expect(typeof errors[0]!.message).toBe('string');
    }
    const id = await createPatient(t, org.organizationId, org.siteA);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/patients/${id}`, headers: auth, payload: { siteId: org.siteB } });
    expectProblem(patch, 400, 'VALIDATION_FAILED');
    const empty = await t.app.inject({ method: 'PATCH', url: `/api/v1/patients/${id}`, headers: auth, payload: {} });
    expectProblem(empty, 400, 'VALIDATION_FAILED');
    expect(await patientCount()).toBe(before + 1);
  });

  it('refuses JSON values of the wrong type instead of converting them, while query strings still coerce', async () => {
    const before = await patientCount();
    for (const [payload, path] of [
      [validPatient({ mrn: 123456 }), '/body/mrn'],
      [validPatient({ givenName: true }), '/body/givenName'],
      [validPatient({ familyName: null }), '/body/familyName'],
    ] as const) {
      const body = expectProblem(await postPatient(payload), 400, 'VALIDATION_FAILED');
      expect((body.errors as { path: string }[])[0]!.path).toBe(path);
    }
    expect(await patientCount()).toBe(before);
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/patients?limit=1', headers: auth });
    expect(page.statusCode).toBe(200);
    expect(page.json<{ items: unknown[] }>().items.length).toBeLessThanOrEqual(1);
  });

  it('refuses a 10,000-character string field', async () => {
    const long = 'A'.repeat(10_000);
    const body = expectProblem(await postPatient(validPatient({ familyName: long })), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ path: '/body/familyName' })]);
    expect(JSON.stringify(body)).not.toContain(long.slice(0, 300));
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `${long}@example.test`, password: 'x' } });
    expectProblem(login, 400, 'VALIDATION_FAILED');
  });

  it('answers deeply nested JSON with a 4xx quickly and keeps serving', async () => {
    const depth = 400_000;
    const arrays = JSON.stringify(validPatient()).replace('"Ada"', `${'['.repeat(depth)}${']'.repeat(depth)}`);
    const started = Date.now();
    expectProblem(await postPatient(arrays), 400, 'VALIDATION_FAILED');
    const objects = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    expectProblem(await postPatient(objects), 400, 'VALIDATION_FAILED');
    const protoDeep = `${'{"a":'.repeat(100_000)}{"__proto__":{"x":1}}${'}'.repeat(100_000)}`;
    const res = await postPatient(protoDeep);
    expect(res.statusCode).toBe(400);
    expectNoLeak(res.body);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('refuses an invalid UUID in a path with 400', async () => {
    for (const bad of ['not-a-uuid', '1', `${randomUUID()}x`, "'%20OR%201=1--", '%00']) {
      const body = expectProblem(await t.app.inject({ url: `/api/v1/patients/${bad}`, headers: auth }), 400, 'VALIDATION_FAILED');
      expect((body.errors as { path: string }[])[0]!.path).toMatch(/^\/params/);
    }
    expectProblem(await t.app.inject({ url: `/api/v1/users/123/roles`, method: 'PUT', headers: auth, payload: { roles: [] } }), 400, 'VALIDATION_FAILED');
  });

  it('refuses bad query parameters with 400', async () => {
    for (const q of ['limit=0', 'limit=201', 'limit=abc', 'siteId=x', 'cursor=forged', 'unknown=1']) {
      expectProblem(await t.app.inject({ url: `/api/v1/patients?${q}`, headers: auth }), 400, 'VALIDATION_FAILED');
    }
  });

  it('answers 404 ROUTE_NOT_FOUND problem+json for unknown routes and methods', async () => {
    const cases = [
      { method: 'GET' as const, url: '/api/v1/nope' },
      { method: 'POST' as const, url: '/api/v1/nope' },
      { method: 'PUT' as const, url: '/api/v1/patients' },
      { method: 'GET' as const, url: '/api/v2/patients' },
      { method: 'GET' as const, url: '/api/v1/../../etc/passwd' },
    ];
    for (const c of cases) {
      expectProblem(await t.app.inject({ ...c, headers: { ...auth, accept: 'application/json' } }), 404, 'ROUTE_NOT_FOUND');
    }
  });

  it('stores SQL-looking and non-Latin text verbatim', async () => {
    const name = "O'Brien'); DROP TABLE patients;-- Zoë 患者 \" \\";
    const res = await postPatient(validPatient({ familyName: name }));
    expect(res.statusCode).toBe(201);
    const id = res.json<{ id: string }>().id;
    const read = await t.app.inject({ url: `/api/v1/patients/${id}`, headers: auth });
    expect(read.json()).toMatchObject({ familyName: name });
  });

  it('refuses text containing the NUL character with 400 instead of failing in the database', async () => {
    const before = await patientCount();
    const withNul = expectProblem(await postPatient(validPatient({ givenName: 'A\u0000B' })), 400, 'VALIDATION_FAILED');
    expect(withNul.detail).toMatch(/NUL/);
    expectProblem(await postPatient(validPatient({ ['x\u0000']: 1 })), 400, 'VALIDATION_FAILED');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a\u0000@example.test', password: 'x' } });
    expectProblem(login, 400, 'VALIDATION_FAILED');
    const site = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers: auth,
      payload: { name: 'Clinic\u0000', kind: 'clinic', timeZone: 'America/Denver', state: 'MT' },
    });
    expectProblem(site, 400, 'VALIDATION_FAILED');
    // An escaped backslash followed by "u0000" is ordinary text, not NUL.
    const literal = await postPatient(`{"siteId":"${org.siteA}","mrn":"${unique('MRN')}","givenName":"A\\\\u0000B","familyName":"X","birthDate":"1990-01-01","sex":"other"}`);
    expect(literal.statusCode).toBe(201);
    expect(literal.json()).toMatchObject({ givenName: 'A\\u0000B' });
    expect(await patientCount()).toBe(before + 1);
  });

  it('refuses a birth date the database cannot store (year 0000) with 400', async () => {
    const before = await patientCount();
    expectProblem(await postPatient(validPatient({ birthDate: '0000-01-01' })), 400, 'VALIDATION_FAILED');
    expect(await patientCount()).toBe(before);
  });

  it('still serves everyone after all of the above', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await postPatient(validPatient())).statusCode).toBe(201);
    expect((await postPatient(validPatient(), { 'content-type': 'application/json; charset=utf-8' })).statusCode).toBe(201);
  });
});
