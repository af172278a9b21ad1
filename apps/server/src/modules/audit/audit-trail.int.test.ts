import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@telehealth/contracts/audit';
import { openDatabase } from '../../platform/db.js';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { AuditService } from './audit.service.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, unique, type OrgFixture } from '../../testing/fixtures.js';

let t: TestApp;
let org: OrgFixture;
let admin: { id: string };
let adminToken: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t);
  admin = await createUser(t, org.organizationId, [roleAt('admin', null)]);
  adminToken = await bearerFor(t, admin.id);
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Calls the API with a unique request id, so the audit rows of exactly this request can be found. */
async function call(token: string | null, method: Method, url: string, payload?: Record<string, unknown>) {
  const requestId = unique('audit-req-');
  const res = await t.app.inject({
    method,
    url,
    headers: { 'x-request-id': requestId, 'user-agent': 'audit-test/1.0', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(payload ? { payload } : {}),
  });
  return { res, requestId };
}

async function rowsOf(requestId: string): Promise<AuditEvent[]> {
  const { items } = await t.services.audit.list({}, 1000);
  return items.filter((e) => e.requestId === requestId);
}

async function seqStats(): Promise<{ n: number; lo: number; hi: number }> {
  const [row] = await t.db.database.rawTransaction((tx) =>
    tx.query<{ n: number; lo: number; hi: number }>('SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi FROM audit_event'),
  );
  return row!;
}

describe('audit trail', () => {
  it('records every patient read and write with the patient id, actor, request and outcome', async () => {
    const member = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
    const create = await call(adminToken, 'POST', '/api/v1/patients', {
      siteId: org.siteA,
      mrn: unique('MRN'),
      givenName: 'Audited',
      familyName: 'Patient',
      birthDate: '1960-06-01',
      sex: 'male',
    });
    expect(create.res.statusCode).toBe(201);
    const id = create.res.json<{ id: string }>().id;
    const steps: [Method, string, Record<string, unknown> | undefined, string][] = [
      ['GET', `/api/v1/patients/${id}`, undefined, 'patient.read'],
      ['PATCH', `/api/v1/patients/${id}`, { phone: '+1 406 555 0101' }, 'patient.update'],
      ['POST', `/api/v1/patients/${id}/care-team`, { userId: member.id }, 'care_team.add'],
      ['GET', `/api/v1/patients/${id}/care-team`, undefined, 'care_team.read'],
      ['DELETE', `/api/v1/patients/${id}/care-team/${member.id}`, undefined, 'care_team.remove'],
    ];
    const calls = [{ ...create, action: 'patient.create' }];
    for (const [method, url, payload, action] of steps) {
      const c = await call(adminToken, method, url, payload);
      expect(c.res.statusCode, c.res.body).toBeLessThan(300);
      calls.push({ ...c, action });
    }
    for (const c of calls) {
      const rows = await rowsOf(c.requestId);
      expect(rows, c.action).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: c.action,
        outcome: 'success',
        patientId: id,
        userId: admin.id,
        role: 'admin',
        organizationId: org.organizationId,
        userAgent: 'audit-test/1.0',
        sourceIp: '127.0.0.1',
        detail: { via: 'api_token' },
      });
    }

    const list = await call(adminToken, 'GET', `/api/v1/patients?siteId=${org.siteA}&limit=200`);
    const [listed] = await rowsOf(list.requestId);
    expect(listed).toMatchObject({ action: 'patient.list', outcome: 'success' });
    expect((listed!.detail as { patientIds: string[] }).patientIds).toContain(id);
  });

  it('records refused patient access as denied, with the patient id', async () => {
    const clinician = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
    const token = await bearerFor(t, clinician.id);
    const otherSite = await createPatient(t, org.organizationId, org.siteB);
    const other = await createOrg(t);
    const foreign = await createPatient(t, other.organizationId, other.siteA);

    const forbidden = await call(token, 'GET', `/api/v1/patients/${otherSite}`);
    expect(forbidden.res.statusCode).toBe(403);
    expect(await rowsOf(forbidden.requestId)).toEqual([
      expect.objectContaining({ action: 'patient.read', outcome: 'denied', patientId: otherSite, userId: clinician.id, detail: { reason: 'forbidden', via: 'api_token' } }),
    ]);

    const write = await call(token, 'PATCH', `/api/v1/patients/${otherSite}`, { givenName: 'Nope' });
    expect(write.res.statusCode).toBe(403);
    expect(await rowsOf(write.requestId)).toEqual([expect.objectContaining({ action: 'patient.update', outcome: 'denied', patientId: otherSite })]);

    const hidden = await call(token, 'GET', `/api/v1/patients/${foreign}`);
    expect(hidden.res.statusCode).toBe(404);
    expect(await rowsOf(hidden.requestId)).toEqual([
      expect.objectContaining({ action: 'patient.read', outcome: 'denied', patientId: foreign, organizationId: org.organizationId, detail: { reason: 'not_found', via: 'api_token' } }),
    ]);
  });

  it('records refusals by the access layer: no credential and a missing permission', async () => {
    const id = await createPatient(t, org.organizationId, org.siteA);
    const anonymous = await call(null, 'GET', `/api/v1/patients/${id}`);
    expect(anonymous.res.statusCode).toBe(401);
    expect(await rowsOf(anonymous.requestId)).toEqual([
      expect.objectContaining({ action: 'access.denied', outcome: 'denied', userId: null, detail: { reason: 'unauthenticated', method: 'GET', route: '/api/v1/patients/:patientId' } }),
    ]);

    const billing = await createUser(t, org.organizationId, [roleAt('billing', org.siteA)]);
    const noPermission = await call(await bearerFor(t, billing.id), 'PATCH', `/api/v1/patients/${id}`, { givenName: 'Nope' });
    expect(noPermission.res.statusCode).toBe(403);
    const rows = await rowsOf(noPermission.requestId);
    expect(rows).toEqual([expect.objectContaining({ action: 'access.denied', outcome: 'denied', userId: billing.id })]);
    expect(rows[0]!.detail).toMatchObject({ reason: 'missing permission patient.write', method: 'PATCH' });
  });

  it('keeps one intact, gap-free chain under 200 concurrent requests', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => createPatient(t, org.organizationId, org.siteA)));
    const clinician = await createUser(t, org.organizationId, [roleAt('clinician', org.siteB)]);
    const clinicianToken = await bearerFor(t, clinician.id);
    const before = await seqStats();

    const calls = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const id = ids[i % ids.length]!;
        if (i % 10 === 0) return call(adminToken, 'PATCH', `/api/v1/patients/${id}`, { phone: `+1 406 555 ${String(1000 + i)}` });
        if (i % 10 === 1) return call(clinicianToken, 'GET', `/api/v1/patients/${id}`); // denied: another site
        return call(adminToken, 'GET', `/api/v1/patients/${id}`);
      }),
    );
    for (const [i, c] of calls.entries()) expect(c.res.statusCode, c.res.body).toBe(i % 10 === 1 ? 403 : 200);

    const after = await seqStats();
    expect(after.lo).toBe(1);
    expect(after.n).toBe(after.hi);
    expect(after.n - before.n).toBe(200);
    const { items } = await t.services.audit.list({}, 1000);
    const byRequest = new Map<string, number>();
    for (const e of items) if (e.requestId) byRequest.set(e.requestId, (byRequest.get(e.requestId) ?? 0) + 1);
    for (const c of calls) expect(byRequest.get(c.requestId)).toBe(1);

    const verified = await t.services.audit.verify();
    expect(verified.problem).toBeNull();
    expect(verified.rows).toBe(after.n);
  });

  it('keeps one chain when a second server appends to the same database at the same time', async () => {
    // the other server: its own connection pool on PostgreSQL, its own writer either way
    const other = t.db.url ? await openDatabase({ databaseUrl: t.db.url, dataDir: null, poolSize: 4 }) : null;
    const second = new AuditService(other?.db ?? t.db.database.db, t.clock.now);
    try {
      const before = await seqStats();
      const write = (audit: AuditService, server: string, i: number) =>
        audit.record({ action: 'audit.test', outcome: 'success', actor: null, detail: { server, i } });
      for (let wave = 0; wave < 5; wave++) {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) => write(i % 2 ? second : t.services.audit, i % 2 ? 'b' : 'a', wave * 40 + i)),
        );
      }
      const after = await seqStats();
      expect(after.n - before.n).toBe(200);
      expect(after.n).toBe(after.hi);
      const verified = await t.services.audit.verify();
      expect(verified.problem).toBeNull();
      expect(verified.rows).toBe(after.n);
    } finally {
      await other?.close();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows on the application’s own connection', async () => {
    const before = await seqStats();
    const db = t.services.database.db;
    const attempts = [
      sql`UPDATE audit_event SET outcome = 'success' WHERE seq = 1`,
      sql`UPDATE audit_event SET detail = '{}'::jsonb`,
      sql`DELETE FROM audit_event WHERE seq = ${before.hi}`,
      sql`DELETE FROM audit_event`,
      sql`TRUNCATE audit_event`,
    ];
    for (const q of attempts) {
      const err = await db.execute(q).then(
        () => null,
        (e: unknown) => e as Error & { cause?: Error },
      );
      expect(err).not.toBeNull();
      expect(String(err?.cause?.message ?? err?.message)).toContain('append-only');
    }
    await expect(t.db.database.rawTransaction((tx) => tx.exec('DELETE FROM audit_event WHERE seq = 1'))).rejects.toThrow(/append-only/);
    expect(await seqStats()).toEqual(before);
    expect((await t.services.audit.verify()).problem).toBeNull();
  });
});
