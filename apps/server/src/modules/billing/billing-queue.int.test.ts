/**
 * The billing work queue against a real database: facts derived from a real visit timeline and a real
 * consult, the queue, attestation, line edits with a reason (audited), hold/release, export (837P parsed back
 * with node-x12) and marking, and organization scoping.
 */
import { X12Parser, type X12Interchange } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingEncounter, BillingQueue, BillingTotals, ClaimDetails, EncounterExport } from '@telehealth/contracts/billing-queue';
import type { Actor } from '../../platform/actor.js';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { actorOf, completedVisit } from './testing/completed-encounters.js';

let t: TestApp;
let org: OrgFixture;
let patientId: string;
let host: Actor;
let derm: Actor;
const tok = {} as Record<'billing' | 'otherBilling' | 'host' | 'siteBClinician' | 'nurse', string>;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t);
  const other = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  const h = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
  const d = await createUser(t, org.organizationId, [roleAt('specialist', null)]);
  host = actorOf(h.id, org.organizationId, [roleAt('clinician', org.siteA)]);
  derm = actorOf(d.id, org.organizationId, [roleAt('specialist', null)]);
  const users = {
    billing: await createUser(t, org.organizationId, [roleAt('billing', null)]),
    otherBilling: await createUser(t, other.organizationId, [roleAt('billing', null)]),
    host: h,
    siteBClinician: await createUser(t, org.organizationId, [roleAt('clinician', org.siteB)]),
    nurse: await createUser(t, org.organizationId, [roleAt('nurse', org.siteA)]),
  };
  for (const [k, u] of Object.entries(users)) tok[k as keyof typeof tok] = await bearerFor(t, u.id);
});

afterAll(async () => {
  await t?.close();
});

async function call<T = BillingEncounter>(who: keyof typeof tok, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await t.app.inject({ method, url: `/api/v1/billing${url}`, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
  const json = String(res.headers['content-type'] ?? '').includes('json');
  return { status: res.statusCode, body: (json ? JSON.parse(res.body) : {}) as T & { code?: string }, text: res.body };
}

async function encounterOf(sourceId: string, kind = 'visit'): Promise<BillingEncounter> {
  const q = await call<BillingQueue>('billing', 'GET', '/encounters');
  expect(q.status).toBe(200);
  const e = q.body.items.find((x) => x.sourceId === sourceId && x.sourceKind === kind);
  expect(e, `no ${kind} encounter for ${sourceId}`).toBeDefined();
  return e!;
}

const details: ClaimDetails = {
  filingIndicator: 'MB', memberId: '1EG4TE5MK73', payerName: 'Medicare Part B', payerId: '03302',
  address: { line1: '1 Main St', city: 'Havre', state: 'MT', postalCode: '59501' }, diagnoses: ['I10'],
};
const envelope: EncounterExport['envelope'] = {
  sender: { id: 'SUBMITTER1', name: 'Prairie Telehealth', contactName: 'Billing Office', contactPhone: '4065550100' },
  receiver: { id: 'CLEARHOUSE', name: 'Example Clearinghouse' },
  interchangeControlNumber: 101, groupControlNumber: 7, usage: 'T',
  billingProvider: { npi: '1245319599', name: 'Prairie Telehealth Group', taxId: '810123456', address: details.address },
};

async function auditRows(action: string, resourceId: string) {
  await t.services.audit.flush();
  const { items } = await t.services.audit.list({ action }, 200);
  return items.filter((e) => e.resourceId === resourceId);
}

describe('billing queue: facts from a video visit', () => {
  it('derives modality, time, location and date from the timeline, and codes after the clinician attests', async () => {
    const visitId = await completedVisit(t, host, patientId, org.siteA, { videoMinutes: 12, audioMinutes: 6 });
    const e = await encounterOf(visitId);
    expect(e.state).toBe('ready');
    expect(e.facts).toMatchObject({ serviceType: 'synchronous_telehealth_em', modality: 'audio_video', totalTimeMinutes: 18, patientLocation: 'home', interpreterInvolved: false });
    expect(e.sources.modality).toMatch(/12 min video and 6 min audio only/);
    expect(e.proposed.billable).toBe(false);
    expect(e.proposed.needs).toContain('payerProfile');
    // the host attests what the platform cannot know
    const a = await call('host', 'PUT', `/encounters/${e.id}/attestation`, { payerProfile: 'medicare_ffs', patientStatus: 'established', mdmLevel: 'low' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    // 18 minutes reaches 99212 by time; low MDM reaches 99213: the higher wins. Home → POS 10, no modifier (Medicare).
    expect(a.body.proposed.lines).toEqual([{ code: '99213', modifiers: [], pos: '10', units: 1 }]);
    expect(a.body.sources.mdmLevel).toBe('attested');
    expect(a.body.proposed.rulesApplied.length).toBeGreaterThan(0);
  });

  it('codes a visit that stayed audio-only as audio-only (93 on a legacy commercial plan)', async () => {
    const visitId = await completedVisit(t, host, patientId, org.siteA, { videoMinutes: 0, audioMinutes: 14, startAudioOnly: true });
    const e = await encounterOf(visitId);
    expect(e.facts).toMatchObject({ modality: 'audio_only', medicalDiscussionMinutes: 14 });
    const a = await call('billing', 'PUT', `/encounters/${e.id}/attestation`, { payerProfile: 'commercial_legacy_em', patientStatus: 'established', mdmLevel: 'low' });
    expect(a.body.proposed.lines).toEqual([{ code: '99213', modifiers: ['93'], pos: '10', units: 1 }]);
  });

  it('refuses a clinician of another site (403) and leaves the attestation unchanged', async () => {
    const visitId = await completedVisit(t, host, patientId, org.siteA, { videoMinutes: 5, audioMinutes: 0 });
    const e = await encounterOf(visitId);
    const r = await call('siteBClinician', 'PUT', `/encounters/${e.id}/attestation`, { mdmLevel: 'high' });
    expect(r.status).toBe(403);
    expect((await call('billing', 'GET', `/encounters/${e.id}`)).body.attestation).toEqual({});
  });
});

describe('billing queue: facts from a consult', () => {
  async function answeredConsult(outcome: 'answered_no_visit_needed' | 'recommend_visit', minutes: { referrer: number; specialist: number }): Promise<string> {
    const c = await t.services.cases.create(host, {
      patientId, siteId: org.siteA, specialty: 'dermatology', urgency: 'routine', question: 'Benign?',
      history: { lesion_site: 'left forearm', duration: '3 months', evolution: 'growing', symptoms: ['itch'] }, consent: { given: true, method: 'verbal' },
    });
    // heartbeats every 30 s from the case page: the referrer prepares, the specialist reviews
    for (let i = 0; i <= minutes.referrer * 2; i++) {
      await t.services.caseTime.heartbeat(host, c.id);
      t.clock.advance(30_000);
    }
    await t.services.cases.submit(host, c.id, undefined);
    await t.services.caseReview.claim(derm, c.id);
    t.clock.advance(120_000);
    for (let i = 0; i <= minutes.specialist * 2; i++) {
      await t.services.caseTime.heartbeat(derm, c.id);
      t.clock.advance(30_000);
    }
    await t.services.caseReview.sign(derm, c.id, {
      outcome, ...(outcome === 'recommend_visit' ? { timeFrame: 'within 4 weeks' } : {}),
      fields: { diagnosis: 'Seborrhoeic keratosis', management: 'Reassure', biopsy_needed: false, in_person_needed: outcome !== 'answered_no_visit_needed' },
    });
    return c.id;
  }

  it('proposes 99451 for the consultant and 99452 for the requesting clinician from the time on the case', async () => {
    const caseId = await answeredConsult('answered_no_visit_needed', { referrer: 17, specialist: 7 });
    const consultant = await encounterOf(caseId, 'case');
    expect(consultant.facts).toMatchObject({ serviceType: 'interprofessional_consultation', role: 'consultant', consultMinutes: 7, writtenReport: true, verbalDiscussionShare: 0, verbalConsentDocumented: true, leadsToTransferOrVisitWithin14Days: false });
    const a = await call('billing', 'PUT', `/encounters/${consultant.id}/attestation`, { payerProfile: 'medicare_ffs', providerType: 'physician' });
    expect(a.body.proposed.lines.map((l) => l.code)).toEqual(['99451']);
    const referral = await encounterOf(caseId, 'case_referral');
    expect(referral.facts).toMatchObject({ role: 'treating_requesting', referralPrepAndCommunicationMinutes: 17 });
    const b = await call('billing', 'PUT', `/encounters/${referral.id}/attestation`, { payerProfile: 'medicare_ffs', providerType: 'physician' });
    expect(b.body.proposed.lines.map((l) => l.code)).toEqual(['99452']);
  });

  it('a review of images followed by a visit within 24 hours is not separately billable', async () => {
    const caseId = await answeredConsult('recommend_visit', { referrer: 1, specialist: 6 });
    const e = await encounterOf(caseId, 'case');
    const a = await call('billing', 'PUT', `/encounters/${e.id}/attestation`, { serviceType: 'store_and_forward_review', payerProfile: 'medicare_ffs', patientStatus: 'established', relatedEmWithinPrior7Days: false });
    // within the 24 hours and no visit yet: the engine needs the look-ahead fact
    expect(a.body.proposed.needs).toContain('emVisitFollowedWithin24h');
    t.clock.advance(3 * 3_600_000);
    await completedVisit(t, host, patientId, org.siteA, { videoMinutes: 10, audioMinutes: 0 });
    const after = await call('billing', 'GET', `/encounters/${e.id}`);
    expect(after.body.facts.emVisitFollowedWithin24h).toBe(true);
    expect(after.body.proposed.billable).toBe(false);
    expect(after.body.proposed.notBillableReason).toMatch(/24 hours/);
  });
});

describe('billing queue: work', () => {
  let id: string;
  beforeAll(async () => {
    const visitId = await completedVisit(t, host, patientId, org.siteA, { videoMinutes: 25, audioMinutes: 0 });
    id = (await encounterOf(visitId)).id;
    await call('billing', 'PUT', `/encounters/${id}/attestation`, { payerProfile: 'medicare_ffs', patientStatus: 'established', mdmLevel: 'moderate' });
  });

  it('edits lines only with a reason, keeps the proposal, and audits the change', async () => {
    expect((await call('billing', 'PUT', `/encounters/${id}/lines`, { lines: [] })).body.code).toBe('VALIDATION_FAILED');
    const lines = [{ code: '99215', modifiers: [], pos: '10', units: 1 }];
    const r = await call('billing', 'PUT', `/encounters/${id}/lines`, { lines, reason: 'Documentation supports high MDM' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ edited: true, lines });
    expect(r.body.proposed.lines[0]?.code).toBe('99214');
    const [row] = await auditRows('billing.encounter.edit_lines', id);
    expect(row).toMatchObject({ outcome: 'success', patientId, detail: { reason: 'Documentation supports high MDM', after: lines } });
    expect((row!.detail.before as { code: string }[])[0]?.code).toBe('99214');
  });

  it('holds and releases; a held encounter cannot be exported', async () => {
    const h = await call('billing', 'POST', `/encounters/${id}/hold`, { reason: 'Waiting for the note' });
    expect(h.body).toMatchObject({ state: 'held', holdReason: 'Waiting for the note' });
    expect((await call('billing', 'POST', `/encounters/${id}/hold`, { reason: 'again' })).body.code).toBe('BILLING_ENCOUNTER_STATE');
    const x = await call('billing', 'POST', '/encounters/export', { encounterIds: [id], format: '837p', envelope, defaultCharge: 100 });
    expect(x.body.code).toBe('BILLING_ENCOUNTER_STATE');
    expect((await call('billing', 'POST', `/encounters/${id}/release`)).body.state).toBe('ready');
  });

  it('exports 837P (parsed back with node-x12) and marks the encounter exported, once', async () => {
    const missing = await call('billing', 'POST', '/encounters/export', { encounterIds: [id], format: '837p', envelope, defaultCharge: 100 });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('BILLING_CLAIM_INCOMPLETE');
    expect((await call('billing', 'PUT', `/encounters/${id}/claim-details`, details)).status).toBe(200);
    const x = await call('billing', 'POST', '/encounters/export', { encounterIds: [id], format: '837p', envelope, defaultCharge: 100, charges: { '99215': 211.5 } });
    expect(x.status, x.text).toBe(200);
    const ix = new X12Parser(true).parse(x.text) as X12Interchange;
    const segments = ix.functionalGroups[0]!.transactions[0]!.segments;
    const sv1 = segments.find((s) => s.tag === 'SV1')!;
    expect(sv1.elements.map((e) => e.value).slice(0, 2)).toEqual(['HC:99215', '211.5']);
    expect(segments.find((s) => s.tag === 'CLM')!.elements[0]!.value).toBe(id.toUpperCase()); // X12 text is upper case
    const after = await call('billing', 'GET', `/encounters/${id}`);
    expect(after.body).toMatchObject({ state: 'exported', exportFormat: '837p' });
    expect((await call('billing', 'POST', '/encounters/export', { encounterIds: [id], format: 'csv', envelope, defaultCharge: 100 })).body.code).toBe('BILLING_ENCOUNTER_STATE');
    expect((await call('billing', 'PUT', `/encounters/${id}/lines`, { lines: [], reason: 'too late' })).body.code).toBe('BILLING_ENCOUNTER_STATE');
  });

  it('totals per month and service type', async () => {
    const r = await call<BillingTotals>('billing', 'GET', '/totals');
    const row = r.body.items.find((x) => x.month === '2026-01' && x.serviceType === 'synchronous_telehealth_em');
    expect(row?.encounters).toBeGreaterThanOrEqual(4);
    expect(row?.billable).toBeGreaterThanOrEqual(3);
  });
});

describe('billing queue: access', () => {
  it('answers 404 for another organization’s encounter and audits the refusal', async () => {
    const q = await call<BillingQueue>('billing', 'GET', '/encounters');
    const e = q.body.items[0]!;
    const r = await call('otherBilling', 'GET', `/encounters/${e.id}`);
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('BILLING_ENCOUNTER_NOT_FOUND');
    expect((await call<BillingQueue>('otherBilling', 'GET', '/encounters')).body.items).toEqual([]);
    const rows = await auditRows('billing.encounter.read', e.id);
    expect(rows.filter((x) => x.outcome === 'denied')).toHaveLength(1);
  });

  it('refuses hostile input with problem+json and changes nothing', async () => {
    const q = await call<BillingQueue>('billing', 'GET', '/encounters?state=ready');
    const e = q.body.items[0]!;
    const bad: [string, 'PUT' | 'POST', string, object][] = [
      ['lowercase code', 'PUT', `/encounters/${e.id}/lines`, { lines: [{ code: '99213; DROP', modifiers: [], pos: '10', units: 1 }], reason: 'Injected' }],
      ['too many units', 'PUT', `/encounters/${e.id}/lines`, { lines: [{ code: '99213', modifiers: [], pos: '10', units: 100000 }], reason: 'Units' }],
      ['unknown attestation field', 'PUT', `/encounters/${e.id}/attestation`, { mdmLevel: 'low', admin: true }],
      ['X12 delimiter in a member id', 'PUT', `/encounters/${e.id}/claim-details`, { ...details, memberId: 'A*B~C' }],
      ['not an id', 'POST', '/encounters/export', { encounterIds: ['../../etc'], format: '837p', envelope, defaultCharge: 10 }],
      ['unknown format', 'POST', '/encounters/export', { encounterIds: [e.id], format: '837i', envelope, defaultCharge: 10 }],
    ];
    for (const [what, method, url, body] of bad) {
      const r = await call('billing', method, url, body);
      expect(r.status, what).toBe(400);
      expect(r.body.code, what).toBe('VALIDATION_FAILED');
    }
    const unknown = await call('billing', 'POST', '/encounters/export', { encounterIds: ['00000000-0000-4000-8000-000000000000'], format: '837p', envelope, defaultCharge: 10 });
    expect(unknown.body.code).toBe('BILLING_ENCOUNTER_NOT_FOUND');
    const after = await call('billing', 'GET', `/encounters/${e.id}`);
    expect(after.body).toMatchObject({ state: e.state, lines: e.lines, attestation: e.attestation, claimDetails: e.claimDetails });
  });

  it('keeps the queue from clinical roles (403)', async () => {
    expect((await call('nurse', 'GET', '/encounters')).status).toBe(403);
    expect((await call('host', 'GET', '/encounters')).status).toBe(403);
  });
});

describe('billing queue: creating encounters as visits end', () => {
  it('looks only at visits ended since its last read, and at all of them again each hour', async () => {
    // an hour after any earlier read, the queue looks at every source of the organization
    t.clock.advance(61 * 60_000);
    await call<BillingQueue>('billing', 'GET', '/encounters');
    const missed = await completedVisit(t, host, patientId, org.siteA, { videoMinutes: 10, audioMinutes: 0 });
    await encounterOf(missed);
    t.clock.advance(20 * 60_000);
    await call<BillingQueue>('billing', 'GET', '/encounters');
    // the encounter is lost, as if its creation had failed, after the queue last looked at the visit
    await t.db.database.rawTransaction((tx) => tx.query('DELETE FROM billing_encounters WHERE source_id = $1', [missed]));
    const fresh = await completedVisit(t, host, patientId, org.siteA, { videoMinutes: 10, audioMinutes: 0 });
    const q = await call<BillingQueue>('billing', 'GET', '/encounters?limit=200');
    expect(q.body.items.some((e) => e.sourceId === fresh)).toBe(true);
    expect(q.body.items.some((e) => e.sourceId === missed)).toBe(false);
    t.clock.advance(25 * 60_000);
    await encounterOf(missed);
  });
});
