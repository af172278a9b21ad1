import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@telehealth/contracts/audit';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type InjectedResponse } from '../../testing/fixtures.js';

let t: TestApp;
const f = {} as {
  organizationId: string;
  adminToken: string;
  clinician: string;
  clinicianToken: string;
  nurse: string;
  p1: string;
  p2: string;
  p3: string;
  foreignPatient: string;
  foreignUser: string;
  t1: number;
  t2: number;
};

beforeAll(async () => {
  t = await createTestApp();
  const org = await createOrg(t);
  f.organizationId = org.organizationId;
  const admin = await createUser(t, org.organizationId, [roleAt('admin', null)]);
  const clinician = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
  const nurse = await createUser(t, org.organizationId, [roleAt('nurse', org.siteA)]);
  f.adminToken = await bearerFor(t, admin.id);
  f.clinician = clinician.id;
  f.clinicianToken = await bearerFor(t, clinician.id);
  f.nurse = nurse.id;
  const nurseToken = await bearerFor(t, nurse.id);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: { authorization: `Bearer ${f.clinicianToken}` },
    payload: { siteId: org.siteA, mrn: `MRN-${clinician.id.slice(0, 8)}`, givenName: 'Ada', familyName: 'Report', birthDate: '1970-01-01', sex: 'female' },
  });
  expect(created.statusCode).toBe(201);
  f.p1 = created.json<{ id: string }>().id;
  f.p2 = await createPatient(t, org.organizationId, org.siteA);
  f.p3 = await createPatient(t, org.organizationId, org.siteB);

  // Another organization with activity of its own.
  const other = await createOrg(t);
  const otherAdmin = await createUser(t, other.organizationId, [roleAt('admin', null)]);
  f.foreignUser = otherAdmin.id;
  f.foreignPatient = await createPatient(t, other.organizationId, other.siteA);
  await call(await bearerFor(t, otherAdmin.id), `/api/v1/patients/${f.foreignPatient}`);

  t.clock.advance(60_000);
  f.t1 = t.clock.now();
  expect((await call(f.clinicianToken, `/api/v1/patients/${f.p1}`)).statusCode).toBe(200);
  expect((await call(f.clinicianToken, `/api/v1/patients/${f.p2}`, 'PATCH', { givenName: 'Grace' })).statusCode).toBe(200);
  expect((await call(f.clinicianToken, `/api/v1/patients/${f.p3}`)).statusCode).toBe(403);
  expect((await call(nurseToken, `/api/v1/patients/${f.p1}`)).statusCode).toBe(200);
  t.clock.advance(60 * 60_000);
  f.t2 = t.clock.now();
  expect((await call(f.clinicianToken, `/api/v1/patients/${f.p2}`)).statusCode).toBe(200);
  t.clock.advance(60_000);
});
afterAll(async () => {
  await t.close();
});

function call(token: string, url: string, method: 'GET' | 'PATCH' = 'GET', payload?: Record<string, unknown>) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
}

async function report(query: Record<string, string | number>): Promise<{ items: AuditEvent[]; nextBeforeSeq: number | null }> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const res = await call(f.adminToken, `/api/v1/audit-events?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** RFC 4180 document reader (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

function expectProblem(res: InjectedResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, code });
}

describe('audit report', () => {
  it('filters by user', async () => {
    const { items } = await report({ userId: f.clinician });
    expect(items.length).toBeGreaterThanOrEqual(5);
    expect(items.every((e) => e.userId === f.clinician)).toBe(true);
    const patientActions = items.filter((e) => e.action.startsWith('patient.')).map((e) => e.action);
    expect(patientActions.sort()).toEqual(['patient.create', 'patient.read', 'patient.read', 'patient.read', 'patient.update']);
  });

  it('filters by patient', async () => {
    const { items } = await report({ patientId: f.p1 });
    expect(items.every((e) => e.patientId === f.p1)).toBe(true);
    expect(items.filter((e) => e.action === 'patient.read').map((e) => e.userId).sort()).toEqual([f.clinician, f.nurse].sort());
    expect(items.some((e) => e.action === 'patient.create')).toBe(true);
  });

  it('filters by exact action and by action prefix', async () => {
    const exact = await report({ action: 'patient.update' });
    expect(exact.items.map((e) => [e.action, e.patientId])).toEqual([['patient.update', f.p2]]);

    const prefix = await report({ action: 'patient.*' });
    const actions = new Set(prefix.items.map((e) => e.action));
    expect([...actions].every((a) => a.startsWith('patient.'))).toBe(true);
    expect(actions).toEqual(new Set(['patient.create', 'patient.read', 'patient.update']));
    // a prefix without the star is an exact match
    expect((await report({ action: 'patient.' })).items).toEqual([]);
    // `_` is matched literally, not as a LIKE wildcard
    expect((await report({ action: 'p_tient.*' })).items).toEqual([]);
  });

  it('filters by outcome', async () => {
    const { items } = await report({ outcome: 'denied' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.outcome === 'denied')).toBe(true);
    expect(items.some((e) => e.patientId === f.p3 && e.userId === f.clinician && e.action === 'patient.read')).toBe(true);
  });

  it('combines filters', async () => {
    const { items } = await report({ userId: f.clinician, patientId: f.p2, action: 'patient.read', outcome: 'success' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ userId: f.clinician, patientId: f.p2, action: 'patient.read', outcome: 'success' });
  });

  it('filters by time range, both ends inclusive', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const early = await report({ userId: f.clinician, from: iso(f.t1), to: iso(f.t2 - 1) });
    expect(early.items.map((e) => e.action).sort()).toEqual(['patient.read', 'patient.read', 'patient.update']);
    const late = await report({ userId: f.clinician, from: iso(f.t2) });
    expect(late.items.map((e) => [e.action, e.patientId])).toEqual([['patient.read', f.p2]]);
    const exact = await report({ userId: f.clinician, from: iso(f.t2), to: iso(f.t2) });
    expect(exact.items).toHaveLength(1);
    for (const e of early.items) expect(Date.parse(e.eventTime)).toBeLessThan(f.t2);
  });

  it('refuses a range whose start is after its end with 400 AUDIT_QUERY_INVALID', async () => {
    const q = `from=${new Date(f.t2).toISOString()}&to=${new Date(f.t1).toISOString()}`;
    expectProblem(await call(f.adminToken, `/api/v1/audit-events?${q}`), 400, 'AUDIT_QUERY_INVALID');
    expectProblem(await call(f.adminToken, `/api/v1/audit-events/export?${q}`), 400, 'AUDIT_QUERY_INVALID');
  });

  it('refuses instants and positions the database cannot represent with 400, for the list and the export', async () => {
    for (const q of ['from=0000-01-01T00:00:00Z', 'to=2026-06-30T23:59:60Z', 'from=2026-06-30T23:59:60Z']) {
      for (const path of ['/api/v1/audit-events', '/api/v1/audit-events/export']) {
        expectProblem(await call(f.adminToken, `${path}?${q}`), 400, 'AUDIT_QUERY_INVALID');
      }
    }
    expectProblem(await call(f.adminToken, '/api/v1/audit-events?beforeSeq=9223372036854775807'), 400, 'AUDIT_QUERY_INVALID');
  });

  it('pages newest first with beforeSeq, without gaps or repeats', async () => {
    const all = (await report({ userId: f.clinician, limit: 1000 })).items;
    const seen: AuditEvent[] = [];
    let beforeSeq: number | null = null;
    for (let page = 0; page < 10; page++) {
      const res: { items: AuditEvent[]; nextBeforeSeq: number | null } = await report({
        userId: f.clinician,
        limit: 3,
        ...(beforeSeq ? { beforeSeq } : {}),
      });
      expect(res.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.items);
      beforeSeq = res.nextBeforeSeq;
      if (beforeSeq === null) break;
      expect(beforeSeq).toBe(res.items[res.items.length - 1]!.seq);
    }
    expect(seen.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    const seqs = seen.map((e) => e.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
  });

  it('shows only the administrator’s own organization', async () => {
    const { items } = await report({ limit: 1000 });
    expect(items.length).toBeGreaterThan(5);
    expect(items.every((e) => e.organizationId === f.organizationId)).toBe(true);
    expect((await report({ patientId: f.foreignPatient })).items).toEqual([]);
    expect((await report({ userId: f.foreignUser })).items).toEqual([]);
  });

  it('exports CSV with a header and one row per event of the organization only', async () => {
    const res = await call(f.adminToken, '/api/v1/audit-events/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const rows = parseCsv(res.body);
    const [header, ...data] = rows;
    expect(header).toEqual([
      'seq', 'event_time', 'user_id', 'role', 'organization_id', 'patient_id', 'action', 'resource_type',
      'resource_id', 'outcome', 'source_ip', 'user_agent', 'request_id', 'detail', 'hash',
    ]);
    expect(data.length).toBeGreaterThan(5);
    for (const row of data) {
      expect(row).toHaveLength(15);
      expect(row[4]).toBe(f.organizationId);
    }
    expect(res.body).not.toContain(f.foreignPatient);
    expect(res.body).not.toContain(f.foreignUser);
    const seqs = data.map((r) => Number(r[0]));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(data.some((r) => r[6] === 'audit.export')).toBe(true);

    const filtered = parseCsv((await call(f.adminToken, `/api/v1/audit-events/export?userId=${f.clinician}`)).body).slice(1);
    const listed = (await report({ userId: f.clinician })).items;
    expect(filtered.map((r) => Number(r[0]))).toEqual(listed.map((e) => e.seq).reverse());
  });

  it('exports newline-delimited JSON on request', async () => {
    const res = await call(f.adminToken, `/api/v1/audit-events/export?format=json&patientId=${f.p1}`);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as AuditEvent);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((e) => e.patientId === f.p1 && e.organizationId === f.organizationId)).toBe(true);
  });

  it('refuses non-administrators with 403 and audits the refusal', async () => {
    for (const url of ['/api/v1/audit-events', '/api/v1/audit-events/export']) {
      expectProblem(await call(f.clinicianToken, url), 403, 'FORBIDDEN');
    }
    const denied = await report({ userId: f.clinician, action: 'access.denied' });
    expect(denied.items.length).toBe(2);
    expect(denied.items[0]).toMatchObject({ outcome: 'denied', detail: { reason: 'missing permission audit.read' } });
  });

  it('records each report view and export in the trail itself', async () => {
    const before = (await report({ action: 'audit.*' })).items.length;
    await call(f.adminToken, '/api/v1/audit-events/export');
    const after = await report({ action: 'audit.*' });
    // the export, plus the first report view
    expect(after.items.length).toBe(before + 2);
    expect(after.items.map((e) => e.action)).toContain('audit.export');
    expect((await t.services.audit.verify()).problem).toBeNull();
  });
});
