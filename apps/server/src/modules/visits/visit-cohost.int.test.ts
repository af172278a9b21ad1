import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participant, StaffInvitationList, Visit, VisitDetail } from '@telehealth/contracts/visits';
import type { NotificationList } from '@telehealth/contracts/case-flow';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, signIn, systemActor, type OrgFixture } from '../../testing/fixtures.js';
import { CONSENT } from './consent.js';
import { SignallingClient } from './signalling/signalling-client.js';

/**
 * Platform users invited into a visit by account, and co-hosts (docs/visits.md "Participants and roles"):
 * the invitee joins with their own session, is admitted on connecting, and moderates only once the host
 * promotes them. Identities come from the credentials, never from a message.
 */
let t: TestApp;
let org: OrgFixture;
let other: OrgFixture;
let url: string;
let origin: string;
let patientId: string;
const users: Record<'host' | 'specialist' | 'clinician2' | 'nurse' | 'otherOrg', { id: string; cookie: string; bearer: string }> = {} as never;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = t.app.server.address();
  url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/signal`;
  origin = new URL(t.config.publicUrl).origin;
  org = await createOrg(t);
  other = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  const make = async (organizationId: string, role: Parameters<typeof roleAt>[0], siteId: string | null) => {
    const u = await createUser(t, organizationId, [roleAt(role, siteId)]);
    return { id: u.id, cookie: (await signIn(t.app, t, u.email)).cookie, bearer: await bearerFor(t, u.id) };
  };
  users.host = await make(org.organizationId, 'clinician', org.siteA);
  // a remote specialist assigned to the other site: the invitation alone opens this visit to them
  users.specialist = await make(org.organizationId, 'specialist', org.siteB);
  users.clinician2 = await make(org.organizationId, 'clinician', org.siteB);
  users.nurse = await make(org.organizationId, 'nurse', org.siteA);
  users.otherOrg = await make(other.organizationId, 'clinician', other.siteA);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const auth = (who: keyof typeof users) => ({ authorization: `Bearer ${users[who].bearer}` });

async function runningVisit(): Promise<Visit> {
  return t.services.visits.create(systemActor(org.organizationId), {
    patientId, siteId: org.siteA, hostUserId: users.host.id, scheduledStart: new Date(t.clock.now()).toISOString(), durationMinutes: 20, reason: 'Second opinion',
  });
}

function inviteUser(visitId: string, userId: string, as: keyof typeof users = 'host') {
  return t.app.inject({ method: 'POST', url: `/api/v1/visits/${visitId}/participants`, headers: auth(as), payload: { userId } });
}

async function staffIn(visitId: string, who: keyof typeof users): Promise<{ c: SignallingClient; participantId: string; admitted: boolean; cohost: boolean }> {
  const c = await SignallingClient.open(url, { origin, cookie: users[who].cookie });
  c.send({ type: 'hello', visitId });
  const w = await c.next('welcome');
  return { c, participantId: w.participantId, admitted: w.admitted, cohost: w.cohost };
}

async function linkIn(visitId: string, kind: 'patient' | 'guest'): Promise<{ c: SignallingClient; participantId: string }> {
  const inv = await t.services.visits.invite(systemActor(org.organizationId), visitId, { kind, displayName: kind === 'guest' ? 'Family member' : undefined, sendEmail: false });
  const token = inv.joinUrl.split('#')[1]!;
  await t.services.visitJoin.consent({ token, consentVersion: CONSENT.version });
  const c = await SignallingClient.open(url, { origin });
  c.send({ type: 'hello', joinToken: token });
  await c.next('welcome');
  return { c, participantId: inv.participantId };
}

async function deniedActions(visitId: string): Promise<string[]> {
  await t.services.audit.flush();
  const out: string[] = [];
  for await (const e of t.services.audit.iterate({ outcome: 'denied' })) if (e.resourceId === visitId) out.push(e.action);
  return out;
}

describe('inviting a platform user into a running visit', () => {
  it('lets the host invite a specialist by account; they see the invitation and a notice, join with their session and are admitted on connecting', async () => {
    const v = await runningVisit();
    // before the invitation the specialist (another site) cannot open the room
    const before = await SignallingClient.open(url, { origin, cookie: users.specialist.cookie });
    before.send({ type: 'hello', visitId: v.id });
    expect(await before.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    expect((await before.waitClosed()).code).toBe(4401);

    const host = await staffIn(v.id, 'host');
    const patient = await linkIn(v.id, 'patient');
    host.c.send({ type: 'admit', participantId: patient.participantId });
    await host.c.next('status', (m) => m.status === 'in_progress');

    const res = await inviteUser(v.id, users.specialist.id);
    expect(res.statusCode).toBe(201);
    const p = res.json<Participant>();
    expect(p).toMatchObject({ kind: 'clinician', userId: users.specialist.id, admittedAt: null, cohostAt: null });

    const mine = (await t.app.inject({ url: '/api/v1/visit-invitations', headers: auth('specialist') })).json<StaffInvitationList>();
    expect(mine.items).toEqual([expect.objectContaining({ visitId: v.id, participantId: p.id, status: 'in_progress', cohost: false })]);
    expect(mine.items[0]).not.toHaveProperty('reason');
    const notices = (await t.app.inject({ url: '/api/v1/notifications', headers: auth('specialist') })).json<NotificationList>();
    expect(notices.items.some((n) => n.kind === 'visit_invitation' && n.caseId === null)).toBe(true);
    // nobody else sees it
    expect((await t.app.inject({ url: '/api/v1/visit-invitations', headers: auth('clinician2') })).json<StaffInvitationList>().items).toEqual([]);

    // their session (cookie + Origin), no token; admitted directly; ICE servers for them too
    expect((await t.app.inject({ url: `/api/v1/visits/${v.id}/connection`, headers: auth('specialist') })).statusCode).toBe(200);
    const spec = await staffIn(v.id, 'specialist');
    expect(spec).toMatchObject({ participantId: p.id, admitted: true, cohost: false });
    expect((await host.c.next('peer-joined', (m) => m.peer.participantId === p.id)).peer).toMatchObject({ participantId: p.id, kind: 'clinician', admitted: true, cohost: false });
    await patient.c.next('peer-joined', (m) => m.peer.participantId === p.id);
    // media signalling reaches the patient from the specialist
    spec.c.send({ type: 'signal', to: patient.participantId, data: { candidate: null } });
    expect(await patient.c.next('signal')).toMatchObject({ from: p.id });

    const detail = (await t.app.inject({ url: `/api/v1/visits/${v.id}`, headers: auth('specialist') })).json<VisitDetail>();
    expect(detail.timeline.filter((e) => e.participantId === p.id).map((e) => e.kind)).toEqual(['invite', 'join', 'admit']);
    for (const c of [host.c, spec.c, patient.c]) c.close();
  });

  it('answers 404 for a user of another organization and changes nothing', async () => {
    const v = await runningVisit();
    const res = await inviteUser(v.id, users.otherOrg.id);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'USER_NOT_FOUND' });
    const detail = (await t.app.inject({ url: `/api/v1/visits/${v.id}`, headers: auth('host') })).json<VisitDetail>();
    expect(detail.participants.map((x) => x.kind)).toEqual(['host']);
    expect(await deniedActions(v.id)).toEqual([]);
    // and another organization's clinician cannot invite into this visit either
    const foreign = await inviteUser(v.id, users.otherOrg.id, 'otherOrg');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'VISIT_NOT_FOUND' });
  });

  it('refuses a user whose roles the policy does not allow, a user already in the visit, and a visit that is over', async () => {
    const v = await runningVisit();
    const nurse = await inviteUser(v.id, users.nurse.id);
    expect(nurse.statusCode).toBe(400);
    expect(nurse.json()).toMatchObject({ code: 'VISIT_INVITEE_INVALID' });
    const self = await inviteUser(v.id, users.host.id);
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ code: 'VISIT_ALREADY_PARTICIPANT' });
    expect((await inviteUser(v.id, users.clinician2.id)).statusCode).toBe(201);
    expect((await inviteUser(v.id, users.clinician2.id)).json()).toMatchObject({ code: 'VISIT_ALREADY_PARTICIPANT' });
    const detail = (await t.app.inject({ url: `/api/v1/visits/${v.id}`, headers: auth('host') })).json<VisitDetail>();
    expect(detail.participants.map((x) => x.kind)).toEqual(['host', 'clinician']);
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/visits/${v.id}/participants`, headers: auth('host'), payload: { userId: users.specialist.id, kind: 'host' } });
    expect(bad.statusCode).toBe(400);
    await t.app.inject({ method: 'POST', url: `/api/v1/visits/${v.id}/cancel`, headers: auth('host'), payload: {} });
    expect((await inviteUser(v.id, users.specialist.id)).json()).toMatchObject({ code: 'VISIT_TRANSITION_INVALID' });
  });
});

describe('co-hosts', () => {
  it('refuses admit from a clinician who was not promoted (audited); after promotion they admit and remove but cannot end or promote', async () => {
    const v = await runningVisit();
    expect((await inviteUser(v.id, users.clinician2.id)).statusCode).toBe(201);
    const host = await staffIn(v.id, 'host');
    const doc = await staffIn(v.id, 'clinician2');
    const patient = await linkIn(v.id, 'patient');
    host.c.send({ type: 'admit', participantId: patient.participantId });
    await host.c.next('status', (m) => m.status === 'in_progress');
    const guest = await linkIn(v.id, 'guest');
    await doc.c.next('peer-joined', (m) => m.peer.participantId === guest.participantId);

    doc.c.send({ type: 'admit', participantId: guest.participantId });
    expect(await doc.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await deniedActions(v.id)).toEqual(['visit.admit']);

    host.c.send({ type: 'cohost', participantId: doc.participantId, cohost: true });
    expect(await doc.c.next('cohost')).toEqual({ type: 'cohost', participantId: doc.participantId, cohost: true });
    await guest.c.next('cohost');

    doc.c.send({ type: 'admit', participantId: guest.participantId });
    await guest.c.next('admitted', (m) => m.participantId === guest.participantId);
    await host.c.next('admitted', (m) => m.participantId === guest.participantId);

    // a co-host may not end the visit, name co-hosts, or remove the host
    doc.c.send({ type: 'end' });
    expect(await doc.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    doc.c.send({ type: 'cohost', participantId: doc.participantId, cohost: false });
    expect(await doc.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    doc.c.send({ type: 'remove', participantId: host.participantId });
    expect(await doc.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    doc.c.send({ type: 'remove', participantId: guest.participantId });
    expect((await guest.c.waitClosed()).code).toBe(4403);

    const detail = (await t.app.inject({ url: `/api/v1/visits/${v.id}`, headers: auth('host') })).json<VisitDetail>();
    expect(detail.participants.find((x) => x.id === doc.participantId)?.cohostAt).not.toBeNull();
    expect(detail.timeline.find((e) => e.kind === 'cohost')).toMatchObject({ participantId: doc.participantId, detail: { cohost: true, by: host.participantId } });
    expect(detail.timeline.find((e) => e.kind === 'admit' && e.participantId === guest.participantId)?.detail).toEqual({ by: doc.participantId });
    expect(await deniedActions(v.id)).toEqual(['visit.admit', 'visit.end', 'visit.cohost', 'visit.remove']);
    await t.services.audit.flush();
    const granted: string[] = [];
    for await (const e of t.services.audit.iterate({ outcome: 'success' })) if (e.resourceId === v.id && e.action === 'visit.cohost') granted.push(String(e.detail?.participantId));
    expect(granted).toEqual([doc.participantId]);

    // the host takes it back: the next admit is refused again
    host.c.send({ type: 'cohost', participantId: doc.participantId, cohost: false });
    await doc.c.next('cohost', (m) => !m.cohost);
    const guest2 = await linkIn(v.id, 'guest');
    doc.c.send({ type: 'admit', participantId: guest2.participantId });
    expect(await doc.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    for (const c of [host.c, doc.c, patient.c, guest2.c]) c.close();
  });

  it('never promotes a patient, a guest or someone not in the visit, and refuses a guest or patient who tries to promote', async () => {
    const v = await runningVisit();
    const v2 = await runningVisit();
    expect((await inviteUser(v2.id, users.clinician2.id)).statusCode).toBe(201);
    const elsewhere = (await t.app.inject({ url: `/api/v1/visits/${v2.id}`, headers: auth('host') })).json<VisitDetail>().participants.find((x) => x.kind === 'clinician')!;
    expect((await inviteUser(v.id, users.specialist.id)).statusCode).toBe(201);
    const host = await staffIn(v.id, 'host');
    const spec = await staffIn(v.id, 'specialist');
    const patient = await linkIn(v.id, 'patient');
    const guest = await linkIn(v.id, 'guest');

    host.c.send({ type: 'cohost', participantId: patient.participantId, cohost: true });
    expect(await host.c.next('error')).toMatchObject({ code: 'VISIT_COHOST_INVALID' });
    host.c.send({ type: 'cohost', participantId: guest.participantId, cohost: true });
    expect(await host.c.next('error')).toMatchObject({ code: 'VISIT_COHOST_INVALID' });
    host.c.send({ type: 'cohost', participantId: elsewhere.id, cohost: true });
    expect(await host.c.next('error')).toMatchObject({ code: 'VISIT_PARTICIPANT_NOT_FOUND' });
    host.c.send({ type: 'cohost', participantId: host.participantId, cohost: true });
    expect(await host.c.next('error')).toMatchObject({ code: 'VISIT_COHOST_INVALID' });
    // a guest (and a patient) naming the specialist co-host: refused, audited; the message cannot claim an identity
    guest.c.send({ type: 'cohost', participantId: spec.participantId, cohost: true });
    expect(await guest.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    const forged: Record<string, unknown> = { type: 'cohost', participantId: spec.participantId, cohost: true, from: host.participantId };
    patient.c.send(forged);
    expect(await patient.c.next('error')).toMatchObject({ code: 'MESSAGE_INVALID' });
    patient.c.send({ type: 'cohost', participantId: spec.participantId, cohost: true });
    expect(await patient.c.next('error')).toMatchObject({ code: 'FORBIDDEN' });

    const detail = (await t.app.inject({ url: `/api/v1/visits/${v.id}`, headers: auth('host') })).json<VisitDetail>();
    expect(detail.participants.every((x) => x.cohostAt === null)).toBe(true);
    expect(detail.timeline.some((e) => e.kind === 'cohost')).toBe(false);
    expect((await deniedActions(v.id)).sort()).toEqual(['visit.cohost', 'visit.cohost', 'visit.cohost', 'visit.cohost', 'visit.cohost']);
    expect(spec.c.messages.some((m) => m.type === 'cohost')).toBe(false);
    for (const c of [host.c, spec.c, patient.c, guest.c]) c.close();
  });

  it('opens the notes to a co-host from another site, and only while co-host', async () => {
    const v = await runningVisit();
    expect((await inviteUser(v.id, users.clinician2.id)).statusCode).toBe(201);
    const notes = () => t.app.inject({ url: `/api/v1/visits/${v.id}/notes`, headers: auth('clinician2') });
    expect((await notes()).statusCode).toBe(403);
    const host = await staffIn(v.id, 'host');
    const doc = await staffIn(v.id, 'clinician2');
    host.c.send({ type: 'cohost', participantId: doc.participantId, cohost: true });
    await doc.c.next('cohost');
    const add = await t.app.inject({ method: 'POST', url: `/api/v1/visits/${v.id}/notes`, headers: auth('clinician2'), payload: { body: 'Agree with plan.' } });
    expect(add.statusCode).toBe(201);
    expect((await notes()).json<{ items: { body: string }[] }>().items.map((n) => n.body)).toEqual(['Agree with plan.']);
    for (const c of [host.c, doc.c]) c.close();
  });
});

describe('the participant cap', () => {
  it('refuses a fifth place by link or by account with 409 VISIT_FULL, creating nothing; a freed place or a new patient link is allowed', async () => {
    const v = await runningVisit();
    const sys = systemActor(org.organizationId);
    const invite = (kind: 'patient' | 'guest') =>
      t.services.visits.invite(sys, v.id, { kind, displayName: kind === 'guest' ? 'Family member' : undefined, sendEmail: false });
    const places = async () => (await t.services.visits.get(sys, v.id)).participants.filter((p) => !p.revokedAt && !p.removedAt).length;
    await invite('patient');
    await invite('guest');
    expect((await inviteUser(v.id, users.specialist.id)).statusCode).toBe(201);
    expect(await places()).toBe(4); // host, patient, guest, specialist

    await expect(invite('guest')).rejects.toMatchObject({ code: 'VISIT_FULL' });
    const byAccount = await inviteUser(v.id, users.clinician2.id);
    expect(byAccount.statusCode).toBe(409);
    expect(byAccount.json()).toMatchObject({ code: 'VISIT_FULL' });
    const all = (await t.services.visits.get(sys, v.id)).participants;
    expect(all).toHaveLength(4);

    // a new patient link replaces the old one, so it does not need a free place
    await invite('patient');
    expect(await places()).toBe(4);
    // revoking the guest frees a place
    const guest = all.find((p) => p.kind === 'guest')!;
    await t.services.visits.revoke(sys, v.id, guest.id);
    expect((await inviteUser(v.id, users.clinician2.id)).statusCode).toBe(201);
    expect(await places()).toBe(4);
  });
});
