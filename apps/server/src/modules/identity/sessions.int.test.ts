import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import {
  bearerFor,
  browserHeaders,
  createOrg,
  createUser,
  roleAt,
  signIn,
  type BrowserSession,
  type InjectedResponse,
} from '../../testing/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE = 60_000;

function expect401(res: InjectedResponse): void {
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(['SESSION_EXPIRED', 'UNAUTHENTICATED', 'TOKEN_INVALID']).toContain(res.json<{ code: string }>().code);
}

function sessionInfo(session: BrowserSession) {
  return t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } });
}

it('names a refused API token TOKEN_INVALID and a refused cookie SESSION_EXPIRED', async () => {
  const bearer = await t.app.inject({ url: '/api/v1/sites', headers: { authorization: 'Bearer th_not-a-real-token' } });
  expect(bearer.json()).toMatchObject({ code: 'TOKEN_INVALID' });
  const cookie = await t.app.inject({ url: '/api/v1/sites', headers: { cookie: 'th_session=not-a-real-session' } });
  expect(cookie.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
  const none = await t.app.inject({ url: '/api/v1/sites' });
  expect(none.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
});

function sitesWithToken(token: string) {
  return t.app.inject({ url: '/api/v1/sites', headers: { authorization: `Bearer ${token}` } });
}

/** A signed-in (MFA-complete) clinician of a fresh organization, and an admin token of that organization. */
async function staffSession() {
  const { organizationId, siteA } = await createOrg(t);
  const user = await createUser(t, organizationId, [roleAt('clinician', siteA)]);
  const admin = await createUser(t, organizationId, [roleAt('admin', null)]);
  const secret: { value?: string } = {};
  const session = await signIn(t.app, t, user.email, secret);
  return { organizationId, user, session, secret, adminToken: await bearerFor(t, admin.id) };
}

async function createToken(session: BrowserSession, expiresInDays = 30): Promise<{ id: string; token: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: browserHeaders(session),
    payload: { name: 'integration', expiresInDays },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; token: string }>();
}

describe('API tokens', () => {
  it('refuses a revoked token at once', async () => {
    const { session } = await staffSession();
    const { id, token } = await createToken(session);
    expect((await sitesWithToken(token)).statusCode).toBe(200);

    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: browserHeaders(session) });
    expect(revoke.statusCode).toBe(204);
    expect401(await sitesWithToken(token));

    const list = await t.app.inject({ url: '/api/v1/tokens', headers: { cookie: session.cookie } });
    expect(list.json<{ items: { id: string; revoked: boolean }[] }>().items.find((i) => i.id === id)).toMatchObject({ revoked: true });
  });

  it('does not let one user revoke another user’s token', async () => {
    const a = await staffSession();
    const b = await staffSession();
    const { id, token } = await createToken(a.session);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: browserHeaders(b.session) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    expect((await sitesWithToken(token)).statusCode).toBe(200);
  });

  it('refuses an expired token, and accepts it until the moment it expires', async () => {
    const { session } = await staffSession();
    const { token } = await createToken(session, 1);
    t.clock.advance(24 * 60 * MINUTE - 1);
    expect((await sitesWithToken(token)).statusCode).toBe(200);
    t.clock.advance(1);
    expect401(await sitesWithToken(token));
  });

  it('refuses unknown, malformed and oversized bearer tokens', async () => {
    const { token } = await createToken((await staffSession()).session);
    for (const bad of [`${token}x`, 'th_', 'not-a-token', `th_${'a'.repeat(300)}`]) expect401(await sitesWithToken(bad));
    for (const header of ['Bearer', 'Bearer ', `Basic ${token}`, `Bearer ${token} extra`, `Bearer\t${token}`]) {
      expect401(await t.app.inject({ url: '/api/v1/sites', headers: { authorization: header } }));
    }
  });
});

describe('browser sessions', () => {
  it('refuses a logged-out session at once', async () => {
    const { session } = await staffSession();
    expect((await sessionInfo(session)).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: browserHeaders(session) });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/th_session=;/);
    expect401(await sessionInfo(session));
    expect401(await t.app.inject({ url: '/api/v1/sites', headers: { cookie: session.cookie } }));
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: browserHeaders(session) })).statusCode,
    ).toBe(401);
  });

  it('refuses an unknown or forged session cookie', async () => {
    expect401(await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: 'th_session=forged' } }));
    expect401(await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: `th_session=${'a'.repeat(500)}` } }));
    const none = await t.app.inject({ url: '/api/v1/auth/session' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('ends every session and token of a user at once when the user is disabled, and re-enabling does not revive them', async () => {
    const { user, session, secret, adminToken } = await staffSession();
    const second = await signIn(t.app, t, user.email, secret);
    expect((await sessionInfo(second)).statusCode).toBe(200);
    const { token } = await createToken(session);
    expect((await sitesWithToken(token)).statusCode).toBe(200);

    const patch = (disabled: boolean) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${user.id}`,
        headers: { authorization: `Bearer ${adminToken}` },
        payload: { disabled },
      });
    const disable = await patch(true);
    expect(disable.statusCode).toBe(200);
    expect(disable.json()).toMatchObject({ disabled: true });
    expect401(await sessionInfo(session));
    expect401(await sessionInfo(second));
    expect401(await sitesWithToken(token));

    expect((await patch(false)).statusCode).toBe(200);
    expect401(await sessionInfo(session));
    expect401(await sessionInfo(second));
    expect401(await sitesWithToken(token));
    const events = await t.services.audit.list({ action: 'user.disable' }, 20);
    expect(events.items.some((e) => e.resourceId === user.id && e.outcome === 'success')).toBe(true);
  });

  it('expires a session after 15 idle minutes', async () => {
    const { session } = await staffSession();
    t.clock.advance(15 * MINUTE - 1);
    expect((await sessionInfo(session)).statusCode).toBe(200);
    t.clock.advance(15 * MINUTE);
    const res = await sessionInfo(session);
    expect401(res);
    expect(res.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
    // and it stays expired: activity after expiry does not revive it
    t.clock.advance(1_000);
    expect401(await sessionInfo(session));
  });

  it('keeps an active session alive with requests well past the idle time-out', async () => {
    const { session } = await staffSession();
    for (let i = 0; i < 6; i++) {
      t.clock.advance(14 * MINUTE);
      expect((await sessionInfo(session)).statusCode).toBe(200);
    }
  });

  it('ends even an active session at its absolute lifetime of 12 hours', async () => {
    const { session } = await staffSession();
    const start = t.clock.now();
    const end = start + 12 * 60 * MINUTE;
    while (t.clock.now() + 14 * MINUTE < end) {
      t.clock.advance(14 * MINUTE);
      expect((await sessionInfo(session)).statusCode).toBe(200);
    }
    t.clock.advance(end - t.clock.now() - 1);
    expect((await sessionInfo(session)).statusCode).toBe(200);
    t.clock.advance(1);
    expect401(await sessionInfo(session));
  });
});
