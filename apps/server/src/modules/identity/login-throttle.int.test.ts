import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import {
  bearerFor,
  createOrg,
  createUser,
  passwordLogin,
  roleAt,
  systemActor,
  unique,
  type InjectedResponse,
} from '../../testing/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function expectProblem(res: InjectedResponse, status: number, code: string): void {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, code, type: `urn:telehealth:error:${code}` });
}

async function loginEvents(requestIds: string[]) {
  const { items } = await t.services.audit.list({ action: 'auth.login' }, 1000);
  return requestIds.map((id) => items.find((e) => e.requestId === id));
}

describe('per-account sign-in throttle', () => {
  it('blocks an account after repeated failures even with the right password, then lets the owner in once the block expires', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const victim = await createUser(t, organizationId, [roleAt('clinician', siteA)]);
    const bystander = await createUser(t, organizationId, [roleAt('nurse', siteA)]);
    const ids = Array.from({ length: 6 }, () => unique('req-fail-'));

    // Five free failures, then the sixth starts a 30 s block.
    for (const requestId of ids) {
      expectProblem(await passwordLogin(t.app, victim.email, 'wrong password 123', { requestId }), 401, 'INVALID_CREDENTIALS');
    }

    const blockedId = unique('req-blocked-');
    const blocked = await passwordLogin(t.app, victim.email, undefined, { requestId: blockedId });
    expectProblem(blocked, 429, 'LOGIN_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBe(30);
    expect(blocked.headers['set-cookie']).toBeUndefined();

    // Case and whitespace do not make a different account key.
    expectProblem(await passwordLogin(t.app, `  ${victim.email.toUpperCase()} `), 429, 'LOGIN_THROTTLED');

    // Another account is not affected.
    expect((await passwordLogin(t.app, bystander.email)).statusCode).toBe(200);

    t.clock.advance(20_000);
    const still = await passwordLogin(t.app, victim.email);
    expectProblem(still, 429, 'LOGIN_THROTTLED');
    expect(Number(still.headers['retry-after'])).toBe(10);

    t.clock.advance(10_000);
    const ok = await passwordLogin(t.app, victim.email);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ stage: 'mfa_enrol' });

    // Success cleared the count: five fresh failures are free again.
    for (let i = 0; i < 5; i++) expect((await passwordLogin(t.app, victim.email, 'wrong password 123')).statusCode).toBe(401);
    expect((await passwordLogin(t.app, victim.email)).statusCode).toBe(200);

    const failures = await loginEvents(ids);
    for (const e of failures) {
      expect(e).toMatchObject({ outcome: 'failure', userId: victim.id, organizationId, detail: { reason: 'bad_password' } });
    }
    const [denied] = await loginEvents([blockedId]);
    expect(denied).toMatchObject({ outcome: 'denied', userId: victim.id, organizationId, detail: { reason: 'throttled' } });
    expect((await t.services.audit.verify()).problem).toBeNull();
  });

  it('doubles the block for each further failure after it expires', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const user = await createUser(t, organizationId, [roleAt('clinician', siteA)]);
    for (let i = 0; i < 6; i++) await passwordLogin(t.app, user.email, 'wrong password 123');
    t.clock.advance(30_000);
    expect((await passwordLogin(t.app, user.email, 'wrong password 123')).statusCode).toBe(401);
    const blocked = await passwordLogin(t.app, user.email);
    expectProblem(blocked, 429, 'LOGIN_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBe(60);
    t.clock.advance(60_000);
    expect((await passwordLogin(t.app, user.email)).statusCode).toBe(200);
  });

  it('throttles guesses at an unknown email the same way, so the answer does not reveal which accounts exist', async () => {
    const email = `${unique('nobody')}@example.test`;
    const ids = Array.from({ length: 6 }, () => unique('req-unknown-'));
    for (const requestId of ids) expectProblem(await passwordLogin(t.app, email, 'whatever 1234', { requestId }), 401, 'INVALID_CREDENTIALS');
    expectProblem(await passwordLogin(t.app, email, 'whatever 1234'), 429, 'LOGIN_THROTTLED');
    const events = await loginEvents(ids);
    for (const e of events) expect(e).toMatchObject({ outcome: 'failure', userId: null, detail: { reason: 'unknown_account' } });
  });

  it('refuses a disabled user with the same answer as a wrong password and audits why', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const admin = await createUser(t, organizationId, [roleAt('admin', null)]);
    const user = await createUser(t, organizationId, [roleAt('clinician', siteA)]);
    await t.services.users.update({ ...systemActor(organizationId), userId: admin.id }, user.id, { disabled: true });
    const requestId = unique('req-disabled-');
    expectProblem(await passwordLogin(t.app, user.email, undefined, { requestId }), 401, 'INVALID_CREDENTIALS');
    const [e] = await loginEvents([requestId]);
    expect(e).toMatchObject({ outcome: 'failure', userId: user.id, detail: { reason: 'disabled' } });
  });
});

describe('per-address rate limit on /auth/login', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await createTestApp({ loginRateLimitPerMinute: 3, rateLimitPerMinute: 5 });
  });
  afterAll(async () => {
    await small.close();
  });

  it('answers 429 RATE_LIMITED problem+json with Retry-After once an address exceeds the per-minute limit', async () => {
    const { organizationId, siteA } = await createOrg(small);
    const user = await createUser(small, organizationId, [roleAt('clinician', siteA)]);
    const ip = '198.51.100.7';
    for (let i = 0; i < 3; i++) {
      expect((await passwordLogin(small.app, `${unique('n')}@example.test`, 'guess guess 1', { remoteAddress: ip })).statusCode).toBe(401);
    }
    const limited = await passwordLogin(small.app, user.email, undefined, { remoteAddress: ip });
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).not.toContain('stack');

    // another address is not limited
    expect((await passwordLogin(small.app, user.email, undefined, { remoteAddress: '198.51.100.8' })).statusCode).toBe(200);
  });

  it('limits each signed-in account separately on the rest of the API', async () => {
    const { organizationId } = await createOrg(small);
    const a = await createUser(small, organizationId, [roleAt('admin', null)]);
    const b = await createUser(small, organizationId, [roleAt('admin', null)]);
    const tokenA = await bearerFor(small, a.id);
    const tokenB = await bearerFor(small, b.id);
    const sites = (token: string) => small.app.inject({ url: '/api/v1/sites', headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 5; i++) expect((await sites(tokenA)).statusCode).toBe(200);
    expectProblem(await sites(tokenA), 429, 'RATE_LIMITED');
    expect((await sites(tokenB)).statusCode).toBe(200);
    // liveness probes are never limited
    for (let i = 0; i < 8; i++) expect((await small.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
