/** Time on a case against a real database: heartbeats, gaps, the credit cap, corrections with a reason, audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseTime, CaseTimeEntry } from '@telehealth/contracts/case-time';
import type { Actor } from '../../platform/actor.js';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { actorOf, caseAt } from './cases.access.js';

let t: TestApp;
let org: OrgFixture;
let gp: Actor;
let derm: Actor;
const tok = {} as Record<'gp' | 'derm' | 'otherGp', string>;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t);
  const other = await createOrg(t);
  const g = await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]);
  const d = await createUser(t, org.organizationId, [roleAt('specialist', null)]);
  const o = await createUser(t, other.organizationId, [roleAt('clinician', other.siteA)]);
  gp = actorOf(g.id, org.organizationId, [roleAt('clinician', org.siteA)]);
  derm = actorOf(d.id, org.organizationId, [roleAt('specialist', null)]);
  tok.gp = await bearerFor(t, g.id);
  tok.derm = await bearerFor(t, d.id);
  tok.otherGp = await bearerFor(t, o.id);
});

afterAll(async () => {
  await t?.close();
});

async function call<T>(who: keyof typeof tok, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await t.app.inject({ method, url: `/api/v1/cases${url}`, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json<T & { code?: string }>() };
}

const beat = (who: 'gp' | 'derm', caseId: string) => call<CaseTimeEntry>(who, 'POST', `/${caseId}/time/heartbeat`);

describe('time on a case', () => {
  it('sums heartbeats per side, caps a slow beat at a minute, and starts a new entry after a gap', async () => {
    const patientId = await createPatient(t, org.organizationId, org.siteA);
    const caseId = await caseAt(t, { referrer: gp, specialist: derm, patientId, siteId: org.siteA }, 'assigned');
    const first = await beat('derm', caseId);
    expect(first.body).toMatchObject({ side: 'specialist', measuredSeconds: 0 });
    for (let i = 0; i < 4; i++) {
      t.clock.advance(30_000);
      await beat('derm', caseId);
    }
    t.clock.advance(80_000); // a slow beat inside the gap: credited one minute at most
    expect((await beat('derm', caseId)).body).toMatchObject({ id: first.body.id, measuredSeconds: 180 });
    t.clock.advance(120_000); // away longer than the gap: a new entry
    const second = await beat('derm', caseId);
    expect(second.body.id).not.toBe(first.body.id);
    await beat('gp', caseId);
    t.clock.advance(30_000);
    await beat('gp', caseId);
    const list = await call<CaseTime>('gp', 'GET', `/${caseId}/time`);
    expect(list.body).toMatchObject({ specialistSeconds: 180, referrerSeconds: 30 });
    expect(list.body.entries).toHaveLength(3);
  });

  it('corrects an entry only with a reason, only by its owner, and audits both figures', async () => {
    const patientId = await createPatient(t, org.organizationId, org.siteA);
    const caseId = await caseAt(t, { referrer: gp, specialist: derm, patientId, siteId: org.siteA }, 'assigned');
    const entry = (await beat('derm', caseId)).body;
    expect((await call('derm', 'PATCH', `/${caseId}/time/${entry.id}`, { seconds: 600 })).body.code).toBe('VALIDATION_FAILED');
    expect((await call('gp', 'PATCH', `/${caseId}/time/${entry.id}`, { seconds: 600, reason: 'Not mine' })).status).toBe(403);
    const ok = await call<CaseTimeEntry>('derm', 'PATCH', `/${caseId}/time/${entry.id}`, { seconds: 600, reason: 'Reviewed the images offline first' });
    expect(ok.body).toMatchObject({ measuredSeconds: 0, correctedSeconds: 600, seconds: 600, correctionReason: 'Reviewed the images offline first' });
    expect((await call<CaseTime>('derm', 'GET', `/${caseId}/time`)).body.specialistSeconds).toBe(600);
    await t.services.audit.flush();
    const rows = (await t.services.audit.list({ action: 'case.time.correct' }, 50)).items.filter((e) => e.resourceId === caseId);
    expect(rows.map((r) => r.outcome).sort()).toEqual(['denied', 'success']);
    expect(rows.find((r) => r.outcome === 'success')?.detail).toMatchObject({ from: 0, to: 600, reason: 'Reviewed the images offline first', entryId: entry.id });
  });

  it('answers 404 for another organization’s case and records no time on a closed case', async () => {
    const patientId = await createPatient(t, org.organizationId, org.siteA);
    const caseId = await caseAt(t, { referrer: gp, specialist: derm, patientId, siteId: org.siteA }, 'acknowledged');
    expect((await call('otherGp', 'POST', `/${caseId}/time/heartbeat`)).status).toBe(404);
    await t.services.cases.referrerEvent(gp, caseId, 'close');
    expect((await beat('gp', caseId)).body.code).toBe('CASE_TRANSITION_INVALID');
  });
});
