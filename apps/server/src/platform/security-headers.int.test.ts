import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';
import {
  createOrg,
  createUser,
  passwordLogin,
  roleAt,
  sessionFrom,
  type InjectedResponse,
} from '../testing/fixtures.js';

let http: TestApp;
let https: TestApp;
let webDir: string;

beforeAll(async () => {
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'telehealth-web-'));
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(
    path.join(webDir, 'index.html'),
    '<!doctype html><title>Telehealth</title><script type="module" src="/assets/app.js"></script>',
  );
  fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1);');
  http = await createTestApp({ webDistDir: webDir });
  https = await createTestApp({ publicUrl: 'https://tele.example.test', webDistDir: webDir });
});
afterAll(async () => {
  await http.close();
  await https.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

function directives(res: InjectedResponse): Map<string, string[]> {
  const csp = String(res.headers['content-security-policy'] ?? '');
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

function expectHardened(res: InjectedResponse): void {
  const csp = directives(res);
  expect(csp.size, String(res.headers['content-security-policy'])).toBeGreaterThan(0);
  const scripts = csp.get('script-src') ?? csp.get('default-src');
  expect(scripts).toBeDefined();
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).not.toContain('*');
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['x-powered-by']).toBeUndefined();
}

const pageRequests = [
  { url: '/', accept: 'text/html' },
  { url: '/patients/some-client-route', accept: 'text/html,application/xhtml+xml' },
  { url: '/assets/app.js', accept: '*/*' },
  { url: '/api/docs', accept: 'text/html' },
];
const apiRequests = [
  { url: '/api/v1/setup/status', accept: 'application/json' },
  { url: '/api/v1/patients', accept: 'application/json' }, // 401
  { url: '/api/v1/no-such-route', accept: 'application/json' }, // 404
  { url: '/healthz', accept: 'application/json' },
];

describe('security headers over plain http', () => {
  it('harden page responses: CSP without inline script, no framing, nosniff', async () => {
    for (const r of pageRequests) {
      const res = await http.app.inject({ url: r.url, headers: { accept: r.accept } });
      expect(res.statusCode, r.url).toBe(200);
      expectHardened(res);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    const page = await http.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await http.app.inject({ url: '/assets/app.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('harden API responses, successful or not, and forbid caching them', async () => {
    for (const r of apiRequests) {
      const res = await http.app.inject({ url: r.url, headers: { accept: r.accept } });
      expectHardened(res);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      if (r.url.startsWith('/api/')) expect(res.headers['cache-control'], r.url).toBe('no-store');
    }
  });

  it('answers unknown API paths with problem+json even when a browser asks for HTML', async () => {
    const res = await http.app.inject({ url: '/api/v1/nothing-here', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, without Secure or a prefix over http', async () => {
    const { organizationId, siteA } = await createOrg(http);
    const user = await createUser(http, organizationId, [roleAt('clinician', siteA)]);
    const res = await passwordLogin(http.app, user.email);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^th_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
    expect(cookie).not.toMatch(/; Domain=/i);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
    const good = await http.app.inject({
      url: '/api/v1/patients',
      headers: { 'x-request-id': 'lb-2f9c1e7a.42_x' },
    });
    expect(good.headers['x-request-id']).toBe('lb-2f9c1e7a.42_x');
    expect(good.json()).toMatchObject({ requestId: 'lb-2f9c1e7a.42_x' });
    for (const bad of ['short', '<script>alert(1)</script>', 'a'.repeat(65), 'id with spaces 123']) {
      const res = await http.app.inject({ url: '/api/v1/patients', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.json<{ requestId: string }>().requestId).toBe(res.headers['x-request-id']);
    }
    const generated = await http.app.inject({ url: '/healthz' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('security headers when PUBLIC_URL is https', () => {
  it('send HSTS on API and page responses', async () => {
    for (const r of [...pageRequests, ...apiRequests]) {
      const res = await https.app.inject({ url: r.url, headers: { accept: r.accept } });
      expect(res.headers['strict-transport-security'], r.url).toBe('max-age=31536000; includeSubDomains');
      expectHardened(res);
    }
  });

  it('set a __Host- session cookie that is Secure, HttpOnly, SameSite=Strict, on / and without Domain, and accept it back', async () => {
    const { organizationId, siteA } = await createOrg(https);
    const user = await createUser(https, organizationId, [roleAt('clinician', siteA)]);
    const res = await passwordLogin(https.app, user.email);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-th_session=[A-Za-z0-9_-]{43};/);
    for (const attr of [/; Secure/, /; HttpOnly/, /; SameSite=Strict/, /; Path=\/(;|$)/])
      expect(cookie).toMatch(attr);
    expect(cookie).not.toMatch(/; Domain=/i);

    const session = sessionFrom(res);
    const info = await https.app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } });
    expect(info.statusCode).toBe(200);

    const out = await https.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    expect(out.statusCode).toBe(204);
    const cleared = ([] as string[]).concat(out.headers['set-cookie'] as string | string[]);
    expect(cleared.some((c) => /^__Host-th_session=;.*Secure/.test(c))).toBe(true);
  });
});
