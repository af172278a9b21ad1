import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';
import { bearerFor, createOrg, createUser, passwordLogin, PASSWORD, roleAt, unique } from '../testing/fixtures.js';

// pino writes to process.stdout itself when its write method has been replaced, so the logs of an app built
// after this point are captured here line by line (and kept out of the test output).
const lines: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
let t: TestApp;

beforeAll(async () => {
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  t = await createTestApp({ logLevel: 'info' });
});
afterAll(async () => {
  await t.close();
  process.stdout.write = originalWrite;
});

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: unknown;
  res?: unknown;
  [k: string]: unknown;
}

function parsed(from = 0): LogLine[] {
  return lines.slice(from).map((l) => JSON.parse(l) as LogLine);
}

function text(from = 0): string {
  return lines.slice(from).join('\n');
}

describe('logs', () => {
  it('are JSON lines, and every request line carries the request id', async () => {
    const start = lines.length;
    const res = await t.app.inject({ url: '/api/v1/setup/status', headers: { 'x-request-id': 'log-check-0001' } });
    expect(res.statusCode).toBe(200);
    const mine = parsed(start).filter((l) => l.req !== undefined || l.res !== undefined);
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    for (const l of mine) expect(l.reqId).toBe('log-check-0001');
    for (const l of parsed(start)) expect(l).toMatchObject({ service: 'telehealth' });
  });

  it('never contain a login’s email or password, or the session secrets', async () => {
    const start = lines.length;
    const { organizationId, siteA } = await createOrg(t);
    const user = await createUser(t, organizationId, [roleAt('clinician', siteA)]);
    const ok = await passwordLogin(t.app, user.email);
    const wrongPassword = `${unique('Wr0ng-')} password`;
    await passwordLogin(t.app, user.email, wrongPassword);
    await passwordLogin(t.app, `${unique('ghost')}@example.test`, wrongPassword);
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie, 'x-csrf-token': 'abc' } });

    const logged = text(start);
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [user.email, PASSWORD, wrongPassword, cookie.split('=')[1]!, ok.json<{ csrfToken: string }>().csrfToken]) {
      expect(logged).not.toContain(secret);
    }
    const refused = parsed(start).filter((l) => l.msg === 'request refused');
    expect(refused.length).toBeGreaterThan(0);
    for (const l of refused) expect(l.reqId).toEqual(expect.any(String));
  });

  it('never contain patient names or identifiers sent in requests, even refused ones', async () => {
    const start = lines.length;
    const { organizationId, siteA } = await createOrg(t);
    const admin = await createUser(t, organizationId, [roleAt('admin', null)]);
    const auth = { authorization: `Bearer ${await bearerFor(t, admin.id)}` };
    const given = unique('Givenname');
    const family = unique('Familyname');
    const mrn = unique('MRN');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: auth,
      payload: { siteId: siteA, mrn, givenName: given, familyName: family, birthDate: '1944-07-13', sex: 'female', email: 'pt@example.test', phone: '+1 406 555 0199' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    await t.app.inject({ url: `/api/v1/patients/${id}`, headers: auth });
    await t.app.inject({ url: '/api/v1/patients', headers: auth });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/patients/${id}`, headers: auth, payload: { familyName: `${family}x` } });
    // refused: validation error and duplicate MRN
    await t.app.inject({ method: 'POST', url: '/api/v1/patients', headers: auth, payload: { siteId: siteA, mrn, givenName: given, familyName: 1, birthDate: 'x' } });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: auth,
      payload: { siteId: siteA, mrn, givenName: given, familyName: family, birthDate: '1944-07-13', sex: 'female' },
    });
    const logged = text(start);
    for (const phi of [given, family, mrn, '1944-07-13', 'pt@example.test', '555 0199']) expect(logged).not.toContain(phi);
  });

  it('never contain the query parameters of a failed database statement, while still naming the failure', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const admin = await createUser(t, organizationId, [roleAt('admin', null)]);
    const auth = { authorization: `Bearer ${await bearerFor(t, admin.id)}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: auth,
      payload: { siteId: siteA, mrn: unique('MRN'), givenName: 'Before', familyName: 'Failure', birthDate: '1950-01-01', sex: 'male' },
    });
    const id = created.json<{ id: string }>().id;
    // An unexpected database failure on the write path (here a constraint the code does not know about).
    const poison = unique('Zebulon');
    await t.db.database.rawTransaction((tx) =>
      tx.exec(`ALTER TABLE patients ADD CONSTRAINT logs_test_reject CHECK (given_name NOT LIKE 'Zebulon%')`),
    );
    const start = lines.length;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/patients/${id}`,
      headers: { ...auth, 'x-request-id': 'log-check-db-failure' },
      payload: { givenName: poison, phone: '+1 406 555 0142' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain(poison);
    const logged = text(start);
    expect(logged).not.toContain(poison);
    expect(logged).not.toContain('555 0142');
    const failure = parsed(start).find((l) => l.msg === 'request failed');
    expect(failure).toMatchObject({ level: 50, reqId: 'log-check-db-failure' });
    // the operator still learns what failed: the SQLSTATE and the constraint
    expect(JSON.stringify(failure)).toContain('23514');
    expect(JSON.stringify(failure)).toContain('logs_test_reject');
  });
});
