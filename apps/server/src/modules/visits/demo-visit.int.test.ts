import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/demo.service.js';
import { createTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

const lookup = (url: string) => t.app.inject({ method: 'POST', url: '/api/v1/join', payload: { token: url.split('#')[1] } });

describe('demo video visit', () => {
  it('seeds one open visit for the demo patient and prints a working link; a second run reuses the visit with a new link', async () => {
    const first = await seedDemo(t.services);
    expect(first.visit?.hostEmail).toBe('dr.prairie@highplains.example');
    expect(first.visit?.joinUrl).toMatch(/\/join#[A-Za-z0-9_-]{43}$/);
    expect(first.visit?.joinUrl).not.toMatch(/Rosa|Delgado/);
    expect((await lookup(first.visit!.joinUrl)).statusCode).toBe(200);
    const second = await seedDemo(t.services);
    expect(second.visit?.visitId).toBe(first.visit?.visitId);
    expect((await lookup(second.visit!.joinUrl)).statusCode).toBe(200);
    expect((await lookup(first.visit!.joinUrl)).json<{ code: string }>().code).toBe('JOIN_TOKEN_INVALID');
  });
});
