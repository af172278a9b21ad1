import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '@telehealth/contracts/cases';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../testing/smtp.js';
import { DERM_HISTORY, DERM_REPORT } from './cases.access.js';

let t: TestApp;
let smtp: TestSmtpServer;
let org: OrgFixture;
let patientId: string;
const tok = {} as Record<'gp' | 'derm' | 'derm2' | 'eye' | 'otherDerm' | 'otherSiteGp', string>;
const ids = {} as Record<'gp' | 'derm' | 'derm2', string>;
const emails = {} as Record<'gp' | 'derm', string>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url, caseTurnaroundMinutes: { routine: 4320, urgent: 1440, stat: 90 } });
  org = await createOrg(t);
  const other = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  const gp = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
  const derm = await createUser(t, org.organizationId, [roleAt('specialist', null)]);
  const derm2 = await createUser(t, org.organizationId, [roleAt('specialist', null)]);
  const eye = await createUser(t, org.organizationId, [{ role: 'specialist', siteId: null, specialties: ['ophthalmology'], languages: [] }]);
  const otherDerm = await createUser(t, other.organizationId, [roleAt('specialist', null)]);
  const otherSiteGp = await createUser(t, org.organizationId, [roleAt('clinician', org.siteB)]);
  Object.assign(ids, { gp: gp.id, derm: derm.id, derm2: derm2.id });
  Object.assign(emails, { gp: gp.email, derm: derm.email });
  for (const [k, u] of Object.entries({ gp, derm, derm2, eye, otherDerm, otherSiteGp })) tok[k as keyof typeof tok] = await bearerFor(t, u.id);
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function call(who: keyof typeof tok, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${tok[who]}`, ...headers }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json<Case & { code?: string; errors?: { path: string }[] }>() };
}

async function draft(extra: object = {}): Promise<string> {
  const r = await call('gp', 'POST', '/cases', {
    patientId,
    siteId: org.siteA,
    specialty: 'dermatology',
    question: 'Benign?',
    history: DERM_HISTORY,
    consent: { given: true, method: 'verbal' },
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function submitted(): Promise<string> {
  const id = await draft();
  expect((await call('gp', 'POST', `/cases/${id}/submit`)).status).toBe(200);
  return id;
}

describe('templates and drafts', () => {
  it('lists the seeded specialty templates as data, with required views and report fields', async () => {
    const r = await t.app.inject({ url: '/api/v1/case-templates', headers: { authorization: `Bearer ${tok.gp}` } });
    const items = r.json<{ items: { specialty: string; views: { key: string }[] }[] }>().items;
    expect(items.map((i) => i.specialty).sort()).toEqual(['dermatology', 'general', 'ophthalmology', 'radiology', 'urology']);
    expect(items.find((i) => i.specialty === 'ophthalmology')!.views.map((v) => v.key)).toEqual(['right_macula', 'right_disc', 'left_macula', 'left_disc']);
  });

  it('adds a specialty by inserting a template row, with no code change', async () => {
    const def = { specialty: 'wound_care', title: 'Wound care', version: 1, historyFields: [{ key: 'size_cm', label: 'Size', type: 'number', required: true }], views: [], reportFields: [{ key: 'plan', label: 'Plan', type: 'longtext', required: true }] };
    await t.db.database.rawTransaction((tx) => tx.query('INSERT INTO case_templates (specialty, definition) VALUES ($1, $2)', ['wound_care', JSON.stringify(def)]));
    const wound = await call('gp', 'POST', '/cases', { patientId, siteId: org.siteA, specialty: 'wound_care', history: { size_cm: 'big' } });
    expect([wound.status, wound.body.code]).toEqual([400, 'CASE_FIELDS_INVALID']);
    const ok = await call('gp', 'POST', '/cases', { patientId, siteId: org.siteA, specialty: 'wound_care', history: { size_cm: 3.5 } });
    expect([ok.status, ok.body.specialty]).toEqual([201, 'wound_care']);
  });

  it('saves a partial draft, refuses history that does not match the template, and reports missing views', async () => {
    const r = await call('gp', 'POST', '/cases', { patientId, siteId: org.siteA, specialty: 'dermatology' });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('draft');
    expect(r.body.missingViews).toEqual(['far', 'medium', 'close_up']);
    const saved = await call('gp', 'PATCH', `/cases/${r.body.id}`, { history: { duration: '2 weeks' } });
    expect(saved.body.history).toEqual({ duration: '2 weeks' });
    const bad = await call('gp', 'PATCH', `/cases/${r.body.id}`, { history: { evolution: 'exploding', shoe_size: 9 } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CASE_FIELDS_INVALID');
    expect(bad.body.errors!.map((e) => e.path).sort()).toEqual(['/history/evolution', '/history/shoe_size']);
    expect((await call('gp', 'GET', `/cases/${r.body.id}`)).body.history).toEqual({ duration: '2 weeks' });
    expect((await call('gp', 'POST', '/cases', { patientId, siteId: org.siteA, specialty: 'astrology' })).body.code).toBe('SPECIALTY_UNKNOWN');
  });

  it('refuses to submit without consent or required history, naming what is missing', async () => {
    const r = await call('gp', 'POST', '/cases', { patientId, siteId: org.siteA, specialty: 'dermatology', question: 'Q' });
    const s = await call('gp', 'POST', `/cases/${r.body.id}/submit`);
    expect(s.status).toBe(422);
    expect(s.body.code).toBe('CASE_INCOMPLETE');
    expect(s.body.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['/consent', '/history/lesion_site', '/history/duration']));
    expect((await call('gp', 'GET', `/cases/${r.body.id}`)).body.state).toBe('draft');
  });

  it('keeps script in a question as text', async () => {
    const id = await draft({ question: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
    const r = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: { authorization: `Bearer ${tok.gp}` } });
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json<Case>().question).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
  });
});

describe('submission', () => {
  it('is idempotent with an Idempotency-Key: a retry changes nothing and answers the same case', async () => {
    const id = await draft();
    const key = { 'idempotency-key': `k-${randomUUID()}` };
    const first = await call('gp', 'POST', `/cases/${id}/submit`, undefined, key);
    t.clock.advance(60_000);
    const again = await call('gp', 'POST', `/cases/${id}/submit`, undefined, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.submittedAt).toBe(first.body.submittedAt);
    expect(again.body.events.filter((e) => e.event === 'submit')).toHaveLength(1);
    // without the key, a second submit is a refused transition
    expect((await call('gp', 'POST', `/cases/${id}/submit`)).body.code).toBe('CASE_TRANSITION_INVALID');
    // the same key for another case is refused and submits nothing
    const other = await draft();
    const reused = await call('gp', 'POST', `/cases/${other}/submit`, undefined, key);
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await call('gp', 'GET', `/cases/${other}`)).body.state).toBe('draft');
  });

  it('creates nothing twice when the same key is submitted concurrently', async () => {
    const id = await draft();
    const key = { 'idempotency-key': `k-${randomUUID()}` };
    const both = await Promise.all([call('gp', 'POST', `/cases/${id}/submit`, undefined, key), call('gp', 'POST', `/cases/${id}/submit`, undefined, key)]);
    expect(both.map((b) => b.status)).toEqual([200, 200]);
    expect((await call('gp', 'GET', `/cases/${id}`)).body.events.filter((e) => e.event === 'submit')).toHaveLength(1);
  });

  it('sets the deadline from the configured turnaround of the urgency', async () => {
    const id = await draft({ urgency: 'stat' });
    const s = await call('gp', 'POST', `/cases/${id}/submit`);
    expect(Date.parse(s.body.dueAt!) - Date.parse(s.body.submittedAt!)).toBe(90 * 60_000);
  });
});

describe('routing and access', () => {
  it('lets exactly one of two specialists claiming at once win', async () => {
    const id = await submitted();
    const [a, b] = await Promise.all([call('derm', 'POST', `/cases/${id}/claim`), call('derm2', 'POST', `/cases/${id}/claim`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('CASE_ALREADY_CLAIMED');
    const c = await call('gp', 'GET', `/cases/${id}`);
    expect(c.body.state).toBe('assigned');
    expect([ids.derm, ids.derm2]).toContain(c.body.assigneeId);
    expect(c.body.events.filter((e) => e.event === 'claim')).toHaveLength(1);
  });

  it('shows the queue to specialists of the specialty only, and 404s (audited) another specialty or organization', async () => {
    const id = await submitted();
    expect((await t.app.inject({ url: '/api/v1/cases?view=queue&limit=200', headers: { authorization: `Bearer ${tok.derm}` } })).body).toContain(id);
    expect((await t.app.inject({ url: '/api/v1/cases?view=queue', headers: { authorization: `Bearer ${tok.eye}` } })).body).not.toContain(id);
    for (const who of ['eye', 'otherDerm'] as const) {
      for (const [m, u] of [['GET', ''], ['POST', '/claim']] as const) {
        const requestId = `case-deny-${randomUUID()}`;
        const r = await call(who, m, `/cases/${id}${u}`, undefined, { 'x-request-id': requestId });
        expect([r.status, r.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
        await t.services.audit.flush();
        const denied = [];
        for await (const e of t.services.audit.iterate({ outcome: 'denied' })) if (e.requestId === requestId) denied.push(e);
        expect(denied).toHaveLength(1);
        expect(denied[0]!.patientId).toBe(patientId);
      }
    }
    expect((await call('otherSiteGp', 'GET', `/cases/${id}`)).status).toBe(403);
  });

  it('hides drafts from specialists', async () => {
    const id = await draft();
    expect((await call('derm', 'GET', `/cases/${id}`)).status).toBe(404);
  });

  it('reassigns with a reason to another specialist of the specialty only', async () => {
    const id = await submitted();
    await call('derm', 'POST', `/cases/${id}/claim`);
    expect((await call('derm2', 'POST', `/cases/${id}/reassign`, { specialistId: ids.derm, reason: 'x' })).status).toBe(403);
    expect((await call('derm', 'POST', `/cases/${id}/reassign`, { specialistId: ids.gp, reason: 'x' })).body.code).toBe('SPECIALIST_INVALID');
    const r = await call('derm', 'POST', `/cases/${id}/reassign`, { specialistId: ids.derm2, reason: 'On leave' });
    expect([r.body.state, r.body.assigneeId, r.body.events.at(-1)!.reason]).toEqual(['assigned', ids.derm2, 'On leave']);
  });
});

describe('the specialist’s work', () => {
  it('runs question, reply, signed report, amendment and acknowledgement, pausing the clock and emailing without PHI', async () => {
    const id = await submitted();
    const due0 = Date.parse((await call('derm', 'POST', `/cases/${id}/claim`)).body.dueAt!);
    const asked = await call('derm', 'POST', `/cases/${id}/questions`, { body: 'How large is it?' });
    expect(asked.body.state).toBe('awaiting_information');
    const question = await smtp.waitFor((m) => m.to.includes(emails.gp) && m.raw.includes('asked a question'));
    expect(question.raw).toContain(`/cases/${id}`);
    expect(question.raw).not.toContain('How large');
    t.clock.advance(3 * 3600_000);
    const replied = await call('gp', 'POST', `/cases/${id}/replies`, { body: 'About 6 mm.' });
    expect(replied.body.state).toBe('in_review');
    expect(Date.parse(replied.body.dueAt!) - due0).toBe(3 * 3600_000);
    expect(replied.body.messages.map((m) => [m.side, m.body])).toEqual([['specialist', 'How large is it?'], ['referrer', 'About 6 mm.']]);
    await smtp.waitFor((m) => m.to.includes(emails.derm) && m.raw.includes('answered your question'));

    const noFrame = await call('derm', 'POST', `/cases/${id}/report`, { ...DERM_REPORT, timeFrame: undefined });
    expect(noFrame.body.code).toBe('CASE_FIELDS_INVALID');
    const signed = await call('derm', 'POST', `/cases/${id}/report`, DERM_REPORT);
    expect([signed.body.state, signed.body.reports.length]).toEqual(['answered', 1]);
    expect((await call('derm', 'POST', `/cases/${id}/report`, DERM_REPORT)).body.code).toBe('CASE_TRANSITION_INVALID');
    await smtp.waitFor((m) => m.to.includes(emails.gp) && m.raw.includes('report is ready'));

    expect((await call('gp', 'POST', `/cases/${id}/acknowledge`)).body.state).toBe('acknowledged');
    const amended = await call('derm', 'POST', `/cases/${id}/report/amendments`, { ...DERM_REPORT, fields: { ...DERM_REPORT.fields, management: 'Cryotherapy' }, reason: 'Changed plan' });
    expect(amended.body.state).toBe('answered');
    expect(amended.body.reports.map((r) => [r.version, r.amendmentReason, r.fields.management])).toEqual([
      [1, null, 'Reassure'],
      [2, 'Changed plan', 'Cryotherapy'],
    ]);
    await smtp.waitFor((m) => m.to.includes(emails.gp) && m.raw.includes('was amended'));
    expect((await call('gp', 'POST', `/cases/${id}/acknowledge`)).body.state).toBe('acknowledged');
    expect((await call('gp', 'POST', `/cases/${id}/close`)).body.state).toBe('closed');
    expect((await call('gp', 'POST', `/cases/${id}/withdraw`)).body.code).toBe('CASE_TRANSITION_INVALID');
  });

  it('returns a case for retake and accepts it resubmitted', async () => {
    const id = await submitted();
    await call('derm', 'POST', `/cases/${id}/claim`);
    expect((await call('derm2', 'POST', `/cases/${id}/questions`, { body: 'Mine?' })).status).toBe(403);
    const back = await call('derm', 'POST', `/cases/${id}/report`, { outcome: 'retake_requested', fields: {} });
    expect(back.body.state).toBe('returned');
    const again = await call('gp', 'POST', `/cases/${id}/submit`);
    expect([again.body.state, again.body.assigneeId]).toEqual(['submitted', null]);
  });

  it('assigns a case sent to a named specialist on submission', async () => {
    const id = await draft({ targetSpecialistId: ids.derm2 });
    const s = await call('gp', 'POST', `/cases/${id}/submit`);
    expect([s.body.state, s.body.assigneeId]).toEqual(['assigned', ids.derm2]);
    expect((await call('gp', 'POST', '/cases', { patientId, siteId: org.siteA, specialty: 'dermatology', targetSpecialistId: ids.gp })).body.code).toBe('SPECIALIST_INVALID');
  });
});
