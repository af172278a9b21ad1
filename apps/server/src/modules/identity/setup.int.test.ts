import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { totp } from './totp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('first-run setup', () => {
  it('creates the first organization and admin only with the printed one-time token', async () => {
    expect((await t.app.inject({ url: '/api/v1/setup/status' })).json()).toEqual({ needed: true });
    const token = await t.services.setup.issueToken();
    expect(token).toBeTruthy();
    const body = {
      token: token!,
      organizationName: 'High Plains Health',
      adminName: 'Ada Admin',
      adminEmail: 'ada@example.test',
      password: 'a long and unguessable passphrase',
    };
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...body, token: 'x'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'SETUP_TOKEN_INVALID' });

    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: body });
    expect(ok.statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SETUP_ALREADY_DONE' });
    expect((await t.app.inject({ url: '/api/v1/setup/status' })).json()).toEqual({ needed: false });
    expect(await t.services.setup.issueToken()).toBeNull();

    // The admin must enrol MFA before anything else.
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.adminEmail, password: body.password } });
    expect(login.statusCode).toBe(200);
    const { stage, csrfToken } = login.json<{ stage: string; csrfToken: string }>();
    expect(stage).toBe('mfa_enrol');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const blocked = await t.app.inject({ url: '/api/v1/sites', headers: { cookie } });
    expect(blocked.json()).toMatchObject({ code: 'MFA_ENROLMENT_REQUIRED' });

    const enrol = await t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrol', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(enrol.statusCode).toBe(200);
    const { secret } = enrol.json<{ secret: string }>();
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrol/confirm',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: { code: totp(secret, t.clock.now()) },
    });
    expect(confirm.statusCode).toBe(200);
    const newCookie = String(confirm.headers['set-cookie']).split(';')[0]!;
    expect(newCookie).not.toBe(cookie);
    // the pre-MFA session id is retired (session fixation defence)
    expect((await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie } })).statusCode).toBe(401);
    const sites = await t.app.inject({ url: '/api/v1/sites', headers: { cookie: newCookie } });
    expect(sites.statusCode).toBe(200);

    const audit = await t.services.audit.list({}, 50);
    const actions = audit.items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['setup.complete', 'auth.login', 'auth.mfa.enrol']));
    expect((await t.services.audit.verify()).problem).toBeNull();
  });
});
