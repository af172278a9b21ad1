import { randomBytes } from 'node:crypto';
import type { Role, RoleAssignment } from '@telehealth/contracts/identity';
import type { Api } from '../platform/http.js';
import { totp } from '../modules/identity/totp.js';
import type { TestApp } from './harness.js';

export const PASSWORD = 'correct horse battery staple';

export function unique(prefix = 'x'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export interface OrgFixture {
  organizationId: string;
  siteA: string;
  siteB: string;
}

/** An organization with two clinic sites, all with unique names. */
export async function createOrg(t: TestApp): Promise<OrgFixture> {
  const { id: organizationId } = await t.services.setup.ensureOrganization(unique('Org '));
  const actor = systemActor(organizationId);
  const siteA = await t.services.sites.create(actor, { name: unique('Site A '), kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
  const siteB = await t.services.sites.create(actor, { name: unique('Site B '), kind: 'hospital', timeZone: 'America/Chicago', state: 'ND' });
  return { organizationId, siteA: siteA.id, siteB: siteB.id };
}

/** An actor with org-wide admin rights, for setting up fixtures through the services. */
export function systemActor(organizationId: string) {
  return {
    userId: '00000000-0000-4000-8000-000000000000',
    organizationId,
    roles: [{ role: 'admin' as const, siteId: null, specialties: [], languages: [] }],
    patientId: null,
    via: 'session' as const,
    sessionId: null,
    tokenId: null,
  };
}

export function roleAt(role: Role, siteId: string | null): RoleAssignment {
  return {
    role,
    siteId,
    specialties: role === 'specialist' ? ['dermatology'] : [],
    languages: role === 'interpreter' ? ['es'] : [],
  };
}

export interface UserFixture {
  id: string;
  email: string;
  organizationId: string;
}

export async function createUser(
  t: TestApp,
  organizationId: string,
  roles: RoleAssignment[],
  patientId?: string,
): Promise<UserFixture> {
  const email = `${unique('u')}@example.test`;
  const user = await t.services.users.create(
    organizationId,
    { email, name: unique('User '), password: PASSWORD, roles, ...(patientId ? { patientId } : {}) },
    null,
  );
  return { id: user.id, email, organizationId };
}

/** An API token for the user: the quickest way to call the API as them. */
export async function bearerFor(t: TestApp, userId: string): Promise<string> {
  const created = await t.services.tokens.create(userId, { name: 'test', expiresInDays: 30 }, null);
  return created.token;
}

export async function createPatient(t: TestApp, organizationId: string, siteId: string): Promise<string> {
  const p = await t.services.patients.create(systemActor(organizationId), {
    siteId,
    mrn: unique('MRN'),
    givenName: 'Ada',
    familyName: unique('Test'),
    birthDate: '1980-02-29',
    sex: 'female',
  });
  return p.id;
}

export interface BrowserSession {
  cookie: string;
  csrf: string;
}

function cookieOf(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const c = list.find((s) => s.startsWith('th_session='));
  if (!c) throw new Error('no session cookie set');
  return c.split(';')[0]!;
}

/**
 * Signs in through the HTTP API as a browser would: password, then MFA enrolment (staff, first time) or
 * challenge with a code from the returned secret. Returns the session cookie and CSRF token.
 */
export async function signIn(app: Api, t: TestApp, email: string, totpSecret?: { value?: string }): Promise<BrowserSession> {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  let session = { cookie: cookieOf(login.headers['set-cookie']), csrf: login.json<{ csrfToken: string }>().csrfToken };
  const stage = login.json<{ stage: string }>().stage;
  if (stage === 'authenticated') return session;
  const headers = () => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });
  if (stage === 'mfa_enrol') {
    const enrol = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrol', headers: headers() });
    const secret = enrol.json<{ secret: string }>().secret;
    if (totpSecret) totpSecret.value = secret;
    const confirm = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrol/confirm',
      headers: headers(),
      payload: { code: totp(secret, t.clock.now()) },
    });
    if (confirm.statusCode !== 200) throw new Error(`enrol failed: ${confirm.body}`);
    session = { cookie: cookieOf(confirm.headers['set-cookie']), csrf: confirm.json<{ csrfToken: string }>().csrfToken };
    return session;
  }
  if (!totpSecret?.value) throw new Error('MFA challenge needs the secret');
  t.clock.advance(30_000);
  const verify = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/mfa/verify',
    headers: headers(),
    payload: { code: totp(totpSecret.value, t.clock.now()) },
  });
  if (verify.statusCode !== 200) throw new Error(`verify failed: ${verify.body}`);
  return { cookie: cookieOf(verify.headers['set-cookie']), csrf: verify.json<{ csrfToken: string }>().csrfToken };
}
