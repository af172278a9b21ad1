import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUps, MyConsultSummaryList, PatientSummary } from '@telehealth/contracts/case-outputs';
import type { RoleAssignment } from '@telehealth/contracts/identity';
import type { AuditEvent } from '@telehealth/contracts/audit';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, systemActor, unique, type OrgFixture } from '../../testing/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../testing/smtp.js';

const EYE: RoleAssignment = { role: 'specialist', siteId: null, specialties: ['ophthalmology'], languages: [] };
const DR_REPORT = {
  outcome: 'recommend_visit' as const,
  timeFrame: 'within 3 months',
  fields: {
    dr_severity: { right: 'moderate_npdr', left: 'mild_npdr' },
    dme: { right: 'non_central', left: 'absent' },
    gradable: { right: 'gradable', left: 'gradable' },
    referral: 'Refer to retina clinic; <script>alert(1)</script> stays text',
    follow_up_months: 3,
  },
};

let t: TestApp;
let smtp: TestSmtpServer;
let org: OrgFixture;
let patient: { id: string; mrn: string; familyName: string; email: string };
let otherPatientId: string;
const tok = {} as Record<'gp' | 'eye' | 'eye2' | 'otherOrgAdmin' | 'patient' | 'otherPatient', string>;
const ids = {} as Record<'gp' | 'eye', string>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url });
  org = await createOrg(t);
  const other = await createOrg(t);
  const p = await t.services.patients.create(systemActor(org.organizationId), {
    siteId: org.siteA,
    mrn: unique('MRN'),
    givenName: 'Rosa',
    familyName: unique('Fundus'),
    birthDate: '1961-07-04',
    sex: 'female',
    email: `${unique('patient')}@example.test`,
  });
  patient = { id: p.id, mrn: p.mrn, familyName: p.familyName, email: p.email! };
  otherPatientId = await createPatient(t, org.organizationId, org.siteA);
  const gp = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
  const eye = await createUser(t, org.organizationId, [EYE]);
  const eye2 = await createUser(t, org.organizationId, [EYE]);
  const otherOrgAdmin = await createUser(t, other.organizationId, [roleAt('admin', null)]);
  const patientLogin = await createUser(t, org.organizationId, [roleAt('patient', null)], patient.id);
  const otherPatientLogin = await createUser(t, org.organizationId, [roleAt('patient', null)], otherPatientId);
  Object.assign(ids, { gp: gp.id, eye: eye.id });
  const users = { gp, eye, eye2, otherOrgAdmin, patient: patientLogin, otherPatient: otherPatientLogin };
  for (const [k, u] of Object.entries(users)) tok[k as keyof typeof tok] = await bearerFor(t, u.id);
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function call<T = Record<string, unknown>>(who: keyof typeof tok, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, body: String(res.headers['content-type']).startsWith('application/pdf') ? ({} as T & { code?: string }) : res.json<T & { code?: string }>() };
}

function ok<T>(r: { status: number; body: T }, status = 200): T {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

/** A diabetic-retinopathy screening of `patientId`, submitted, claimed by `eye` and signed with `report`. */
async function screening(patientId = patient.id, report: object = DR_REPORT, question = 'Screening: any retinopathy?'): Promise<string> {
  const c = ok(
    await call<{ id: string }>('gp', 'POST', '/cases', {
      patientId,
      siteId: org.siteA,
      specialty: 'ophthalmology',
      question,
      history: { diabetes_type: 'type2', diabetes_years: 12, hba1c: 8.1 },
      consent: { given: true, method: 'verbal' },
    }),
    201,
  );
  ok(await call('gp', 'POST', `/cases/${c.id}/submit`));
  ok(await call('eye', 'POST', `/cases/${c.id}/claim`));
  if (Object.keys(report).length) ok(await call('eye', 'POST', `/cases/${c.id}/report`, report));
  return c.id;
}

/** The text of a PDF as poppler's pdftotext reads it (what another record system would index). */
function pdfText(pdf: Buffer): string {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr.toString()}`);
  return r.stdout.toString('utf8').replace(/\s+/g, ' ');
}

async function auditOf(action: string, caseId: string, outcome: AuditEvent['outcome'] = 'success'): Promise<AuditEvent[]> {
  await t.services.audit.flush();
  const found: AuditEvent[] = [];
  for await (const e of t.services.audit.iterate({ action, outcome })) if (e.resourceId === caseId) found.push(e);
  return found;
}

describe('PDF of the signed report', () => {
  it('serves the report in force, per-eye grades, signer, signing time and amendments as a PDF attachment', async () => {
    const id = await screening();
    t.clock.advance(3_600_000);
    const amended = { ...DR_REPORT, fields: { ...DR_REPORT.fields, dme: { right: 'central', left: 'absent' } }, reason: 'Right macula re-read: centre-involving' };
    ok(await call('eye', 'POST', `/cases/${id}/report/amendments`, amended));
    const r = await call('gp', 'GET', `/cases/${id}/report.pdf`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="consult-report-${id}.pdf"`);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(r.raw);
    for (const s of [
      'Consult report: Ophthalmology: diabetic-retinopathy screening',
      id,
      `Name: Rosa ${patient.familyName}`,
      `MRN: ${patient.mrn}`,
      'Date of birth: 1961-07-04',
      'Report (version 2, amended)',
      'Diabetic retinopathy (ICDR): Right eye: Moderate NPDR Left eye: Mild NPDR',
      'Diabetic macular oedema: Right eye: Present, centre-involving Left eye: Absent',
      'Image gradability: Right eye: Gradable Left eye: Gradable',
      'Follow-up interval: 3 months',
      'Outcome: Visit recommended (within 3 months)',
      '<script>alert(1)</script> stays text',
      'Version 2, 2026-01-15 15:00 UTC',
      'Reason: Right macula re-read: centre-involving',
      'Signed by:',
      '2026-01-15 14:00 UTC',
    ]) {
      expect(text).toContain(s);
    }
    // the superseded version is kept with its own grading
    expect(text).toContain('Diabetic macular oedema: Right eye: Present, not centre-involving');
    expect(await auditOf('case.report.pdf', id)).toHaveLength(1);
  });

  it("gives the specialist a copy without the patient's identifiers", async () => {
    const id = await screening();
    const r = await call('eye', 'GET', `/cases/${id}/report.pdf`);
    expect(r.status).toBe(200);
    const text = pdfText(r.raw);
    expect(text).toContain('Right eye: Moderate NPDR');
    expect(text).not.toContain(patient.mrn);
    expect(text).not.toContain(patient.familyName);
  });

  it('renders text the standard fonts cannot encode as "?" instead of failing', async () => {
    const id = await screening(patient.id, DR_REPORT, 'Пациент 患者: ok?\tTabbed  ' + 'x'.repeat(300));
    const r = await call('gp', 'GET', `/cases/${id}/report.pdf`);
    expect(r.status).toBe(200);
    expect(pdfText(r.raw)).toContain('??????? ??: ok? Tabbed');
  });

  it('answers 409 before a report is signed, and changes nothing', async () => {
    const id = await screening(patient.id, {});
    const r = await call('gp', 'GET', `/cases/${id}/report.pdf`);
    expect([r.status, r.body.code]).toEqual([409, 'CASE_REPORT_NOT_SIGNED']);
    expect(await auditOf('case.report.pdf', id)).toHaveLength(0);
  });

  it('answers 404 to another organization (audited) and refuses patient logins, own case or not', async () => {
    const id = await screening();
    const other = await call('otherOrgAdmin', 'GET', `/cases/${id}/report.pdf`);
    expect([other.status, other.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    expect(await auditOf('case.report.pdf', id, 'denied')).toHaveLength(1);
    expect((await call('otherPatient', 'GET', `/cases/${id}/report.pdf`)).status).toBe(403);
    expect((await call('patient', 'GET', `/cases/${id}/report.pdf`)).status).toBe(403);
    expect((await call('eye', 'GET', `/cases/00000000-0000-4000-8000-000000000001/report.pdf`)).status).toBe(404);
  });
});

describe('plain-language summary for the patient', () => {
  it('is written and approved by the specialist; the patient gets a sign-in notice without the text and reads it', async () => {
    const id = await screening();
    const text = 'Your eye photos show early changes from diabetes. Please see the eye clinic within three months.';
    const draft = ok(await call<PatientSummary>('eye', 'PUT', `/cases/${id}/patient-summary`, { body: text }));
    expect(draft.versions).toMatchObject([{ version: 1, body: text, approvedAt: null }]);
    expect(draft.patientHasEmail).toBe(true);
    // a draft is not shown to the patient
    expect(ok(await call<MyConsultSummaryList>('patient', 'GET', '/my/consult-summaries')).items.find((i) => i.caseId === id)).toBeUndefined();

    const approved = ok(await call<PatientSummary>('eye', 'POST', `/cases/${id}/patient-summary/approve`, { notifyPatient: true }));
    expect(approved.versions[0]!.approvedBy).toBe(ids.eye);
    expect(approved.versions[0]!.patientNotifiedAt).not.toBeNull();
    const mail = await smtp.waitFor((m) => m.to.includes(patient.email));
    expect(mail.raw).toContain(`Sign in to read it: ${t.config.publicUrl}/`);
    expect(mail.raw).not.toContain('eye clinic');
    expect(mail.raw).not.toContain(patient.familyName);

    const mine = ok(await call<MyConsultSummaryList>('patient', 'GET', '/my/consult-summaries'));
    expect(mine.items.find((i) => i.caseId === id)).toMatchObject({ body: text, specialty: 'ophthalmology' });
    expect(ok(await call<MyConsultSummaryList>('otherPatient', 'GET', '/my/consult-summaries')).items.find((i) => i.caseId === id)).toBeUndefined();
    // the referrer reads it with the case
    expect(ok(await call<PatientSummary>('gp', 'GET', `/cases/${id}/patient-summary`)).versions[0]!.body).toBe(text);
    expect(await auditOf('case.summary.approve', id)).toHaveLength(1);
    expect(await auditOf('case.summary.notify', id)).toHaveLength(1);
  });

  it('keeps an approved version unchanged: a later edit is a new draft until approved', async () => {
    const id = await screening();
    ok(await call('eye', 'PUT', `/cases/${id}/patient-summary`, { body: 'First words.' }));
    ok(await call('eye', 'POST', `/cases/${id}/patient-summary/approve`, {}));
    const again = await call('eye', 'POST', `/cases/${id}/patient-summary/approve`, {});
    expect([again.status, again.body.code]).toEqual([409, 'CASE_SUMMARY_NO_DRAFT']);
    const v2 = ok(await call<PatientSummary>('eye', 'PUT', `/cases/${id}/patient-summary`, { body: 'Better words.' }));
    expect(v2.versions.map((v) => [v.version, v.body, v.approvedAt !== null])).toEqual([
      [1, 'First words.', true],
      [2, 'Better words.', false],
    ]);
    const mine = ok(await call<MyConsultSummaryList>('patient', 'GET', '/my/consult-summaries'));
    expect(mine.items.find((i) => i.caseId === id)!.body).toBe('First words.');
  });

  it('refuses a notice when the patient record has no email, approving nothing', async () => {
    const id = await screening(otherPatientId);
    ok(await call('eye', 'PUT', `/cases/${id}/patient-summary`, { body: 'Words.' }));
    const r = await call('eye', 'POST', `/cases/${id}/patient-summary/approve`, { notifyPatient: true });
    expect([r.status, r.body.code]).toEqual([422, 'PATIENT_EMAIL_MISSING']);
    expect(ok(await call<PatientSummary>('eye', 'GET', `/cases/${id}/patient-summary`)).versions[0]!.approvedAt).toBeNull();
  });

  it('lets only the assigned specialist write it, after the report, and refuses bad input', async () => {
    const id = await screening(patient.id, {});
    const early = await call('eye', 'PUT', `/cases/${id}/patient-summary`, { body: 'Too early' });
    expect([early.status, early.body.code]).toEqual([409, 'CASE_REPORT_NOT_SIGNED']);
    const earlyApprove = await call('eye', 'POST', `/cases/${id}/patient-summary/approve`, {});
    expect([earlyApprove.status, earlyApprove.body.code]).toEqual([409, 'CASE_REPORT_NOT_SIGNED']);
    ok(await call('eye', 'POST', `/cases/${id}/report`, DR_REPORT));
    expect((await call('eye2', 'PUT', `/cases/${id}/patient-summary`, { body: 'Not mine' })).status).toBe(403);
    expect((await call('gp', 'PUT', `/cases/${id}/patient-summary`, { body: 'Referrer' })).status).toBe(403);
    expect((await call('eye', 'PUT', `/cases/${id}/patient-summary`, { body: '' })).status).toBe(400);
    expect((await call('eye', 'PUT', `/cases/${id}/patient-summary`, { body: 'x'.repeat(4001) })).status).toBe(400);
    expect((await call('otherOrgAdmin', 'GET', `/cases/${id}/patient-summary`)).status).toBe(404);
    expect(await auditOf('case.summary.read', id, 'denied')).toHaveLength(1);
    expect(ok(await call<PatientSummary>('eye', 'GET', `/cases/${id}/patient-summary`)).versions).toEqual([]);
  });

  it('refuses approval by the referrer (403) and by another specialist of the case (403), approving nothing', async () => {
    const id = await screening();
    ok(await call('eye', 'PUT', `/cases/${id}/patient-summary`, { body: 'Draft words.' }));
    const gp = await call('gp', 'POST', `/cases/${id}/patient-summary/approve`, {});
    expect([gp.status, gp.body.code]).toEqual([403, 'FORBIDDEN']);
    const other = await call('eye2', 'POST', `/cases/${id}/patient-summary/approve`, {});
    expect([other.status, other.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(await auditOf('case.summary.approve', id, 'denied')).toHaveLength(1);
    expect(ok(await call<PatientSummary>('eye', 'GET', `/cases/${id}/patient-summary`)).versions[0]!.approvedAt).toBeNull();
    expect((await call('otherOrgAdmin', 'POST', `/cases/${id}/patient-summary/approve`, {})).status).toBe(403);
  });

  it('shows the referring side approved versions only; markup in the text is kept as text and never mailed', async () => {
    const id = await screening();
    const text = 'Your photos look fine. <script>alert("x")</script><img src=x onerror=alert(2)>';
    ok(await call('eye', 'PUT', `/cases/${id}/patient-summary`, { body: text }));
    expect(ok(await call<PatientSummary>('gp', 'GET', `/cases/${id}/patient-summary`)).versions).toEqual([]);
    ok(await call('eye', 'POST', `/cases/${id}/patient-summary/approve`, { notifyPatient: true }));
    ok(await call('eye', 'PUT', `/cases/${id}/patient-summary`, { body: 'A second draft.' }));
    const seen = ok(await call<PatientSummary>('gp', 'GET', `/cases/${id}/patient-summary`));
    expect(seen.versions.map((v) => [v.version, v.body])).toEqual([[1, text]]);
    expect(ok(await call<PatientSummary>('eye', 'GET', `/cases/${id}/patient-summary`)).versions).toHaveLength(2);
    const mail = await smtp.waitFor((m) => m.to.includes(patient.email) && m.raw.includes('summary of your specialist consult'));
    expect(mail.raw).not.toContain('script');
    expect(mail.raw).not.toContain(id);
  });

  it('lists summaries only for patient logins', async () => {
    expect((await call('gp', 'GET', '/my/consult-summaries')).status).toBe(403);
  });
});

describe('follow-up after recommend_visit', () => {
  it('offers a visit and schedules a video visit hosted by the specialist through the visits module', async () => {
    const id = await screening();
    const before = ok(await call<FollowUps>('gp', 'GET', `/cases/${id}/follow-ups`));
    expect(before).toEqual({ offer: { outcome: 'recommend_visit', timeFrame: 'within 3 months', specialistId: ids.eye }, items: [] });
    const start = new Date(t.clock.now() + 7 * 86_400_000).toISOString();
    const f = ok(await call<{ id: string; visitId: string }>('gp', 'POST', `/cases/${id}/follow-ups`, { kind: 'video', scheduledStart: start, durationMinutes: 20 }), 201);
    const visit = await t.services.visits.get(systemActor(org.organizationId), f.visitId);
    expect(visit).toMatchObject({ patientId: patient.id, siteId: org.siteA, hostUserId: ids.eye, status: 'scheduled', scheduledStart: start, durationMinutes: 20 });
    // the visit names the case it came from, and carries the recommended window in its reason
    const seen = ok(await call<{ caseId: string | null; reason: string }>('gp', 'GET', `/visits/${f.visitId}`));
    expect(seen.caseId).toBe(id);
    expect(seen.reason).toBe('Follow-up visit recommended by a specialist consult (within 3 months)');
    // the specialist who hosts it is told in the app and by email, without PHI
    const notes = ok(await call<{ items: { kind: string; title: string; caseId: string | null }[] }>('eye', 'GET', '/notifications'));
    expect(notes.items.filter((n) => n.kind === 'case_follow_up' && n.caseId === id)).toHaveLength(1);
    const mail = await smtp.waitFor((m) => m.raw.includes('Subject: A follow-up video visit from a consult was scheduled with you'));
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(`/cases/${id}`);
    expect(mail.raw).not.toContain(patient.familyName);
    const after = ok(await call<FollowUps>('eye', 'GET', `/cases/${id}/follow-ups`));
    expect(after.items).toMatchObject([{ kind: 'video', visitId: f.visitId, scheduledStart: start }]);
    expect(await auditOf('case.follow_up.create', id)).toHaveLength(1);
  });

  it('records an in-person visit with its place, and refuses one without', async () => {
    const id = await screening();
    const start = new Date(t.clock.now() + 14 * 86_400_000).toISOString();
    const bad = await call('gp', 'POST', `/cases/${id}/follow-ups`, { kind: 'in_person', scheduledStart: start, durationMinutes: 30 });
    expect(bad.status).toBe(400);
    ok(await call('gp', 'POST', `/cases/${id}/follow-ups`, { kind: 'in_person', scheduledStart: start, durationMinutes: 30, location: 'Eye clinic, room 4' }), 201);
    expect(ok(await call<FollowUps>('gp', 'GET', `/cases/${id}/follow-ups`)).items).toMatchObject([{ kind: 'in_person', visitId: null, location: 'Eye clinic, room 4' }]);
  });

  it('offers nothing when the report needs no visit, and refuses to schedule one', async () => {
    const id = await screening(patient.id, { ...DR_REPORT, outcome: 'answered_no_visit_needed', timeFrame: undefined });
    expect(ok(await call<FollowUps>('gp', 'GET', `/cases/${id}/follow-ups`)).offer).toBeNull();
    const r = await call('gp', 'POST', `/cases/${id}/follow-ups`, { kind: 'in_person', scheduledStart: new Date(t.clock.now()).toISOString(), durationMinutes: 30, location: 'Clinic' });
    expect([r.status, r.body.code]).toEqual([409, 'CASE_FOLLOW_UP_NOT_OFFERED']);
    expect(ok(await call<FollowUps>('gp', 'GET', `/cases/${id}/follow-ups`)).items).toEqual([]);
  });

  it('lets only the referring side schedule, and 404s another organization (audited)', async () => {
    const id = await screening();
    const body = { kind: 'in_person', scheduledStart: new Date(t.clock.now()).toISOString(), durationMinutes: 30, location: 'Clinic' };
    expect((await call('eye', 'POST', `/cases/${id}/follow-ups`, body)).status).toBe(403);
    expect((await call('otherOrgAdmin', 'POST', `/cases/${id}/follow-ups`, body)).status).toBe(404);
    expect(await auditOf('case.follow_up.create', id, 'denied')).toHaveLength(1);
    expect((await call('otherOrgAdmin', 'GET', `/cases/${id}/follow-ups`)).status).toBe(404);
  });
});

describe('amendments', () => {
  it('refuses an amendment without a reason or with a blank one (400), changing nothing', async () => {
    const id = await screening();
    const missing = await call('eye', 'POST', `/cases/${id}/report/amendments`, DR_REPORT);
    expect([missing.status, missing.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const blank = await call('eye', 'POST', `/cases/${id}/report/amendments`, { ...DR_REPORT, reason: '   ' });
    expect([blank.status, blank.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const c = ok(await call<{ reports: unknown[]; state: string }>('gp', 'GET', `/cases/${id}`));
    expect([c.reports.length, c.state]).toEqual([1, 'answered']);
  });

  it('lists every version with signer, time and reason for the referrer, and tells the referrer in the app', async () => {
    const id = await screening();
    t.clock.advance(60_000);
    ok(await call('eye', 'POST', `/cases/${id}/report/amendments`, { ...DR_REPORT, timeFrame: 'within 4 weeks', reason: 'Re-graded the left eye' }));
    const c = ok(await call<{ reports: { version: number; signedBy: string; signedAt: string; amendmentReason: string | null; timeFrame: string | null }[] }>('gp', 'GET', `/cases/${id}`));
    expect(c.reports.map((r) => [r.version, r.signedBy, r.amendmentReason, r.timeFrame])).toEqual([
      [1, ids.eye, null, 'within 3 months'],
      [2, ids.eye, 'Re-graded the left eye', 'within 4 weeks'],
    ]);
    expect(Date.parse(c.reports[1]!.signedAt) - Date.parse(c.reports[0]!.signedAt)).toBe(60_000);
    const notes = ok(await call<{ items: { kind: string; caseId?: string | null; resourceId?: string | null }[] }>('gp', 'GET', '/notifications'));
    expect(JSON.stringify(notes.items)).toContain('case_amendment');
    // the follow-up offer follows the report in force
    expect(ok(await call<FollowUps>('gp', 'GET', `/cases/${id}/follow-ups`)).offer).toMatchObject({ timeFrame: 'within 4 weeks' });
  });
});
