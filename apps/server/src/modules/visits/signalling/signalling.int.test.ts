import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visit } from '@telehealth/contracts/visits';
import { createTestApp, type TestApp } from '../../../testing/harness.js';
import { createOrg, createPatient, createUser, roleAt, signIn, systemActor, type OrgFixture } from '../../../testing/fixtures.js';
import { CONSENT } from '../consent.js';
import { SignallingClient } from './signalling-client.js';

let t: TestApp;
let org: OrgFixture;
let url: string;
let origin: string;
let hostCookie: string;
let hostId: string;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp();
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

async function scheduledVisit(): Promise<Visit> {
  return t.services.visits.create(admin(), { patientId, siteId: org.siteA, hostUserId: hostId, scheduledStart: new Date(t.clock.now()).toISOString(), durationMinutes: 20, reason: 'Review' });
}

/** A consented join token of a new invitation. */
async function joinToken(visitId: string, kind: 'patient' | 'guest' = 'patient'): Promise<{ token: string; participantId: string }> {
  const inv = await t.services.visits.invite(admin(), visitId, { kind, displayName: kind === 'guest' ? 'Guest' : undefined, sendEmail: false });
  const token = inv.joinUrl.split('#')[1]!;
  await t.services.visitJoin.consent({ token, consentVersion: CONSENT.version });
  return { token, participantId: inv.participantId };
}

const openGuest = () => SignallingClient.open(url, { origin });
const openHost = () => SignallingClient.open(url, { origin, cookie: hostCookie });

async function patientIn(visitId: string): Promise<{ c: SignallingClient; participantId: string; token: string }> {
  const { token, participantId } = await joinToken(visitId);
  const c = await openGuest();
  c.send({ type: 'hello', joinToken: token });
  await c.next('welcome');
  return { c, participantId, token };
}

async function hostIn(visitId: string): Promise<{ c: SignallingClient; participantId: string }> {
  const c = await openHost();
  c.send({ type: 'hello', visitId });
  const w = await c.next('welcome');
  return { c, participantId: w.participantId };
}

describe('signalling: a visit from waiting room to end', () => {
  it('pre-connects, admits, chats, records modality, survives a drop without re-admission, ends, and keeps exact durations', async () => {
    const v = await scheduledVisit();
    const patient = await patientIn(v.id);
    const host = await hostIn(v.id);
    // the host learns of the waiting patient; the patient learns the clinician is there
    expect((await patient.c.next('peer-joined')).peer).toMatchObject({ kind: 'host' });
    // pre-connect: SDP flows both ways before admission
    patient.c.send({ type: 'signal', to: host.participantId, data: { sdp: { type: 'offer', sdp: 'v=0' } } });
    expect(await host.c.next('signal')).toMatchObject({ from: patient.participantId, data: { sdp: { type: 'offer' } } });
    host.c.send({ type: 'signal', to: patient.participantId, data: { candidate: null } });
    await patient.c.next('signal');
    // chat while waiting
    patient.c.send({ type: 'chat', text: 'I am here' });
    expect(await host.c.next('chat')).toMatchObject({ from: patient.participantId, text: 'I am here' });
    expect(await patient.c.next('chat')).toMatchObject({ text: 'I am here' }); // echoed to the sender
    // a patient cannot admit anyone (refused and audited)
    patient.c.send({ type: 'admit', participantId: patient.participantId });
    expect(await patient.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    t.clock.advance(60_000);
    host.c.send({ type: 'admit', participantId: patient.participantId });
    await patient.c.next('admitted');
    expect((await patient.c.next('status', (m) => m.status === 'in_progress')).status).toBe('in_progress');
    host.c.send({ type: 'chat', text: 'Hello' });
    expect(await patient.c.next('chat', (m) => m.from === host.participantId)).toMatchObject({ text: 'Hello' });
    t.clock.advance(120_000);
    patient.c.send({ type: 'modality', modality: 'audio_only' });
    await host.c.next('modality');
    t.clock.advance(60_000);
    // network drop: the socket dies without a close frame
    patient.c.ws.terminate();
    await host.c.next('peer-left', (m) => m.reason === 'dropped');
    await host.c.next('status', (m) => m.status === 'reconnecting');
    t.clock.advance(10_000);
    const back = await openGuest();
    back.send({ type: 'hello', joinToken: patient.token, resume: true });
    expect(await back.next('welcome')).toMatchObject({ admitted: true, status: 'in_progress' });
    t.clock.advance(30_000);
    host.c.send({ type: 'end' });
    expect((await back.waitClosed()).code).toBe(4410);
    const detail = await t.services.visits.get(admin(), v.id);
    expect(detail.status).toBe('ended');
    expect(detail.durations).toEqual({ totalMs: 220_000, patientAndClinicianMs: 210_000, audioOnlyMs: 90_000 });
    expect(detail.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['join', 'admit', 'modality', 'leave', 'reconnect', 'state']),
    );
    await t.services.audit.flush();
    const actions = new Map<string, number>();
    for await (const e of t.services.audit.iterate({})) if (e.patientId === patientId) actions.set(`${e.action}:${e.outcome}`, (actions.get(`${e.action}:${e.outcome}`) ?? 0) + 1);
    expect(actions.get('visit.admit:denied')).toBe(1);
    expect(actions.get('visit.chat:success')).toBe(2);
    expect(actions.get('visit.end:success')).toBe(1);
    host.c.close();
  });
});

describe('signalling: bad input and abuse', () => {
  it('refuses the upgrade from a foreign Origin even with a valid session cookie', async () => {
    await expect(SignallingClient.open(url, { origin: 'https://evil.example', cookie: hostCookie })).rejects.toThrow(/403/);
    await expect(SignallingClient.open(url, { cookie: hostCookie })).rejects.toThrow(/403/);
  });

  it('refuses an unknown token, another visit’s participant, a revoked token, and a removed participant coming back', async () => {
    const c = await openGuest();
    c.send({ type: 'hello', joinToken: 'B'.repeat(43) });
    expect(await c.next('error')).toMatchObject({ code: 'JOIN_TOKEN_INVALID' });
    expect((await c.waitClosed()).code).toBe(4401);

    const a = await scheduledVisit();
    const b = await scheduledVisit();
    const pa = await patientIn(a.id);
    const pb = await patientIn(b.id);
    const hostA = await hostIn(a.id);
    pa.c.send({ type: 'signal', to: pb.participantId, data: { candidate: null } });
    expect(await pa.c.next('error')).toMatchObject({ code: 'VISIT_PARTICIPANT_NOT_FOUND' });
    expect(pb.c.messages.filter((m) => m.type === 'signal')).toEqual([]);

    hostA.c.send({ type: 'remove', participantId: pa.participantId });
    expect((await pa.c.waitClosed()).code).toBe(4403);
    const again = await openGuest();
    again.send({ type: 'hello', joinToken: pa.token });
    expect(await again.next('error')).toMatchObject({ code: 'JOIN_TOKEN_INVALID' });

    const guest = await joinToken(b.id, 'guest');
    await t.services.visits.revoke(admin(), b.id, guest.participantId);
    const g = await openGuest();
    g.send({ type: 'hello', joinToken: guest.token });
    expect(await g.next('error')).toMatchObject({ code: 'JOIN_TOKEN_INVALID' });
    hostA.c.close();
    pb.c.close();
  });

  it('refuses remove and end from a patient (audited) and lets nobody remove the host', async () => {
    const v = await scheduledVisit();
    const p = await patientIn(v.id);
    const host = await hostIn(v.id);
    p.c.send({ type: 'remove', participantId: host.participantId });
    expect(await p.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    p.c.send({ type: 'end' });
    expect(await p.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    host.c.send({ type: 'remove', participantId: host.participantId });
    expect(await host.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.services.visits.get(admin(), v.id)).status).toBe('waiting');
    await t.services.audit.flush();
    const denied: string[] = [];
    for await (const e of t.services.audit.iterate({ outcome: 'denied' })) if (e.resourceId === v.id) denied.push(e.action);
    expect(denied.sort()).toEqual(['visit.end', 'visit.remove', 'visit.remove']); // the host's own removal is refused and audited too
    p.c.close();
    host.c.close();
  });

  it('answers malformed JSON and unknown messages with an error and keeps the socket healthy', async () => {
    const v = await scheduledVisit();
    const p = await patientIn(v.id);
    p.c.sendRaw('{not json');
    expect(await p.c.next('error')).toMatchObject({ code: 'MESSAGE_INVALID' });
    p.c.send({ type: 'teleport', where: 'visit B' });
    expect(await p.c.next('error')).toMatchObject({ code: 'MESSAGE_INVALID' });
    const forged: Record<string, unknown> = { type: 'chat', text: 'x', from: 'someone-else' };
    p.c.send(forged);
    expect(await p.c.next('error')).toMatchObject({ code: 'MESSAGE_INVALID' });
    p.c.sendRaw(Buffer.from([0, 1, 2]));
    expect(await p.c.next('error')).toMatchObject({ code: 'MESSAGE_INVALID' });
    await p.c.ping();
    p.c.close();
  });

  it('closes a socket that sends 10 MB or floods, and other rooms keep working', async () => {
    const calm = await patientIn((await scheduledVisit()).id);
    const big = await patientIn((await scheduledVisit()).id);
    big.c.sendRaw('x'.repeat(10 * 1024 * 1024));
    expect((await big.c.waitClosed()).code).toBe(1009);
    const flood = await patientIn((await scheduledVisit()).id);
    for (let i = 0; i < 2000; i++) flood.c.send({ type: 'ping' });
    expect(await flood.c.next('error')).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await flood.c.waitClosed()).code).toBe(1008);
    await calm.c.ping();
    calm.c.close();
  });

  it('closes a socket that never says hello', async () => {
    const c = await openGuest();
    c.send({ type: 'signal', to: hostId, data: { candidate: null } });
    expect(await c.next('error')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await c.waitClosed()).code).toBe(4401);
  });
});
