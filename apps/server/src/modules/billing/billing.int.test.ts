/** The billing API on a real database: coding, exports, refusals of hostile input, audit of exports. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X12Parser, type X12Interchange } from 'node-x12';
import type { CodingResult } from '@telehealth/contracts/billing';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createUser, roleAt } from '../../testing/fixtures.js';
import { claimBatch } from './testing/claim-batch.js';

let t: TestApp;
let billing: string;
let clinician: string;
let billingUserId: string;

beforeAll(async () => {
  t = await createTestApp();
  const org = await createOrg(t);
  const b = await createUser(t, org.organizationId, [roleAt('billing', null)]);
  billingUserId = b.id;
  billing = await bearerFor(t, b.id);
  clinician = await bearerFor(t, (await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)])).id);
});
afterAll(async () => {
  await t?.close();
});

const facts = {
  dateOfService: '2025-03-10', payerProfile: 'medicare_ffs', serviceType: 'synchronous_telehealth_em',
  modality: 'audio_video', patientStatus: 'established', patientLocation: 'home', mdmLevel: 'moderate',
};
const post = (url: string, token: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

async function exportsBy(userId: string): Promise<number> {
  await t.services.audit.flush();
  const { items } = await t.services.audit.list({ userId, action: 'billing.export' }, 100);
  return items.length;
}

describe('POST /api/v1/billing/code', () => {
  it('codes one encounter and answers the documented result shape', async () => {
    const res = await post('/api/v1/billing/code', billing, facts);
    expect(res.statusCode).toBe(200);
    const body = res.json<CodingResult>();
    expect(body).toEqual({
      billable: true, lines: [{ code: '99214', modifiers: [], pos: '10', units: 1 }], notBillableReason: null, needs: [], warnings: [],
      rulesApplied: [expect.objectContaining({ id: 'mcr.em.established' })],
    });
  });

  it('codes an array in order and says what is missing', async () => {
    const res = await post('/api/v1/billing/code', billing, [facts, { dateOfService: '2025-03-10' }]);
    expect(res.statusCode).toBe(200);
    const [a, b] = res.json<CodingResult[]>();
    expect(a?.lines[0]?.code).toBe('99214');
    expect(b?.needs).toEqual(['payerProfile', 'serviceType']);
  });

  it('refuses roles other than billing and admin', async () => {
    expect((await post('/api/v1/billing/code', clinician, facts)).statusCode).toBe(403);
  });

  it('answers hostile input with a 4xx problem and keeps serving', async () => {
    const cases: [unknown, number, string][] = [
      [{ ...facts, patientName: 'Jane Doe' }, 400, 'VALIDATION_FAILED'],
      [{ ...facts, totalTimeMinutes: -5 }, 400, 'VALIDATION_FAILED'],
      [{ ...facts, dateOfService: '2025-02-30x' }, 400, 'VALIDATION_FAILED'],
      [Array.from({ length: 1001 }, () => ({})), 400, 'VALIDATION_FAILED'],
      [[], 400, 'VALIDATION_FAILED'],
      ['{"dateOfService":', 400, 'MALFORMED_BODY'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await post('/api/v1/billing/code', billing, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json<{ code: string }>().code).toBe(code);
    }
    expect((await post('/api/v1/billing/code', billing, facts)).statusCode).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents the billing routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/billing/code', '/api/v1/billing/export/837p', '/api/v1/billing/export/fhir-claim', '/api/v1/billing/export/csv']));
  });
});

describe('claim exports', () => {
  it('returns an 837P that node-x12 parses, and audits the export', async () => {
    const before = await exportsBy(billingUserId);
    const res = await post('/api/v1/billing/export/837p', billing, claimBatch(4));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/edi-x12/);
    const ix = new X12Parser(true).parse(res.body) as X12Interchange;
    const tx = ix.functionalGroups[0]!.transactions[0]!;
    expect(tx.segments.filter((s) => s.tag === 'CLM')).toHaveLength(4);
    expect(await exportsBy(billingUserId)).toBe(before + 1);
  });

  it('returns FHIR R4 Claims and CSV', async () => {
    const fhir = await post('/api/v1/billing/export/fhir-claim', billing, claimBatch(2));
    expect(fhir.statusCode).toBe(200);
    expect(fhir.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(fhir.json<{ entry: { resource: { resourceType: string } }[] }>().entry.map((e) => e.resource.resourceType)).toEqual(['Claim', 'Claim']);
    const csv = await post('/api/v1/billing/export/csv', billing, claimBatch(2));
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toBe('claim_id,line,date_of_service,code,modifiers,pos,units,charge,diagnosis_pointers,diagnoses');
  });

  it('refuses X12 delimiters and bad identifiers in claim data, writing no audit row', async () => {
    const before = await exportsBy(billingUserId);
    const good = claimBatch(1);
    const claim = good.claims[0]!;
    const bad = [
      { ...good, claims: [{ ...claim, subscriber: { ...claim.subscriber, lastName: 'DOE*SMITH~' } }] },
      { ...good, billingProvider: { ...good.billingProvider, npi: '12345' } },
      { ...good, claims: [{ ...claim, diagnoses: ['I10.9'] }] },
      { ...good, claims: [{ ...claim, lines: [{ ...claim.lines[0]!, pos: null }] }] },
    ];
    for (const payload of bad) {
      const res = await post('/api/v1/billing/export/837p', billing, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ code: string }>().code).toBe('VALIDATION_FAILED');
    }
    expect(await exportsBy(billingUserId)).toBe(before);
  });
});
