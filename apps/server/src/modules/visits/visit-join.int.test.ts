import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, JoinGrant, JoinInfo, Visit, VisitDetail } from '@telehealth/contracts/visits';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { createOrg, createPatient, createUser, roleAt, systemActor, type OrgFixture } from '../../testing/fixtures.js';
import { CONSENT } from './consent.js';

let t: TestApp;
let org: OrgFixture;
let patientId: string;
let hostId: string;

beforeAll(async () => {
  t = await createTestApp({ visitRequireBirthDate: true, turnUrls: ['turn:127.0.0.1:3478'], turnSecret: 'test-secret', turnRelayOnly: true });
  org = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  hostId = (await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)])).id;
});

afterAll(async () => {
  await t?.close();
});

const admin = () => systemActor(org.organizationId);

async function visitIn(minutes: number | null): Promise<Visit> {
  return t.services.visits.create(admin(), {
    patientId,
    siteId: org.siteA,
    hostUserId: hostId,
    scheduledStart: minutes === null ? null : new Date(t.clock.now() + minutes * 60_000).toISOString(),
    durationMinutes: 20,
    reason: 'Check-up',
  });
}

async function invite(visitId: string, kind: 'patient' | 'guest' = 'patient'): Promise<{ inv: Invitation; token: string }> {
  const inv = await t.services.visits.invite(admin(), visitId, { kind, displayName: kind === 'guest' ? 'Guest' : undefined, sendEmail: false });
  return { inv, token: inv.joinUrl.split('#')[1]! };
}

const lookup = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/join', payload: { token } });
const consent = (token: string, extra: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/join/consent', payload: { token, consentVersion: CONSENT.version, birthDate: '1980-02-29', ...extra } });
const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code;

describe('patient join without an account', () => {
  it('shows the consent and the identity check for a valid link, and nothing about the visit’s reason', async () => {
    const v = await visitIn(10);
    const { token } = await invite(v.id);
    const res = await lookup(token);
    expect(res.statusCode).toBe(200);
    const info = res.json<JoinInfo>();
    expect(info).toMatchObject({ kind: 'patient', birthDateRequired: true, consentGiven: false, consent: { version: CONSENT.version } });
    expect(res.body).not.toContain('Check-up');
  });

  it('stores consent (version, time, participant) and grants relay-only TURN credentials bounded by the visit window', async () => {
    const v = await visitIn(10);
    const { inv, token } = await invite(v.id);
    const res = await consent(token);
    expect(res.statusCode, res.body).toBe(200);
    const grant = res.json<JoinGrant>();
    expect(grant).toMatchObject({ visitId: v.id, participantId: inv.participantId, iceTransportPolicy: 'relay', signallingPath: '/signal' });
    const expiry = Number(grant.iceServers[0]!.username!.split(':')[0]);
    expect(expiry).toBe(Math.floor(new Date(inv.validUntil).getTime() / 1000));
    const detail = await t.services.visits.get(admin(), v.id);
    const p = detail.participants.find((x) => x.id === inv.participantId)!;
    expect(p).toMatchObject({ consentVersion: CONSENT.version, consentAt: new Date(t.clock.now()).toISOString() });
    expect(detail.timeline.some((e) => e.kind === 'consent' && e.participantId === inv.participantId)).toBe(true);
  });

  it('refuses a wrong date of birth (audited) and a stale consent version', async () => {
    const v = await visitIn(10);
    const { token } = await invite(v.id);
    const wrong = await consent(token, { birthDate: '1980-03-01' });
    expect([wrong.statusCode, code(wrong)]).toEqual([403, 'JOIN_IDENTITY_MISMATCH']);
    const stale = await consent(token, { consentVersion: '2019-1' });
    expect([stale.statusCode, code(stale)]).toEqual([409, 'CONSENT_VERSION_STALE']);
    await t.services.audit.flush();
    let denied = 0;
    for await (const e of t.services.audit.iterate({ outcome: 'denied' })) if (e.action === 'visit.join.identity' && e.patientId === patientId) denied++;
    expect(denied).toBeGreaterThan(0);
  });

  it('works only inside the window: 30 minutes before to 2 hours after the start', async () => {
    const v = await visitIn(45);
    const { token } = await invite(v.id);
    const early = await lookup(token);
    expect([early.statusCode, code(early)]).toEqual([403, 'JOIN_WINDOW_CLOSED']);
    t.clock.advance(15 * 60_000);
    expect((await lookup(token)).statusCode).toBe(200);
    t.clock.advance(150 * 60_000);
    expect((await lookup(token)).statusCode).toBe(200);
    t.clock.advance(1);
    expect(code(await lookup(token))).toBe('JOIN_WINDOW_CLOSED');
  });

  it('refuses an unknown, malformed, revoked or replaced token, and any token of a cancelled visit', async () => {
    expect(code(await lookup('A'.repeat(43)))).toBe('JOIN_TOKEN_INVALID');
    expect((await lookup('../../etc/passwd')).statusCode).toBe(400);
    const v = await visitIn(0);
    const first = await invite(v.id);
    const second = await invite(v.id);
    expect(code(await lookup(first.token))).toBe('JOIN_TOKEN_INVALID');
    expect((await lookup(second.token)).statusCode).toBe(200);
    const guest = await invite(v.id, 'guest');
    await t.services.visits.revoke(admin(), v.id, guest.inv.participantId);
    expect(code(await lookup(guest.token))).toBe('JOIN_TOKEN_INVALID');
    await t.services.visits.cancel(admin(), v.id);
    expect(code(await lookup(second.token))).toBe('JOIN_TOKEN_INVALID');
    const detail: VisitDetail = await t.services.visits.get(admin(), v.id);
    expect(detail.timeline.map((e) => e.kind)).toEqual(['state', 'invite', 'invite', 'invite', 'revoke', 'state']);
  });
});
