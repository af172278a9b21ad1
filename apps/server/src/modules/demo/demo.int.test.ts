import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { DEMO_PASSWORD, DemoRefusedError, seedDemo } from './demo.service.js';
import { systemActor } from './system-actor.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('seedDemo', () => {
  it('creates High Plains Health once; a second run creates nothing and finds the same records', async () => {
    const first = await seedDemo(t.services);
    expect(first.created).toEqual({ organization: true, sites: 9, users: 21, patients: 36 });
    const second = await seedDemo(t.services);
    expect(second.created).toEqual({ organization: false, sites: 0, users: 0, patients: 0 });
    expect(second.organizationId).toBe(first.organizationId);
    expect(second.totals).toEqual({ sites: 9, users: 21, patients: 36 });
    const actor = systemActor(first.organizationId);
    expect(await t.services.sites.list(actor)).toHaveLength(9);
    expect(await t.services.users.list(actor)).toHaveLength(21);
    expect((await t.services.patients.list(actor, { limit: 200 })).items).toHaveLength(36);
    expect((await t.services.audit.verify()).problem).toBeNull();
  });

  it('links the patient login to its patient record and makes staff enrol MFA first', async () => {
    const patientLogin = await t.services.users.findByEmail('patient@highplains.example');
    expect(patientLogin?.patientId).toEqual(expect.any(String));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'cardiology@highplains.example', password: DEMO_PASSWORD },
    });
    expect(res.json()).toMatchObject({ stage: 'mfa_enrol' });
  });

  it('refuses to run in production', async () => {
    const services = { ...t.services, config: { ...t.services.config, env: 'production' as const } };
    await expect(seedDemo(services)).rejects.toBeInstanceOf(DemoRefusedError);
  });
});
