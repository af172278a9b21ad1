import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, Visit, VisitDay, VisitDetail } from '@telehealth/contracts/visits';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, systemActor, type OrgFixture } from '../../testing/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../testing/smtp.js';

let t: TestApp;
let smtp: TestSmtpServer;
let org: OrgFixture;
let other: OrgFixture;
let clinician: string;
let clinicianId: string;
let patientId: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url });
  org = await createOrg(t);
  other = await createOrg(t);
  const c = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
  clinicianId = c.id;
  clinician = await bearerFor(t, c.id);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  await t.services.patients.update(systemActor(org.organizationId), patientId, { email: 'ada@example.test' });
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const auth = () => ({ authorization: `Bearer ${clinician}` });
const iso = (ms: number) => new Date(ms).toISOString();

async function createVisit(body: Record<string, unknown> = {}): Promise<Visit> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/visits',
    headers: auth(),
    payload: { patientId, siteId: org.siteA, scheduledStart: iso(t.clock.now() + 3600_000), durationMinutes: 20, reason: 'Rash follow-up', ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Visit>();
}

describe('visits: scheduling', () => {
  it('creates a scheduled visit hosted by the caller, with a host participant and a state row on its timeline', async () => {
    const v = await createVisit();
    expect(v).toMatchObject({ status: 'scheduled', hostUserId: clinicianId, modality: 'video', siteId: org.siteA });
    const detail = (await t.app.inject({ url: `/api/v1/visits/${v.id}`, headers: auth() })).json<VisitDetail>();
    expect(detail.participants.map((p) => p.kind)).toEqual(['host']);
    expect(detail.timeline).toMatchObject([{ kind: 'state', detail: { from: null, to: 'scheduled' } }]);
    expect(detail.durations).toEqual({ totalMs: 0, patientAndClinicianMs: 0, audioOnlyMs: 0 });
  });

  it('lists a site’s day in the site’s time zone (23:30 in Denver belongs to that Denver day)', async () => {
    // 2026-01-20 23:30 America/Denver (UTC-7) is 2026-01-21T06:30Z.
    const late = await createVisit({ scheduledStart: '2026-01-21T06:30:00.000Z' });
    const early = await createVisit({ scheduledStart: '2026-01-21T07:00:00.000Z' });
    const day = (d: string) => t.app.inject({ url: `/api/v1/sites/${org.siteA}/visits?date=${d}`, headers: auth() }).then((r) => r.json<VisitDay>());
    const d20 = await day('2026-01-20');
    expect(d20.timeZone).toBe('America/Denver');
    expect(d20.items.map((v) => v.id)).toContain(late.id);
    expect(d20.items.map((v) => v.id)).not.toContain(early.id);
    expect((await day('2026-01-21')).items.map((v) => v.id)).toContain(early.id);
  });

  it('reschedules a scheduled visit and refuses to reschedule or cancel a cancelled one', async () => {
    const v = await createVisit();
    const at = iso(t.clock.now() + 2 * 3600_000);
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/visits/${v.id}`, headers: auth(), payload: { scheduledStart: at, durationMinutes: 30 } });
    expect(moved.json<Visit>()).toMatchObject({ scheduledStart: at, durationMinutes: 30 });
    const cancel = () => t.app.inject({ method: 'POST', url: `/api/v1/visits/${v.id}/cancel`, headers: auth(), payload: {} });
    expect((await cancel()).json<Visit>().status).toBe('cancelled');
    const again = await cancel();
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('VISIT_TRANSITION_INVALID');
    const late = await t.app.inject({ method: 'PATCH', url: `/api/v1/visits/${v.id}`, headers: auth(), payload: { scheduledStart: at } });
    expect(late.statusCode).toBe(409);
  });

  it('refuses a host from another organization and a visit for another organization’s patient', async () => {
    const foreignHost = await createUser(t, other.organizationId, [roleAt('clinician', other.siteA)]);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/visits',
      headers: auth(),
      payload: { patientId, siteId: org.siteA, hostUserId: foreignHost.id, scheduledStart: null, durationMinutes: 15, reason: 'x' },
    });
    expect(bad.json<{ code: string }>().code).toBe('VISIT_HOST_INVALID');
    const foreignPatient = await createPatient(t, other.organizationId, other.siteA);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/visits',
      headers: auth(),
      payload: { patientId: foreignPatient, siteId: org.siteA, scheduledStart: null, durationMinutes: 15, reason: 'x' },
    });
    expect(res.statusCode).toBe(404);
  });

  it('refuses hostile input with a problem+json 400 and creates nothing', async () => {
    for (const payload of [
      { patientId, siteId: org.siteA, scheduledStart: 'tomorrow', durationMinutes: 20, reason: 'x' },
      { patientId, siteId: org.siteA, scheduledStart: null, durationMinutes: 100_000, reason: 'x' },
      { patientId, siteId: org.siteA, scheduledStart: null, durationMinutes: 20, reason: 'x', status: 'ended' },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/visits', headers: auth(), payload });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });
});

describe('visits: invitations', () => {
  it('emails the patient a join link whose token is in the fragment, with no name or reason in the mail', async () => {
    const v = await createVisit();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/visits/${v.id}/invitations`, headers: auth(), payload: { kind: 'patient' } });
    expect(res.statusCode, res.body).toBe(201);
    const inv = res.json<Invitation>();
    expect(inv.emailed).toBe(true);
    expect(inv.joinUrl).toMatch(/\/join#[A-Za-z0-9_-]{43}$/);
    const mail = await smtp.waitFor((m) => m.to.includes('ada@example.test') && m.raw.includes(inv.joinUrl.split('#')[1]!));
    expect(mail.raw).not.toMatch(/Ada|Rash/);
    expect(new Date(inv.validFrom).getTime()).toBe(new Date(v.scheduledStart!).getTime() - 30 * 60_000);
  });
});
