import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visit, VisitNote, VisitNoteList } from '@telehealth/contracts/visits';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createPatientLogin, createUser, roleAt, systemActor, unique, type OrgFixture } from '../../testing/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../testing/smtp.js';
import { VisitReminders } from './visit-reminders.js';

const LEAD_MIN = 60;
let t: TestApp;
let smtp: TestSmtpServer;
let org: OrgFixture;
let other: OrgFixture;
let clinicianId: string;
let clinician: string;
let patientId: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url, visitReminderMinutes: LEAD_MIN });
  org = await createOrg(t);
  other = await createOrg(t);
  const c = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
  clinicianId = c.id;
  clinician = await bearerFor(t, c.id);
  patientId = await createPatient(t, org.organizationId, org.siteA);
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const admin = () => systemActor(org.organizationId);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A visit starting `inMinutes` from now with a patient invitation to a fresh address. */
async function invitedVisit(inMinutes: number): Promise<{ visit: Visit; email: string }> {
  const visit = await t.services.visits.create(admin(), {
    patientId, siteId: org.siteA, hostUserId: clinicianId, scheduledStart: new Date(t.clock.now() + inMinutes * 60_000).toISOString(), durationMinutes: 20, reason: 'Rash follow-up',
  });
  const email = `${unique('p')}@example.test`;
  await t.services.visits.invite(admin(), visit.id, { kind: 'patient', email, sendEmail: false });
  return { visit, email };
}

describe('visit reminders', () => {
  it('emails the invited patient once when the start comes within the lead time, and never again after a restart', async () => {
    const { visit, email } = await invitedVisit(LEAD_MIN + 30);
    expect(await t.services.visitReminders.sweep()).not.toContain(visit.id);
    t.clock.advance(31 * 60_000);
    expect(await t.services.visitReminders.sweep()).toContain(visit.id);
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.raw).toContain('Reminder: your video visit');
    expect(mail.raw).not.toContain('Rash'); // no reason (PHI) in the mail
    // the same poller, or a new one after a restart, does not send it twice
    expect(await t.services.visitReminders.sweep()).not.toContain(visit.id);
    const restarted = new VisitReminders(t.services.database.db, t.services.audit, t.clock.now, t.services.mailer, LEAD_MIN);
    expect(await restarted.sweep()).not.toContain(visit.id);
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('reminds again after a reschedule, and never for a cancelled visit or one already started', async () => {
    const { visit, email } = await invitedVisit(30);
    expect(await t.services.visitReminders.sweep()).toContain(visit.id);
    await t.services.visits.reschedule(admin(), visit.id, { scheduledStart: new Date(t.clock.now() + 45 * 60_000).toISOString() });
    expect(await t.services.visitReminders.sweep()).toContain(visit.id);
    await expect.poll(() => smtp.messages.filter((m) => m.to.includes(email)).length).toBe(2);
    const cancelled = await invitedVisit(20);
    await t.services.visits.cancel(admin(), cancelled.visit.id);
    const past = await invitedVisit(-5);
    const sent = await t.services.visitReminders.sweep();
    expect(sent).not.toContain(cancelled.visit.id);
    expect(sent).not.toContain(past.visit.id);
  });

  it('sends nothing when reminders are turned off', async () => {
    const { visit } = await invitedVisit(10);
    const off = new VisitReminders(t.services.database.db, t.services.audit, t.clock.now, t.services.mailer, 0);
    expect(await off.sweep()).toEqual([]);
    expect(await t.services.visitReminders.sweep()).toContain(visit.id);
  });
});

describe('visit notes', () => {
  it('stores the clinician’s notes with the visit, in order, audited', async () => {
    const { visit } = await invitedVisit(120);
    const url = `/api/v1/visits/${visit.id}/notes`;
    const first = await t.app.inject({ method: 'POST', url, headers: bearer(clinician), payload: { body: 'Rash improving.' } });
    expect(first.statusCode).toBe(201);
    expect(first.json<VisitNote>()).toMatchObject({ authorUserId: clinicianId, body: 'Rash improving.' });
    t.clock.advance(1000);
    await t.app.inject({ method: 'POST', url, headers: bearer(clinician), payload: { body: 'Continue cream two weeks.' } });
    const list = await t.app.inject({ method: 'GET', url, headers: bearer(clinician) });
    expect(list.statusCode).toBe(200);
    expect(list.json<VisitNoteList>().items.map((n) => n.body)).toEqual(['Rash improving.', 'Continue cream two weeks.']);
    await t.services.audit.flush();
    const actions: string[] = [];
    for await (const e of t.services.audit.iterate({})) if (e.resourceId === visit.id && e.action.startsWith('visit.notes')) actions.push(e.action);
    expect(actions.sort()).toEqual(['visit.notes.read', 'visit.notes.write', 'visit.notes.write']);
    // the visit record the patient may read does not carry them
    expect(JSON.stringify(await t.services.visits.get(admin(), visit.id))).not.toContain('Rash improving');
  });

  it('refuses bad input and changes nothing', async () => {
    const { visit } = await invitedVisit(120);
    const url = `/api/v1/visits/${visit.id}/notes`;
    for (const payload of [{}, { body: '' }, { body: 'x'.repeat(10_001) }, { body: 'ok', extra: 1 }]) {
      const res = await t.app.inject({ method: 'POST', url, headers: bearer(clinician), payload });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.app.inject({ method: 'GET', url, headers: bearer(clinician) })).json<VisitNoteList>().items).toEqual([]);
  });

  it('hides notes from the patient and from another organization (404, audited)', async () => {
    const { visit } = await invitedVisit(120);
    const url = `/api/v1/visits/${visit.id}/notes`;
    await t.app.inject({ method: 'POST', url, headers: bearer(clinician), payload: { body: 'Private note' } });
    const login = await createPatientLogin(t, org.organizationId, org.siteA);
    const patientToken = await bearerFor(t, login.user.id);
    expect((await t.app.inject({ method: 'GET', url, headers: bearer(patientToken) })).statusCode).toBe(403);
    const foreign = await createUser(t, other.organizationId, [roleAt('clinician', other.siteA)]);
    const foreignToken = await bearerFor(t, foreign.id);
    const res = await t.app.inject({ method: 'GET', url, headers: bearer(foreignToken) });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Private note');
    await t.services.audit.flush();
    let denied = 0;
    for await (const e of t.services.audit.iterate({})) if (e.resourceId === visit.id && e.action === 'visit.notes.read' && e.outcome === 'denied') denied++;
    expect(denied).toBe(1);
  });
});
