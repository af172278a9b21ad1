import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { seedDemo } from '../demo/demo.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('demo consults', () => {
  it('seeds a queued dermatology case, a queued retinopathy screening and an answered case, once', async () => {
    await seedDemo(t.services);
    await seedDemo(t.services);
    const referrer = await t.services.users.findByEmail('dr.prairie@highplains.example');
    const derm = await t.services.users.findByEmail('dermatology@highplains.example');
    const actor = (u: NonNullable<typeof referrer>) => ({ userId: u.id, organizationId: u.organizationId, roles: u.roles, patientId: null, via: 'system' as const, sessionId: null, tokenId: null });
    const referred = (await t.services.cases.list(actor(referrer!), { view: 'referred' })).items;
    expect(referred.map((c) => `${c.specialty}:${c.state}`).sort()).toEqual(['dermatology:answered', 'dermatology:submitted', 'ophthalmology:submitted']);
    const queue = (await t.services.cases.list(actor(derm!), { view: 'queue' })).items;
    expect(queue).toHaveLength(1);
    expect((await t.services.audit.verify()).problem).toBeNull();
  });
});
