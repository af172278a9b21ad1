import { systemActor } from '../platform/actor.js';
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

export { systemActor };

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

// ---- adversarial test helpers (append-only) --------------------------------------------------------

/** What the helpers below need from an `inject()` response. */
export interface InjectedResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json<T = unknown>(): T;
}

/** The session cookie (plain or `__Host-` prefixed) and CSRF token set by a login or MFA response. */
export function sessionFrom(res: InjectedResponse): BrowserSession {
  const setCookie = res.headers['set-cookie'];
  const list = Array.isArray(setCookie) ? setCookie : typeof setCookie === 'string' ? [setCookie] : [];
  const c = list.find((s) => /^(__Host-)?th_session=[^;]+/.test(s));
  if (!c) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
  return { cookie: c.split(';')[0]!, csrf: res.json<{ csrfToken: string }>().csrfToken };
}

/** The first factor only: POST /auth/login, returning the raw response. */
export function passwordLogin(
  app: Api,
  email: string,
  password = PASSWORD,
  extra: { remoteAddress?: string; requestId?: string } = {},
): Promise<InjectedResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}),
    ...(extra.requestId ? { headers: { 'x-request-id': extra.requestId } } : {}),
  });
}

/** Headers of a cookie-authenticated browser request, with the CSRF token unless `csrf` is false. */
export function browserHeaders(session: BrowserSession, csrf = true): Record<string, string> {
  return csrf ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : { cookie: session.cookie };
}

/** A patient record at `siteId` and a patient login (role `patient`) for it. */
export async function createPatientLogin(
  t: TestApp,
  organizationId: string,
  siteId: string,
): Promise<{ patientId: string; user: UserFixture }> {
  const patientId = await createPatient(t, organizationId, siteId);
  const user = await createUser(t, organizationId, [roleAt('patient', null)], patientId);
  return { patientId, user };
}

/** A six-digit code that is valid in none of the steps around `nowMs` (a wrong guess). */
export function wrongTotp(secret: string, nowMs: number): string {
  const taken = new Set([-1, 0, 1].map((d) => totp(secret, nowMs + d * 30_000)));
  for (let n = 0; ; n++) {
    const code = String((123_456 + n * 7_919) % 1_000_000).padStart(6, '0');
    if (!taken.has(code)) return code;
  }
}
