import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleAssignment } from '@telehealth/contracts/identity';
import type { Case, CaseTemplate } from '@telehealth/contracts/cases';
import type { NotificationList } from '@telehealth/contracts/case-flow';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../testing/smtp.js';
import { CaseCriticalService } from './case-critical.service.js';

// A critical result must be acknowledged within ACK minutes, else it is escalated.
const ACK = 30;
const MIN = 60_000;
const SCRIPT = '<script>alert("x")</script> 2 cm mass';

let t: TestApp;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url, caseCriticalAckMinutes: ACK });
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

type Who = { id: string; email: string; token: string };
const radiologist: RoleAssignment = { role: 'specialist', siteId: null, specialties: ['radiology'], languages: [] };

/** An organization with a referring clinician at siteA, colleagues at both sites, admins, and a radiologist. */
async function world() {
  const org: OrgFixture = await createOrg(t);
  const patientId = await createPatient(t, org.organizationId, org.siteA);
  const make = async (roles: RoleAssignment[], o: OrgFixture = org): Promise<Who> => {
    const u = await createUser(t, o.organizationId, roles);
    return { id: u.id, email: u.email, token: await bearerFor(t, u.id) };
  };
  const other = await createOrg(t);
  return {
    org,
    patientId,
    gp: await make([roleAt('clinician', org.siteA)]),
    colleague: await make([roleAt('clinician', org.siteA)]),
    nurse: await make([roleAt('nurse', org.siteA)]),
    otherSiteGp: await make([roleAt('clinician', org.siteB)]),
    siteAdmin: await make([roleAt('admin', org.siteA)]),
    otherSiteAdmin: await make([roleAt('admin', org.siteB)]),
    orgAdmin: await make([roleAt('admin', null)]),
    rad: await make([radiologist]),
    otherOrgGp: await make([roleAt('clinician', null)], other),
  };
}
type World = Awaited<ReturnType<typeof world>>;

async function call<T = Case>(who: Who, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${who.token}` }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json<T & { code?: string }>() };
}

const REPORT = {
  outcome: 'recommend_urgent_visit' as const,
  fields: { technique: 'CT head without contrast', comparison: 'None', findings: SCRIPT, impression: 'Acute subdural haematoma' },
};

/** A radiology case submitted by the GP and claimed by the radiologist. */
async function claimed(w: World): Promise<string> {
  const c = await call(w.gp, 'POST', '/cases', {
    patientId: w.patientId, siteId: w.org.siteA, specialty: 'radiology', urgency: 'stat', question: 'Bleed?',
    history: { clinical_indication: 'Fall, on anticoagulants', modality: 'ct', body_part: 'Head' }, consent: { given: true, method: 'verbal' },
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  expect((await call(w.gp, 'POST', `/cases/${c.body.id}/submit`)).status).toBe(200);
  expect((await call(w.rad, 'POST', `/cases/${c.body.id}/claim`)).status).toBe(200);
  return c.body.id;
}

async function signedCritical(w: World): Promise<string> {
  const id = await claimed(w);
  const r = await call(w.rad, 'POST', `/cases/${id}/report`, { ...REPORT, critical: true, criticalFinding: 'Acute subdural haematoma with midline shift' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return id;
}

async function notices(who: Who, caseId: string, kind: string): Promise<number> {
  const list = await call<NotificationList>(who, 'GET', '/notifications?limit=100');
  return list.body.items.filter((n) => n.caseId === caseId && n.kind === kind).length;
}

const mailsTo = (who: Who, text: string) => smtp.messages.filter((m) => m.to.includes(who.email) && m.raw.includes(text));

async function auditRows(caseId: string, action: string) {
  await t.services.audit.flush();
  const rows = [];
  for await (const e of t.services.audit.iterate({ action })) if (e.resourceId === caseId) rows.push(e);
  return rows;
}

describe('radiology template', () => {
  it('is served as data with technique, comparison, findings and impression, and a DICOM study view', async () => {
    const w = await world();
    const list = await call<{ items: CaseTemplate[] }>(w.gp, 'GET', '/case-templates');
    const rad = list.body.items.find((x) => x.specialty === 'radiology');
    expect(rad?.reportFields.map((f) => f.key)).toEqual(['technique', 'comparison', 'findings', 'impression']);
    expect(rad?.views.find((v) => v.key === 'study')?.kind).toBe('dicom_study');
  });
});

describe('critical results', () => {
  it('tells the referrer at once in the app and by email without PHI, and stores the finding as given', async () => {
    const w = await world();
    const id = await signedCritical(w);
    expect(await notices(w.gp, id, 'case_critical')).toBe(1);
    expect(await notices(w.gp, id, 'case_report')).toBe(0);
    const mail = await smtp.waitFor((m) => m.to.includes(w.gp.email) && m.raw.includes('Critical result'));
    const subject = /^Subject: (.*)$/m.exec(mail.raw)?.[1] ?? '';
    expect(subject).toContain('Critical result on a consult');
    expect(mail.raw).toContain(`/cases/${id}`);
    for (const phi of ['haematoma', 'Bleed', 'anticoagulants', 'script']) expect(mail.raw).not.toContain(phi);
    const c = await call(w.gp, 'GET', `/cases/${id}`);
    expect(c.body.reports[0]!.fields.findings).toBe(SCRIPT);
    expect(c.body.criticalResults).toHaveLength(1);
    const cr = c.body.criticalResults[0]!;
    expect(cr).toMatchObject({ reportVersion: 1, finding: 'Acute subdural haematoma with midline shift', flaggedBy: w.rad.id, acknowledgedAt: null, escalatedAt: null });
    expect(Date.parse(cr.ackDueAt) - Date.parse(cr.flaggedAt)).toBe(ACK * MIN);
    expect(c.body.events.filter((e) => e.event === 'critical_result')).toHaveLength(1);
    expect(await auditRows(id, 'case.critical.flag')).toHaveLength(1);
  });

  it('escalates an unacknowledged result exactly at the configured time, once, even with two sweepers', async () => {
    const w = await world();
    const id = await signedCritical(w);
    t.clock.advance((ACK - 1) * MIN);
    await t.services.caseCritical.sweep();
    expect(await notices(w.siteAdmin, id, 'case_critical_escalation')).toBe(0);
    t.clock.advance(1 * MIN);
    // two servers (or one restarted mid-sweep) sweeping at once: each escalation exists once
    const other = new CaseCriticalService(t.services.cases);
    await Promise.all([t.services.caseCritical.sweep(), other.sweep(), other.sweep()]);
    await t.services.caseCritical.sweep();
    for (const who of [w.siteAdmin, w.orgAdmin, w.gp]) expect(await notices(who, id, 'case_critical_escalation')).toBe(1);
    for (const who of [w.otherSiteAdmin, w.colleague, w.rad]) expect(await notices(who, id, 'case_critical_escalation')).toBe(0);
    await smtp.waitFor((m) => m.to.includes(w.siteAdmin.email) && m.raw.includes('not been acknowledged'));
    await smtp.waitFor((m) => m.to.includes(w.gp.email) && m.raw.includes('not been acknowledged'));
    expect(mailsTo(w.siteAdmin, 'not been acknowledged')).toHaveLength(1);
    const c = await call(w.gp, 'GET', `/cases/${id}`);
    expect(c.body.criticalResults[0]!.escalatedAt).toBe(new Date(t.clock.now()).toISOString());
    expect(c.body.events.filter((e) => e.event === 'critical_escalated')).toHaveLength(1);
    expect(await auditRows(id, 'case.critical.escalate')).toHaveLength(1);
    // still acknowledgeable after the escalation
    expect((await call(w.gp, 'POST', `/cases/${id}/critical-result/acknowledge`)).body.criticalResults[0]!.acknowledgedBy).toBe(w.gp.id);
  });

  it('records who acknowledged and when, and does not escalate an acknowledged result; acknowledging twice changes nothing', async () => {
    const w = await world();
    const id = await signedCritical(w);
    t.clock.advance(5 * MIN);
    const acked = await call(w.colleague, 'POST', `/cases/${id}/critical-result/acknowledge`);
    expect(acked.status).toBe(200);
    const ackedAt = new Date(t.clock.now()).toISOString();
    expect(acked.body.criticalResults[0]).toMatchObject({ acknowledgedBy: w.colleague.id, acknowledgedAt: ackedAt });
    t.clock.advance(1 * MIN);
    const again = await call(w.gp, 'POST', `/cases/${id}/critical-result/acknowledge`);
    expect(again.status).toBe(200);
    expect(again.body.criticalResults[0]).toMatchObject({ acknowledgedBy: w.colleague.id, acknowledgedAt: ackedAt });
    expect(again.body.events.filter((e) => e.event === 'critical_acknowledged')).toHaveLength(1);
    // the radiologist sees the acknowledgement, and the report PDF records it
    const seen = await call(w.rad, 'GET', `/cases/${id}`);
    expect(seen.body.criticalResults[0]!.acknowledgedByName).toBeTruthy();
    const pdf = await t.app.inject({ url: `/api/v1/cases/${id}/report.pdf`, headers: { authorization: `Bearer ${w.gp.token}` } });
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf.rawPayload }).stdout.toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain('Critical results Version 1: Acute subdural haematoma with midline shift');
    expect(text).toContain(`Acknowledged by ${seen.body.criticalResults[0]!.acknowledgedByName}`);
    t.clock.advance(2 * ACK * MIN);
    await t.services.caseCritical.sweep();
    for (const who of [w.siteAdmin, w.orgAdmin, w.gp]) expect(await notices(who, id, 'case_critical_escalation')).toBe(0);
    expect(await auditRows(id, 'case.critical.acknowledge')).toHaveLength(2);
  });

  it('requires a new acknowledgement when an amendment flags a critical result', async () => {
    const w = await world();
    const id = await claimed(w);
    expect((await call(w.rad, 'POST', `/cases/${id}/report`, REPORT)).body.criticalResults).toEqual([]);
    const amended = await call(w.rad, 'POST', `/cases/${id}/report/amendments`, { ...REPORT, reason: 'Missed finding', critical: true, criticalFinding: 'Pneumothorax' });
    expect(amended.status).toBe(200);
    expect(amended.body.criticalResults).toMatchObject([{ reportVersion: 2, finding: 'Pneumothorax', acknowledgedAt: null }]);
    expect(await notices(w.gp, id, 'case_critical')).toBe(1);
  });
});

describe('critical results: hostile input', () => {
  it('refuses acknowledgement by anyone but the referrer or a clinician of the referring site, and changes nothing', async () => {
    const w = await world();
    const id = await signedCritical(w);
    const expected: [Who, number, string][] = [
      [w.nurse, 403, 'CASE_CRITICAL_ACK_FORBIDDEN'],
      [w.siteAdmin, 403, 'CASE_CRITICAL_ACK_FORBIDDEN'],
      [w.otherSiteGp, 403, 'FORBIDDEN'],
      [w.rad, 403, 'FORBIDDEN'],
      [w.otherOrgGp, 404, 'CASE_NOT_FOUND'],
    ];
    for (const [who, status, code] of expected) {
      const r = await call(who, 'POST', `/cases/${id}/critical-result/acknowledge`);
      expect([r.status, r.body.code]).toEqual([status, code]);
    }
    const c = await call(w.gp, 'GET', `/cases/${id}`);
    expect(c.body.criticalResults[0]).toMatchObject({ acknowledgedBy: null, acknowledgedAt: null });
    expect(c.body.events.filter((e) => e.event === 'critical_acknowledged')).toHaveLength(0);
    const denied = (await auditRows(id, 'case.critical.acknowledge')).filter((e) => e.outcome === 'denied');
    expect(denied.length).toBeGreaterThanOrEqual(4);
    expect(denied.every((e) => e.patientId === w.patientId)).toBe(true);
  });

  it('answers CASE_NOT_CRITICAL for a case without a critical result, before or after its report', async () => {
    const w = await world();
    const id = await claimed(w);
    const before = await call(w.gp, 'POST', `/cases/${id}/critical-result/acknowledge`);
    expect([before.status, before.body.code]).toEqual([409, 'CASE_NOT_CRITICAL']);
    await call(w.rad, 'POST', `/cases/${id}/report`, REPORT);
    const after = await call(w.gp, 'POST', `/cases/${id}/critical-result/acknowledge`);
    expect([after.status, after.body.code]).toEqual([409, 'CASE_NOT_CRITICAL']);
    expect((await call(w.gp, 'GET', `/cases/${id}`)).body.events.filter((e) => e.event.startsWith('critical'))).toHaveLength(0);
  });

  it('refuses a critical flag without a finding, a finding without the flag, and a critical retake request, signing nothing', async () => {
    const w = await world();
    const id = await claimed(w);
    const bad: [object, string][] = [
      [{ ...REPORT, critical: true }, '/criticalFinding'],
      [{ ...REPORT, critical: true, criticalFinding: '   ' }, '/criticalFinding'],
      [{ ...REPORT, criticalFinding: 'Mass' }, '/criticalFinding'],
      [{ outcome: 'retake_requested', fields: {}, critical: true, criticalFinding: 'Mass' }, '/critical'],
    ];
    for (const [body, path] of bad) {
      const r = await call<{ errors: { path: string }[] }>(w.rad, 'POST', `/cases/${id}/report`, body);
      expect([r.status, r.body.code]).toEqual([400, 'CASE_FIELDS_INVALID']);
      expect(r.body.errors.map((e) => e.path)).toContain(path);
    }
    const c = await call(w.gp, 'GET', `/cases/${id}`);
    expect([c.body.state, c.body.reports.length, c.body.criticalResults.length]).toEqual(['assigned', 0, 0]);
    expect(await notices(w.gp, id, 'case_critical')).toBe(0);
  });
});
