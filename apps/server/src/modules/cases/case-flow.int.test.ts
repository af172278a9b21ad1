import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, CaseList } from '@telehealth/contracts/cases';
import type { Dashboard, NotificationList } from '@telehealth/contracts/case-flow';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../testing/smtp.js';
import { CaseClockService } from './case-clock.service.js';
import { DERM_HISTORY, DERM_REPORT } from './cases.access.js';

// Turnaround targets for the test: routine 400 min (warning at 300), stat 40 min (warning at 30).
const ROUTINE = 400;
const MIN = 60_000;

let t: TestApp;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url, caseTurnaroundMinutes: { routine: ROUTINE, urgent: 200, stat: 40 } });
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

type Who = { id: string; email: string; token: string };

/** An organization with a referring clinician, an admin, and dermatologists. */
async function world(dermatologists = 2) {
  const org: OrgFixture = await createOrg(t);
  const patientId = await createPatient(t, org.organizationId, org.siteA);
  const make = async (roles: Parameters<typeof createUser>[2]): Promise<Who> => {
    const u = await createUser(t, org.organizationId, roles);
    return { id: u.id, email: u.email, token: await bearerFor(t, u.id) };
  };
  const gp = await make([roleAt('clinician', org.siteA)]);
  const admin = await make([roleAt('admin', null)]);
  const derms: Who[] = [];
  for (let i = 0; i < dermatologists; i++) derms.push(await make([roleAt('specialist', null)]));
  return { org, patientId, gp, admin, derms, make };
}
type World = Awaited<ReturnType<typeof world>>;

async function call<T = Case>(who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${who.token}` }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json<T & { code?: string }>() };
}

async function submit(w: World, urgency: 'routine' | 'stat' = 'routine'): Promise<string> {
  const c = await call(w.gp, 'POST', '/cases', {
    patientId: w.patientId, siteId: w.org.siteA, specialty: 'dermatology', urgency, question: 'Benign?', history: DERM_HISTORY, consent: { given: true, method: 'verbal' },
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  expect((await call(w.gp, 'POST', `/cases/${c.body.id}/submit`)).status).toBe(200);
  return c.body.id;
}

async function notices(who: Who, caseId: string, kind: string): Promise<number> {
  const list = await call<NotificationList>(who, 'GET', '/notifications?limit=100');
  return list.body.items.filter((n) => n.caseId === caseId && n.kind === kind).length;
}

describe('turnaround clocks', () => {
  it('warns the assignee once at 75 % and not before, in the app and by email', async () => {
    const w = await world();
    const id = await submit(w);
    await call(w.derms[0]!, 'POST', `/cases/${id}/claim`);
    t.clock.advance((0.75 * ROUTINE - 1) * MIN);
    await t.services.caseClock.sweep();
    expect(await notices(w.derms[0]!, id, 'case_warning')).toBe(0);
    t.clock.advance(2 * MIN);
    await t.services.caseClock.sweep();
    await t.services.caseClock.sweep();
    expect(await notices(w.derms[0]!, id, 'case_warning')).toBe(1);
    expect(await notices(w.gp, id, 'case_warning')).toBe(0);
    const mail = await smtp.waitFor((m) => m.to.includes(w.derms[0]!.email) && m.raw.includes('75 %'));
    expect(mail.raw).toContain(`/cases/${id}`);
    expect(mail.raw).not.toContain('Benign');
    expect(smtp.messages.filter((m) => m.to.includes(w.derms[0]!.email) && m.raw.includes('75 %'))).toHaveLength(1);
    const c = await call(w.derms[0]!, 'GET', `/cases/${id}`);
    expect(c.body.warnedAt).not.toBeNull();
    expect(c.body.breachedAt).toBeNull();
  });

  it('pauses while awaiting information, resumes after the reply, and escalates a breach once to the lead and the referrer', async () => {
    const w = await world();
    const lead = await w.make([roleAt('specialist', null)]);
    expect((await call(w.admin, 'PUT', '/case-queues/dermatology', { leadUserId: lead.id, autoAssign: false })).status).toBe(200);
    const id = await submit(w);
    await call(w.derms[0]!, 'POST', `/cases/${id}/claim`);
    t.clock.advance(100 * MIN);
    await call(w.derms[0]!, 'POST', `/cases/${id}/questions`, { body: 'Size?' });
    t.clock.advance(1000 * MIN); // far past the original deadline, but paused
    await t.services.caseClock.sweep();
    expect(await notices(lead, id, 'case_breach')).toBe(0);
    expect(await notices(w.derms[0]!, id, 'case_warning')).toBe(0);
    const replied = await call(w.gp, 'POST', `/cases/${id}/replies`, { body: '6 mm' });
    expect(Date.parse(replied.body.dueAt!) - Date.parse(replied.body.submittedAt!)).toBe((ROUTINE + 1000) * MIN);
    t.clock.advance((ROUTINE - 100 - 1) * MIN); // one minute before the moved deadline
    await t.services.caseClock.sweep();
    expect(await notices(w.gp, id, 'case_breach')).toBe(0);
    expect(await notices(w.derms[0]!, id, 'case_warning')).toBe(1);
    t.clock.advance(2 * MIN);
    await t.services.caseClock.sweep();
    await t.services.caseClock.sweep();
    for (const who of [lead, w.gp, w.derms[0]!]) expect(await notices(who, id, 'case_breach')).toBe(1);
    expect(await notices(w.admin, id, 'case_breach')).toBe(0);
    for (const who of [lead, w.gp]) await smtp.waitFor((m) => m.to.includes(who.email) && m.raw.includes('passed its turnaround deadline'));
  });

  it('escalates to the organization’s admins when the queue has no lead, and never twice across sweepers', async () => {
    const w = await world();
    const ids = [await submit(w, 'stat'), await submit(w, 'stat')];
    t.clock.advance(41 * MIN);
    // two sweepers at once (two servers, or one restarted mid-sweep): each notice exists once
    const other = new CaseClockService(t.services.database.db, t.clock.now, t.services.cases.notifier);
    await Promise.all([t.services.caseClock.sweep(), other.sweep()]);
    for (const id of ids) {
      expect(await notices(w.admin, id, 'case_breach')).toBe(1);
      expect(await notices(w.gp, id, 'case_breach')).toBe(1);
      // a breached case gets no late warning
      expect(await notices(w.admin, id, 'case_warning')).toBe(0);
    }
  });
});

describe('automatic assignment', () => {
  it('assigns at submission to the least loaded available specialist, and refuses an invalid lead', async () => {
    const w = await world(3);
    const [a, b, c] = w.derms as [Who, Who, Who];
    // load: a holds two open cases, c one; b holds none but is unavailable
    for (const who of [a, a, c]) await call(who, 'POST', `/cases/${await submit(w)}/claim`);
    expect((await call(b, 'PUT', '/specialists/me/availability', { available: false })).body).toEqual({ available: false });
    expect((await call(w.admin, 'PUT', '/case-queues/dermatology', { leadUserId: w.gp.id, autoAssign: true })).body.code).toBe('CASE_QUEUE_LEAD_INVALID');
    expect((await call(w.admin, 'PUT', '/case-queues/dermatology', { leadUserId: null, autoAssign: true })).status).toBe(200);
    const first = await call(w.gp, 'GET', `/cases/${await submit(w)}`);
    expect([first.body.state, first.body.assigneeId]).toEqual(['assigned', c.id]);
    await smtp.waitFor((m) => m.to.includes(c.email) && m.raw.includes('assigned to you'));
    // now a and c hold two each: the tie goes to the lower id
    const second = await call(w.gp, 'GET', `/cases/${await submit(w)}`);
    expect(second.body.assigneeId).toBe([a.id, c.id].sort()[0]);
    await call(b, 'PUT', '/specialists/me/availability', { available: true });
    const third = await call(w.gp, 'GET', `/cases/${await submit(w)}`);
    expect(third.body.assigneeId).toBe(b.id);
    expect((await call(b, 'GET', '/notifications')).body).toMatchObject({ unread: 1 });
  });

  it('leaves cases in the queue when the organization does not assign automatically', async () => {
    const w = await world(1);
    const id = await submit(w);
    expect((await call(w.gp, 'GET', `/cases/${id}`)).body.state).toBe('submitted');
  });
});

describe('network-shared queues', () => {
  it('lets a partner organization’s specialist of the specialty see and claim shared cases; everyone else gets 404, audited', async () => {
    const owner = await world(0);
    const partner = await world(1);
    const outsider = await world(1);
    const eye = await partner.make([{ role: 'specialist', siteId: null, specialties: ['ophthalmology'], languages: [] }]);
    const id = await submit(owner);
    const pDerm = partner.derms[0]!;
    expect((await call(pDerm, 'GET', `/cases/${id}`)).status).toBe(404);
    const share = await call<{ id: string }>(owner.admin, 'POST', '/case-queue-shares', { specialty: 'dermatology', partnerOrganizationId: partner.org.organizationId });
    expect(share.status).toBe(201);
    expect((await call(owner.admin, 'POST', '/case-queue-shares', { specialty: 'dermatology', partnerOrganizationId: partner.org.organizationId })).body.code).toBe('CASE_SHARE_EXISTS');
    expect((await call(owner.admin, 'POST', '/case-queue-shares', { specialty: 'dermatology', partnerOrganizationId: randomUUID() })).body.code).toBe('CASE_SHARE_PARTNER_UNKNOWN');
    // the partner cannot end the owner's agreement
    expect((await call(partner.admin, 'POST', `/case-queue-shares/${share.body.id}/revoke`)).status).toBe(404);

    const queue = await call<CaseList>(pDerm, 'GET', '/cases?view=queue&limit=200');
    expect(queue.body.items.map((c) => c.id)).toContain(id);
    for (const who of [eye, outsider.derms[0]!, partner.admin, partner.gp]) {
      const requestId = `share-deny-${randomUUID()}`;
      const res = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: { authorization: `Bearer ${who.token}`, 'x-request-id': requestId } });
      expect(res.statusCode).toBe(404);
      await t.services.audit.flush();
      let denied = 0;
      for await (const e of t.services.audit.iterate({ outcome: 'denied' })) if (e.requestId === requestId) denied++;
      expect(denied).toBe(1);
    }
    expect((await call<CaseList>(outsider.derms[0]!, 'GET', '/cases?view=queue&limit=200')).body.items.map((c) => c.id)).not.toContain(id);

    const claimed = await call(pDerm, 'POST', `/cases/${id}/claim`);
    expect([claimed.status, claimed.body.assigneeId]).toEqual([200, pDerm.id]);
    expect((await call(pDerm, 'POST', `/cases/${id}/report`, DERM_REPORT)).body.state).toBe('answered');
    expect((await call(owner.gp, 'GET', `/cases/${id}`)).body.reports).toHaveLength(1);

    expect((await call(owner.admin, 'POST', `/case-queue-shares/${share.body.id}/revoke`)).status).toBe(200);
    expect((await call(pDerm, 'GET', `/cases/${id}`)).status).toBe(404);
  });
});

describe('dashboard', () => {
  it('reports open cases, median and p90 time to answer without paused time, and breaches, per specialty', async () => {
    const w = await world(1);
    const derm = w.derms[0]!;
    // answered in 60 min of running clock (plus 500 min awaiting information)
    const a = await submit(w);
    await call(derm, 'POST', `/cases/${a}/claim`);
    t.clock.advance(30 * MIN);
    await call(derm, 'POST', `/cases/${a}/questions`, { body: 'Photo?' });
    t.clock.advance(500 * MIN);
    await call(w.gp, 'POST', `/cases/${a}/replies`, { body: 'Sent' });
    t.clock.advance(30 * MIN);
    await call(derm, 'POST', `/cases/${a}/report`, DERM_REPORT);
    // answered in 180 min
    const b = await submit(w);
    await call(derm, 'POST', `/cases/${b}/claim`);
    t.clock.advance(180 * MIN);
    await call(derm, 'POST', `/cases/${b}/report`, DERM_REPORT);
    // a stat case left open past its deadline, and a routine one open in time
    await submit(w, 'stat');
    t.clock.advance(50 * MIN);
    await submit(w);
    const d = await call<Dashboard>(derm, 'GET', '/case-dashboard?days=7');
    expect(d.status).toBe(200);
    expect(d.body.items).toEqual([{ specialty: 'dermatology', open: 2, answered: 2, medianAnswerMinutes: 120, p90AnswerMinutes: 168, breaches: 1 }]);
    expect((await call<Dashboard>(w.admin, 'GET', '/case-dashboard')).body.items).toEqual(d.body.items);
    expect((await call(w.gp, 'GET', '/case-dashboard')).status).toBe(403);
    expect((await call(derm, 'GET', '/case-dashboard?days=0')).status).toBe(400);
  });
});

describe('notifications', () => {
  it('shows each user only their own notices and lets only the recipient mark one read (404, audited, for others)', async () => {
    const w = await world(1);
    const id = await submit(w);
    await call(w.derms[0]!, 'POST', `/cases/${id}/claim`);
    await call(w.derms[0]!, 'POST', `/cases/${id}/questions`, { body: 'Which arm? <script>x</script>' });
    const mine = await call<NotificationList>(w.gp, 'GET', '/notifications');
    const notice = mine.body.items.find((n) => n.caseId === id && n.kind === 'case_question')!;
    expect(notice.title).toBe('A specialist asked a question about a consult');
    expect(JSON.stringify(mine.body)).not.toContain('Which arm');
    expect(mine.body.unread).toBeGreaterThanOrEqual(1);
    expect((await call<NotificationList>(w.derms[0]!, 'GET', '/notifications')).body.items.map((n) => n.id)).not.toContain(notice.id);

    const requestId = `notice-deny-${randomUUID()}`;
    const stolen = await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${notice.id}/read`, headers: { authorization: `Bearer ${w.derms[0]!.token}`, 'x-request-id': requestId } });
    expect([stolen.statusCode, stolen.json<{ code: string }>().code]).toEqual([404, 'NOTIFICATION_NOT_FOUND']);
    await t.services.audit.flush();
    let denied = 0;
    for await (const e of t.services.audit.iterate({ outcome: 'denied' })) if (e.requestId === requestId) denied++;
    expect(denied).toBe(1);
    expect((await call<NotificationList>(w.gp, 'GET', '/notifications?unread=true')).body.items.map((n) => n.id)).toContain(notice.id);

    const read = await call<{ readAt: string | null }>(w.gp, 'POST', `/notifications/${notice.id}/read`);
    expect(read.body.readAt).not.toBeNull();
    expect((await call<NotificationList>(w.gp, 'GET', '/notifications?unread=true')).body.items.map((n) => n.id)).not.toContain(notice.id);
    expect((await call<NotificationList>(w.gp, 'POST', '/notifications/read-all')).body.unread).toBe(0);
    expect((await call(w.gp, 'POST', '/notifications/not-a-uuid/read')).status).toBe(400);
  });
});

describe('bad input to the routing settings', () => {
  it('answers a clear 4xx and changes nothing', async () => {
    const w = await world(1);
    const bad: [string, string, object | undefined, number, string][] = [
      ['PUT', '/case-queues/astrology', { leadUserId: null, autoAssign: true }, 400, 'SPECIALTY_UNKNOWN'],
      ['PUT', '/case-queues/DROP%20TABLE', { leadUserId: null, autoAssign: true }, 400, 'VALIDATION_FAILED'],
      ['PUT', '/case-queues/dermatology', { leadUserId: null, autoAssign: 'yes', extra: 1 }, 400, 'VALIDATION_FAILED'],
      ['PUT', '/case-queues/dermatology', { leadUserId: randomUUID(), autoAssign: true }, 400, 'CASE_QUEUE_LEAD_INVALID'],
      ['POST', '/case-queue-shares', { specialty: 'dermatology', partnerOrganizationId: w.org.organizationId }, 400, 'CASE_SHARE_PARTNER_UNKNOWN'],
      ['POST', `/case-queue-shares/${randomUUID()}/revoke`, undefined, 404, 'CASE_SHARE_NOT_FOUND'],
      ['GET', '/case-dashboard?days=9999', undefined, 400, 'VALIDATION_FAILED'],
    ];
    for (const [method, url, body, status, code] of bad) {
      const r = await call(w.admin, method as 'GET', url, body);
      expect([url, r.status, r.body.code]).toEqual([url, status, code]);
    }
    expect((await call(w.derms[0]!, 'PUT', '/specialists/me/availability', { available: 'no' })).status).toBe(400);
    const queues = await call<{ items: { specialty: string; autoAssign: boolean; leadUserId: string | null }[] }>(w.admin, 'GET', '/case-queues');
    expect(queues.body.items.every((q) => !q.autoAssign && q.leadUserId === null)).toBe(true);
    expect((await call<{ items: unknown[] }>(w.admin, 'GET', '/case-queue-shares')).body.items).toEqual([]);
  });
});

describe('worklist pages', () => {
  it('pages the queue by keyset without gaps or repeats, and refuses a forged cursor', async () => {
    const w = await world(1);
    const made = new Set<string>();
    for (let i = 0; i < 5; i++) made.add(await submit(w));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: CaseList } = await call<CaseList>(w.derms[0]!, 'GET', `/cases?view=queue&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => made.has(id))).toHaveLength(5);
    expect(new Set(seen).size).toBe(seen.length);
    for (const bad of ['x', Buffer.from('["2026-01-01","1"]').toString('base64url'), Buffer.from("[\"2026-01-01 00:00:00+00'; --\",\"00000000-0000-0000-0000-000000000000\"]").toString('base64url')]) {
      const r = await call(w.derms[0]!, 'GET', `/cases?view=queue&cursor=${bad}`);
      expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});
