/** The demo health system reaches the billing queue with correct proposed lines, and seeding twice adds nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { seedDemo } from '../demo/demo.service.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  // The seed takes its visit through a real call: let the test clock run like a real one from its fixed start.
  const base = t.clock.ms;
  const started = Date.now();
  Object.defineProperty(t.clock, 'ms', { get: () => base + (Date.now() - started), set: () => undefined });
});

afterAll(async () => {
  await t?.close();
});

describe('demo billing', () => {
  it('shows a completed video visit and an answered consult with their lines; a second seed adds nothing', async () => {
    await seedDemo(t.services);
    await seedDemo(t.services);
    const billing = await t.services.users.findByEmail('billing@highplains.example');
    const actor = { userId: billing!.id, organizationId: billing!.organizationId, roles: billing!.roles, patientId: null, via: 'system' as const, sessionId: null, tokenId: null };
    const { items } = await t.services.encounters.queue(actor, {});
    const lines = (kind: string) => items.filter((e) => e.sourceKind === kind && e.lines.length > 0).map((e) => e.lines);
    expect(lines('visit')).toEqual([[{ code: '99214', modifiers: [], pos: '10', units: 1 }]]);
    // the dermatologist's role is at the hospital (POS 22); the referrer's at the Wind River clinic (POS 11)
    expect(lines('case')).toEqual([[{ code: '99451', modifiers: [], pos: '22', units: 1 }]]);
    expect(lines('case_referral')).toEqual([[{ code: '99452', modifiers: [], pos: '11', units: 1 }]]);
    expect(items.filter((e) => e.sourceKind === 'visit')).toHaveLength(1);
    expect(items.filter((e) => e.sourceKind === 'case').map((e) => e.state)).toEqual(['ready', 'ready']);
    expect((await t.services.audit.verify()).problem).toBeNull();
  });
});
