import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import {
  browserHeaders,
  createOrg,
  createUser,
  passwordLogin,
  roleAt,
  sessionFrom,
  signIn,
  wrongTotp,
  type BrowserSession,
  type UserFixture,
} from '../../testing/fixtures.js';
import { totp } from './totp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A clinician who has enrolled MFA; returns the user and their TOTP secret. */
async function enrolledClinician(): Promise<{ user: UserFixture; secret: string }> {
  const { organizationId, siteA } = await createOrg(t);
  const user = await createUser(t, organizationId, [roleAt('clinician', siteA)]);
  const holder: { value?: string } = {};
  await signIn(t.app, t, user.email, holder);
  return { user, secret: holder.value! };
}

/** Password step only: a session waiting for the MFA challenge. */
async function challengeSession(email: string): Promise<BrowserSession> {
  const res = await passwordLogin(t.app, email);
  expect(res.json()).toMatchObject({ stage: 'mfa_challenge' });
  return sessionFrom(res);
}

function verify(session: BrowserSession, code: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers: browserHeaders(session), payload: { code } });
}

async function verifyEvents(userId: string) {
  return (await t.services.audit.list({ userId, action: 'auth.mfa.verify' }, 50)).items;
}

describe('TOTP challenge', () => {
  it('accepts a code once: the same code in a new session is refused and audited as reused', async () => {
    const { user, secret } = await enrolledClinician();
    t.clock.advance(30_000);
    const code = totp(secret, t.clock.now());

    const first = await verify(await challengeSession(user.email), code);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ stage: 'authenticated' });

    const replay = await verify(await challengeSession(user.email), code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'MFA_CODE_INVALID' });
    expect(replay.headers['set-cookie']).toBeUndefined();

    const [latest] = await verifyEvents(user.id);
    expect(latest).toMatchObject({ outcome: 'failure', userId: user.id, detail: { reason: 'code_reused' } });

    // The code of the previous step is inside the drift window but older than the one used: refused too.
    const older = await verify(await challengeSession(user.email), totp(secret, t.clock.now() - 30_000));
    expect(older.statusCode).toBe(401);
    expect((await verifyEvents(user.id))[0]).toMatchObject({ detail: { reason: 'code_reused' } });

    t.clock.advance(30_000);
    expect((await verify(await challengeSession(user.email), totp(secret, t.clock.now()))).statusCode).toBe(200);
  });

  it('refuses the code that confirmed enrolment when it is replayed at the challenge', async () => {
    const { user, secret } = await enrolledClinician();
    const res = await verify(await challengeSession(user.email), totp(secret, t.clock.now()));
    expect(res.statusCode).toBe(401);
    expect((await verifyEvents(user.id))[0]).toMatchObject({ detail: { reason: 'code_reused' } });
  });

  it('refuses a code from three steps ago but tolerates one step of clock drift', async () => {
    const { user, secret } = await enrolledClinician();
    t.clock.advance(5 * 60_000);
    const session = await challengeSession(user.email);
    const stale = await verify(session, totp(secret, t.clock.now() - 90_000));
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ code: 'MFA_CODE_INVALID' });
    expect((await verifyEvents(user.id))[0]).toMatchObject({ outcome: 'failure', detail: { reason: 'wrong_code' } });

    expect((await verify(session, totp(secret, t.clock.now() + 90_000))).statusCode).toBe(401);
    expect((await verify(session, totp(secret, t.clock.now() - 30_000))).statusCode).toBe(200);
  });

  it('throttles guessing: after repeated wrong codes even the right code waits, in any new session, until the block expires', async () => {
    const { user, secret } = await enrolledClinician();
    t.clock.advance(30_000);
    const session = await challengeSession(user.email);
    for (let i = 0; i < 6; i++) {
      const res = await verify(session, wrongTotp(secret, t.clock.now()));
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'MFA_CODE_INVALID' });
    }
    const blocked = await verify(session, totp(secret, t.clock.now()));
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(blocked.json()).toMatchObject({ code: 'LOGIN_THROTTLED' });
    expect(Number(blocked.headers['retry-after'])).toBe(30);

    // Signing in again with the password does not reset the MFA counter.
    const fresh = await challengeSession(user.email);
    expect((await verify(fresh, totp(secret, t.clock.now()))).statusCode).toBe(429);
    expect((await verifyEvents(user.id))[0]).toMatchObject({ outcome: 'denied', detail: { reason: 'throttled' } });

    t.clock.advance(30_000);
    expect((await verify(fresh, totp(secret, t.clock.now()))).statusCode).toBe(200);
  });

  it('replaces the challenge session by a new one on success (session fixation defence)', async () => {
    const { user, secret } = await enrolledClinician();
    t.clock.advance(30_000);
    const before = await challengeSession(user.email);
    const ok = await verify(before, totp(secret, t.clock.now()));
    const after = sessionFrom(ok);
    expect(after.cookie).not.toBe(before.cookie);
    expect(after.csrf).not.toBe(before.csrf);
    expect((await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: before.cookie } })).statusCode).toBe(401);
    const current = await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: after.cookie } });
    expect(current.json()).toMatchObject({ stage: 'authenticated', user: { id: user.id } });
  });
});

describe('TOTP enrolment', () => {
  it('refuses a wrong confirmation code, audits it, and leaves the account unenrolled', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const user = await createUser(t, organizationId, [roleAt('nurse', siteA)]);
    const session = sessionFrom(await passwordLogin(t.app, user.email));
    const enrol = await t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrol', headers: browserHeaders(session) });
    const { secret, otpauthUri } = enrol.json<{ secret: string; otpauthUri: string }>();
    expect(otpauthUri).toContain(`secret=${secret}`);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrol/confirm',
      headers: browserHeaders(session),
      payload: { code: wrongTotp(secret, t.clock.now()) },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'MFA_CODE_INVALID' });
    const events = await t.services.audit.list({ userId: user.id, action: 'auth.mfa.enrol' }, 10);
    expect(events.items[0]).toMatchObject({ outcome: 'failure' });
    expect((await t.services.users.findByEmail(user.email))?.mfaEnrolled).toBe(false);
    expect((await t.app.inject({ url: '/api/v1/sites', headers: { cookie: session.cookie } })).json()).toMatchObject({
      code: 'MFA_ENROLMENT_REQUIRED',
    });
  });

  it('refuses confirmation before enrolment was started and a second enrolment once enrolled', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const user = await createUser(t, organizationId, [roleAt('nurse', siteA)]);
    const session = sessionFrom(await passwordLogin(t.app, user.email));
    const early = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrol/confirm',
      headers: browserHeaders(session),
      payload: { code: '123456' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'MFA_NOT_STARTED' });

    const { user: enrolled } = await enrolledClinician();
    const challenge = await challengeSession(enrolled.email);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrol', headers: browserHeaders(challenge) });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'MFA_ALREADY_ENROLLED' });
  });

  it('rejects codes that are not six digits before checking them', async () => {
    const { user } = await enrolledClinician();
    const session = await challengeSession(user.email);
    for (const code of ['12345', '1234567', 'abcdef', '12 345']) {
      const res = await verify(session, code);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });
});
