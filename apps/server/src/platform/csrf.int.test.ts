import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';
import {
  bearerFor,
  browserHeaders,
  createOrg,
  createPatient,
  createUser,
  roleAt,
  signIn,
  systemActor,
  unique,
  type BrowserSession,
  type InjectedResponse,
} from '../testing/fixtures.js';

let t: TestApp;
let org: { organizationId: string; siteA: string; siteB: string };
let admin: { id: string; email: string };
let session: BrowserSession;
let otherSession: BrowserSession;
let adminToken: string;
const secret: { value?: string } = {};

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t);
  admin = await createUser(t, org.organizationId, [roleAt('admin', null)]);
  session = await signIn(t.app, t, admin.email, secret);
  otherSession = await signIn(t.app, t, admin.email, secret);
  adminToken = await bearerFor(t, admin.id);
});
afterAll(async () => {
  await t.close();
});

function expectCsrfRefusal(res: InjectedResponse): void {
  expect(res.statusCode).toBe(403);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
}

/** Header variants a forged cross-site request could carry: none, wrong, empty, or another session's token. */
function forgedHeaders(): Record<string, string>[] {
  return [
    { cookie: session.cookie },
    { cookie: session.cookie, 'x-csrf-token': 'wrong-token' },
    { cookie: session.cookie, 'x-csrf-token': '' },
    { cookie: session.cookie, 'x-csrf-token': otherSession.csrf },
    { cookie: session.cookie, 'x-csrf-token': `${session.csrf} ` },
  ];
}

async function readPatient(id: string) {
  return t.services.patients.get(systemActor(org.organizationId), id);
}

describe('CSRF protection of cookie-authenticated writes', () => {
  it('refuses PATCH without the right token and leaves the record unchanged', async () => {
    const id = await createPatient(t, org.organizationId, org.siteA);
    const before = await readPatient(id);
    for (const headers of forgedHeaders()) {
      expectCsrfRefusal(
        await t.app.inject({ method: 'PATCH', url: `/api/v1/patients/${id}`, headers, payload: { givenName: 'Forged' } }),
      );
    }
    expect(await readPatient(id)).toEqual(before);
    const denied = await t.services.audit.list({ userId: admin.id, action: 'access.denied', outcome: 'denied' }, 10);
    expect(denied.items[0]).toMatchObject({ detail: { reason: 'csrf', method: 'PATCH' } });

    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/patients/${id}`,
      headers: browserHeaders(session),
      payload: { givenName: 'Legit' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await readPatient(id)).givenName).toBe('Legit');
  });

  it('refuses POST without the right token and creates nothing', async () => {
    const mrn = unique('MRN');
    const payload = { siteId: org.siteA, mrn, givenName: 'Forged', familyName: 'Post', birthDate: '1990-01-01', sex: 'other' };
    for (const headers of forgedHeaders()) {
      expectCsrfRefusal(await t.app.inject({ method: 'POST', url: '/api/v1/patients', headers, payload }));
    }
    // A method-override header does not turn a forged POST into a safe request.
    expectCsrfRefusal(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/patients',
        headers: { cookie: session.cookie, 'x-http-method-override': 'GET' },
        payload,
      }),
    );
    const list = await t.services.patients.list(systemActor(org.organizationId), { limit: 200 });
    expect(list.items.some((p) => p.mrn === mrn)).toBe(false);
  });

  it('refuses DELETE without the right token and keeps the care-team member', async () => {
    const id = await createPatient(t, org.organizationId, org.siteA);
    const member = await createUser(t, org.organizationId, [roleAt('clinician', org.siteB)]);
    await t.services.patients.addToCareTeam(systemActor(org.organizationId), id, member.id, true);
    for (const headers of forgedHeaders()) {
      expectCsrfRefusal(await t.app.inject({ method: 'DELETE', url: `/api/v1/patients/${id}/care-team/${member.id}`, headers }));
    }
    const team = await t.services.patients.careTeam(systemActor(org.organizationId), id);
    expect(team.map((m) => m.userId)).toEqual([member.id]);
  });

  it('refuses PUT without the right token and keeps the roles', async () => {
    const user = await createUser(t, org.organizationId, [roleAt('nurse', org.siteA)]);
    for (const headers of forgedHeaders()) {
      expectCsrfRefusal(
        await t.app.inject({
          method: 'PUT',
          url: `/api/v1/users/${user.id}/roles`,
          headers,
          payload: { roles: [roleAt('admin', null)] },
        }),
      );
    }
    const after = await t.services.users.get(systemActor(org.organizationId), user.id);
    expect(after.roles).toEqual([roleAt('nurse', org.siteA)]);
  });

  it('refuses a forged logout, so a third-party page cannot end the session', async () => {
    const victim = await signIn(t.app, t, admin.email, secret);
    expectCsrfRefusal(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: victim.cookie } }));
    expect((await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: victim.cookie } })).statusCode).toBe(200);
  });

  it('needs no token for safe methods', async () => {
    const id = await createPatient(t, org.organizationId, org.siteA);
    expect((await t.app.inject({ url: `/api/v1/patients/${id}`, headers: { cookie: session.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'HEAD', url: `/api/v1/patients/${id}`, headers: { cookie: session.cookie } })).statusCode).toBe(
      200,
    );
  });

  it('needs no token for bearer-token requests', async () => {
    const id = await createPatient(t, org.organizationId, org.siteA);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/patients/${id}`,
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { familyName: 'ViaToken' },
    });
    expect(res.statusCode).toBe(200);
    expect((await readPatient(id)).familyName).toBe('ViaToken');
  });

  it('refuses a form-encoded or multipart cross-site POST with 415 and changes nothing', async () => {
    const mrn = unique('MRN');
    const form = `siteId=${org.siteA}&mrn=${mrn}&givenName=Form&familyName=Post&birthDate=1990-01-01&sex=other`;
    const urlencoded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form,
    });
    expect(urlencoded.statusCode).toBe(415);
    expect(urlencoded.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(urlencoded.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });

    const multipart = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { cookie: session.cookie, 'content-type': 'multipart/form-data; boundary=x' },
      payload: `--x\r\nContent-Disposition: form-data; name="mrn"\r\n\r\n${mrn}\r\n--x--\r\n`,
    });
    expect(multipart.statusCode).toBe(415);

    // A text/plain form (the other enctype a cross-site form can send) is refused as well.
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { cookie: session.cookie, 'content-type': 'text/plain' },
      payload: JSON.stringify({ siteId: org.siteA, mrn, givenName: 'Plain', familyName: 'Text', birthDate: '1990-01-01', sex: 'other' }),
    });
    expectCsrfRefusal(plain);

    const list = await t.services.patients.list(systemActor(org.organizationId), { limit: 200 });
    expect(list.items.some((p) => p.mrn === mrn)).toBe(false);
  });
});
