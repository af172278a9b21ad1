import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type InjectedResponse, type OrgFixture } from '../testing/fixtures.js';

// This file breaks its own database on purpose; nothing else uses it.
let t: TestApp;
let org: OrgFixture;
let auth: { authorization: string };
let closeDatabase: () => Promise<void>;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t);
  const admin = await createUser(t, org.organizationId, [roleAt('admin', null)]);
  auth = { authorization: `Bearer ${await bearerFor(t, admin.id)}` };
  // The test closes the database itself; the harness must then not close it a second time (but still drop it).
  closeDatabase = t.db.database.close.bind(t.db.database);
  t.db.database.close = () => Promise.resolve();
});
afterAll(async () => {
  await t.app.close();
  await closeDatabase().catch(() => undefined);
  await t.db.close();
});

const LEAKS = /"stack"|\n\s+at |node_modules|Failed query|\bselect\b|\bfrom "|relation|sites_gone|audit_event|does not exist|pglite|postgres|ECONNREFUSED/i;

function expectOpaque(res: InjectedResponse, status: number[], codes: string[]): void {
  expect(status).toContain(res.statusCode);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Record<string, unknown>>();
  expect(codes).toContain(body.code);
  expect(Object.keys(body).sort()).toEqual(['code', 'requestId', 'status', 'title', 'type', ...(body.detail ? ['detail'] : [])].sort());
  expect(res.body).not.toMatch(LEAKS);
}

describe('database failures', () => {
  it('answer a failing statement with an opaque 500 INTERNAL, and recover when the database does', async () => {
    await t.db.database.rawTransaction((tx) => tx.exec('ALTER TABLE sites RENAME TO sites_gone'));
    try {
      const res = await t.app.inject({ url: '/api/v1/sites', headers: auth });
      expectOpaque(res, [500], ['INTERNAL']);
      expect(res.json()).toEqual({
        type: 'urn:telehealth:error:INTERNAL',
        title: 'Internal error',
        status: 500,
        code: 'INTERNAL',
        requestId: res.headers['x-request-id'],
      });
    } finally {
      await t.db.database.rawTransaction((tx) => tx.exec('ALTER TABLE sites_gone RENAME TO sites'));
    }
    expect((await t.app.inject({ url: '/api/v1/sites', headers: auth })).statusCode).toBe(200);
  });

  it('serve no patient data when its audit row cannot be written', async () => {
    const id = await createPatient(t, org.organizationId, org.siteA);
    const before = await t.services.audit.verify();
    await t.db.database.rawTransaction((tx) =>
      tx.exec('ALTER TABLE audit_event ADD CONSTRAINT test_audit_down CHECK (seq < 0) NOT VALID'),
    );
    try {
      const res = await t.app.inject({ url: `/api/v1/patients/${id}`, headers: auth });
      expectOpaque(res, [500], ['INTERNAL']);
      expect(res.body).not.toContain(id);
      expect(res.body).not.toContain('Ada');
    } finally {
      await t.db.database.rawTransaction((tx) => tx.exec('ALTER TABLE audit_event DROP CONSTRAINT test_audit_down'));
    }
    // The failed batch left no trace in the chain, and the trail continues intact.
    expect(await t.services.audit.verify()).toEqual(before);
    expect((await t.app.inject({ url: `/api/v1/patients/${id}`, headers: auth })).statusCode).toBe(200);
    expect((await t.services.audit.verify()).problem).toBeNull();
  });

  it('answer every request with an opaque 5xx once the database is gone, report not ready, and stay alive', async () => {
    await closeDatabase();
    const requests = [
      t.app.inject({ url: '/api/v1/sites', headers: auth }),
      t.app.inject({ url: '/api/v1/patients', headers: auth }),
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.test', password: 'irrelevant-password' } }),
      t.app.inject({ url: '/api/v1/setup/status' }),
    ];
    for (const res of await Promise.all(requests)) expectOpaque(res, [500, 503], ['INTERNAL', 'SERVICE_UNAVAILABLE']);

    const ready = await t.app.inject({ url: '/readyz' });
    expectOpaque(ready, [503], ['SERVICE_UNAVAILABLE']);
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
