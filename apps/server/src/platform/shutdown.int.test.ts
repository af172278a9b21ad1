import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';
import { createOrg, createUser, PASSWORD, roleAt, unique } from '../testing/fixtures.js';

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  // the app was closed by the test; close (and on PostgreSQL drop) the database
  browserAgent.destroy();
  await t.db.close();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// Like a browser: keeps the connection open after the response, with no client-side idle time-out.
const browserAgent = new http.Agent({ keepAlive: true });

/** Starts a POST whose body arrives in two parts; `finish()` sends the rest. */
function slowPost(
  path: string,
  body: string,
  requestId: string,
): { finish(): void; response: Promise<Reply> } {
  const bytes = Buffer.from(body);
  const req = http.request({
    host: '127.0.0.1',
    port,
    agent: browserAgent,
    path,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': bytes.length,
      'x-request-id': requestId,
    },
  });
  const response = new Promise<Reply>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.write(bytes.subarray(0, 10));
  return {
    finish: () => {
      req.end(bytes.subarray(10));
    },
    response,
  };
}

function get(path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      })
      .on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, with its audit row, before close() resolves, and takes no new connections', async () => {
    const { organizationId, siteA } = await createOrg(t);
    const user = await createUser(t, organizationId, [roleAt('clinician', siteA)]);
    expect((await get('/healthz')).status).toBe(200);

    const requestId = unique('shutdown-');
    const slow = slowPost(
      '/api/v1/auth/login',
      JSON.stringify({ email: user.email, password: PASSWORD }),
      requestId,
    );
    await sleep(100); // the server has the headers and part of the body

    let closed = false;
    const closing = t.app.close().then(() => {
      closed = true;
    });
    await sleep(200);
    expect(closed).toBe(false);

    // A new connection is no longer accepted once shutdown has begun.
    const late = await get('/healthz').then(
      (r) => r.status,
      (err: NodeJS.ErrnoException) => err.code,
    );
    expect([503, 'ECONNREFUSED', 'ECONNRESET']).toContain(late);

    slow.finish();
    const reply = await slow.response;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ stage: 'mfa_enrol' });
    expect(reply.headers['x-request-id']).toBe(requestId);

    // The connection the response went out on is not left open for the keep-alive time-out: close() finishes
    // promptly (main.ts gives it 15 s before exiting without closing the database).
    const started = Date.now();
    await closing;
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
    // the in-flight request's audit row was committed before the app finished closing
    const { items } = await t.services.audit.list({ action: 'auth.login', outcome: 'success' }, 50);
    expect(items.some((e) => e.requestId === requestId && e.userId === user.id)).toBe(true);
  });
});
