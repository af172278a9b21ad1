import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { createOrg, createPatient, createUser, roleAt, signIn, systemActor, type OrgFixture } from '../../testing/fixtures.js';
import { CONSENT } from './consent.js';
import { SignallingClient } from './signalling/signalling-client.js';
import { VisitGraceSweeper } from './visit-grace.js';

const GRACE_S = 45;
let t: TestApp;
let org: OrgFixture;
let url: string;
let origin: string;
let hostCookie: string;
let hostId: string;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp({ visitReconnectGraceSeconds: GRACE_S });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = t.app.server.address();
  url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/signal`;
  origin = new URL(t.config.publicUrl).origin;
  org = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  const host = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
  hostId = host.id;
  hostCookie = (await signIn(t.app, t, host.email)).cookie;
});

afterAll(async () => {
  await t?.close();
});

const admin = () => systemActor(org.organizationId);

/** A running visit: the host is in, the patient admitted. */
async function runningVisit(): Promise<{ visitId: string; host: SignallingClient; patient: SignallingClient; patientPid: string; token: string }> {
  const v = await t.services.visits.create(admin(), { patientId, siteId: org.siteA, hostUserId: hostId, scheduledStart: new Date(t.clock.now()).toISOString(), durationMinutes: 20, reason: 'Review' });
  const inv = await t.services.visits.invite(admin(), v.id, { kind: 'patient', sendEmail: false });
  const token = inv.joinUrl.split('#')[1]!;
  await t.services.visitJoin.consent({ token, consentVersion: CONSENT.version });
  const patient = await SignallingClient.open(url, { origin });
  patient.send({ type: 'hello', joinToken: token });
  await patient.next('welcome');
  const host = await SignallingClient.open(url, { origin, cookie: hostCookie });
  host.send({ type: 'hello', visitId: v.id });
  await host.next('welcome');
  host.send({ type: 'admit', participantId: inv.participantId });
  await host.next('status', (m) => m.status === 'in_progress');
  return { visitId: v.id, host, patient, patientPid: inv.participantId, token };
}

/** The patient's network dies (no close frame); the host sees them reconnecting. */
async function drop(host: SignallingClient, patient: SignallingClient): Promise<void> {
  patient.ws.terminate();
  await host.next('peer-left', (m) => m.reason === 'dropped');
  await host.next('status', (m) => m.status === 'reconnecting');
}

describe('reconnection grace period', () => {
  it('resumes a participant who returns inside the grace period without re-admission', async () => {
    const { visitId, host, patient, token } = await runningVisit();
    t.clock.advance(60_000);
    await drop(host, patient);
    t.clock.advance((GRACE_S - 1) * 1000);
    expect(await t.services.visitGrace.sweep()).toEqual([]);
    const back = await SignallingClient.open(url, { origin });
    back.send({ type: 'hello', joinToken: token, resume: true });
    expect(await back.next('welcome')).toMatchObject({ admitted: true, status: 'in_progress' });
    t.clock.advance(GRACE_S * 2 * 1000);
    expect(await t.services.visitGrace.sweep()).toEqual([]); // back in time: nothing to give up on
    const detail = await t.services.visits.get(admin(), visitId);
    expect(detail.status).toBe('in_progress');
    expect(detail.timeline.some((e) => e.kind === 'leave' && e.detail.reason === 'timed_out')).toBe(false);
    host.close();
    back.close();
  });

  it('treats a participant away longer than the grace period as having left: timeline, room, state, re-admission', async () => {
    const { visitId, host, patient, patientPid, token } = await runningVisit();
    t.clock.advance(60_000);
    await drop(host, patient);
    t.clock.advance(GRACE_S * 1000);
    expect(await t.services.visitGrace.sweep()).toEqual([{ visitId, participantId: patientPid, status: 'in_progress' }]);
    // the room stops showing them as reconnecting, and the visit goes on
    await host.next('peer-left', (m) => m.participantId === patientPid && m.reason === 'timed_out');
    await host.next('status', (m) => m.status === 'in_progress');
    // a second sweep finds nothing: the expiry is recorded once
    expect(await t.services.visitGrace.sweep()).toEqual([]);
    const detail = await t.services.visits.get(admin(), visitId);
    expect(detail.status).toBe('in_progress');
    const left = detail.timeline.filter((e) => e.kind === 'leave' && e.participantId === patientPid).map((e) => e.detail.reason);
    expect(left).toEqual(['dropped', 'timed_out']);
    expect(detail.timeline.some((e) => e.kind === 'state' && e.detail.event === 'grace_expired')).toBe(true);
    // connected together only until the drop
    expect(detail.durations.patientAndClinicianMs).toBe(60_000);
    // coming back after the grace period means the waiting room again
    const late = await SignallingClient.open(url, { origin });
    late.send({ type: 'hello', joinToken: token, resume: true });
    expect(await late.next('welcome')).toMatchObject({ admitted: false });
    t.clock.advance(30_000);
    expect((await t.services.visits.get(admin(), visitId)).durations.patientAndClinicianMs).toBe(60_000);
    await t.services.audit.flush();
    let audited = 0;
    for await (const e of t.services.audit.iterate({})) if (e.resourceId === visitId && e.action === 'visit.reconnect_timeout') audited++;
    expect(audited).toBe(1);
    host.close();
    late.close();
  });

  it('keeps the visit reconnecting while one of two dropped participants is still inside the grace period', async () => {
    const { visitId, host, patient, patientPid } = await runningVisit();
    const inv = await t.services.visits.invite(admin(), visitId, { kind: 'interpreter', displayName: 'Interpreter', sendEmail: false });
    const itToken = inv.joinUrl.split('#')[1]!;
    await t.services.visitJoin.consent({ token: itToken, consentVersion: CONSENT.version });
    const interpreter = await SignallingClient.open(url, { origin });
    interpreter.send({ type: 'hello', joinToken: itToken });
    await interpreter.next('welcome');
    host.send({ type: 'admit', participantId: inv.participantId });
    await interpreter.next('admitted');
    await drop(host, patient);
    t.clock.advance(20_000);
    interpreter.ws.terminate();
    await host.next('peer-left', (m) => m.participantId === inv.participantId && m.reason === 'dropped');
    t.clock.advance((GRACE_S - 10) * 1000);
    // a sweeper in another process (or after a restart) reads the same timeline
    const other = new VisitGraceSweeper(t.services.database.db, t.services.audit, t.clock.now, GRACE_S * 1000);
    expect(await other.sweep()).toEqual([{ visitId, participantId: patientPid, status: 'reconnecting' }]);
    t.clock.advance(20_000);
    expect(await t.services.visitGrace.sweep()).toEqual([{ visitId, participantId: inv.participantId, status: 'in_progress' }]);
    host.close();
  });
});

describe('screen share notice', () => {
  it('tells admitted participants, refuses it from the waiting room, and audits it', async () => {
    const { visitId, host, patient, patientPid } = await runningVisit();
    patient.send({ type: 'screen', sharing: true });
    expect(await host.next('screen')).toEqual({ type: 'screen', from: patientPid, sharing: true });
    const inv = await t.services.visits.invite(admin(), visitId, { kind: 'guest', displayName: 'Daughter', sendEmail: false });
    const token = inv.joinUrl.split('#')[1]!;
    await t.services.visitJoin.consent({ token, consentVersion: CONSENT.version });
    const guest = await SignallingClient.open(url, { origin });
    guest.send({ type: 'hello', joinToken: token });
    await guest.next('welcome');
    guest.send({ type: 'screen', sharing: true });
    expect(await guest.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    host.send({ type: 'screen', sharing: true });
    expect(await patient.next('screen')).toMatchObject({ sharing: true });
    await guest.ping();
    expect(guest.messages.filter((m) => m.type === 'screen')).toEqual([]); // not admitted: sees no one's screen
    await t.services.audit.flush();
    let audited = 0;
    for await (const e of t.services.audit.iterate({})) if (e.resourceId === visitId && e.action === 'visit.screen') audited++;
    expect(audited).toBe(2);
    for (const c of [host, patient, guest]) c.close();
  });
});
