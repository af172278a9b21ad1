import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { AppError } from '../../platform/errors.js';
import { actorOf } from '../cases/cases.access.js';
import { imagingInstances, imagingStudies } from './imaging.schema.js';
import { eq } from 'drizzle-orm';
import { makeInstance, makeStudy, newUid } from './testing/dcmtk.js';

let t: TestApp;
let org: OrgFixture;
let other: OrgFixture;
let dir: string;
let patientId: string;
const tok = {} as Record<'nurseA' | 'nurseB' | 'derm' | 'otherAdmin', string>;
const ids = {} as Record<'nurseA' | 'derm', string>;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imaging-int-'));
  t = await createTestApp({ imagingSweepSeconds: 0, imagingQuietSeconds: 30 });
  org = await createOrg(t);
  other = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  const nurseA = await createUser(t, org.organizationId, [roleAt('nurse', org.siteA)]);
  const nurseB = await createUser(t, org.organizationId, [roleAt('nurse', org.siteB)]);
  const derm = await createUser(t, org.organizationId, [roleAt('specialist', null)]);
  const otherAdmin = await createUser(t, other.organizationId, [roleAt('admin', null)]);
  Object.assign(ids, { nurseA: nurseA.id, derm: derm.id });
  for (const [k, u] of Object.entries({ nurseA, nurseB, derm, otherAdmin })) tok[k as keyof typeof tok] = await bearerFor(t, u.id);
});

afterAll(async () => {
  await t?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const nurseA = () => actorOf(ids.nurseA, org.organizationId, [roleAt('nurse', org.siteA)]);
const target = (o = org) => ({ organizationId: o.organizationId, siteId: o.siteA, source: 'dimse' as const, actor: null });

async function api(who: keyof typeof tok, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json<Record<string, unknown> & { code?: string; items?: { id: string; studyInstanceUid: string; caseId: string | null; state: string; instances: number }[] }>() };
}

async function auditRows(action: string, outcome: string): Promise<{ resource_id: string | null; organization_id: string | null }[]> {
  const res = await t.db.database.rawTransaction((tx) => tx.query<{ resource_id: string | null; organization_id: string | null }>('SELECT resource_id, organization_id FROM audit_event WHERE action = $1 AND outcome = $2', [action, outcome]));
  return res;
}

describe('ingest', () => {
  it('stores an instance encrypted under a random key with its preamble zeroed, and indexes it', async () => {
    const file = await makeInstance(dir, { studyUid: newUid(), patientName: 'Roe^Richard' });
    const original = await fs.readFile(file);
    const hostile = Buffer.from(original);
    hostile.write('MZ\x90\x00', 0, 'latin1');
    const r = await t.services.imagingIngest.ingest(hostile, target());
    expect(r.outcome).toBe('stored');
    const [row] = await t.db.database.db.select().from(imagingInstances).where(eq(imagingInstances.sopInstanceUid, r.attrs.sopInstanceUid));
    expect(row!.blobKey).toMatch(/^imaging\/[0-9a-f-]{36}$/);
    const stored = await t.services.blobs.get(row!.blobKey);
    expect(stored.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(stored.subarray(128).equals(original.subarray(128))).toBe(true);
    const onDisk = await fs.readFile(path.join(t.config.dataDir, 'blobs', row!.blobKey));
    expect(onDisk.includes(Buffer.from('Roe^Richard'))).toBe(false);
  });

  it('is idempotent for the same instance and a conflict for different content under the same SOP Instance UID', async () => {
    const studyUid = newUid();
    const sopUid = newUid();
    const a = await fs.readFile(await makeInstance(dir, { studyUid, sopUid, instanceNumber: 1 }));
    const b = await fs.readFile(await makeInstance(dir, { studyUid, sopUid, instanceNumber: 2 }));
    expect((await t.services.imagingIngest.ingest(a, target())).outcome).toBe('stored');
    expect((await t.services.imagingIngest.ingest(a, target())).outcome).toBe('duplicate');
    await expect(t.services.imagingIngest.ingest(b, target())).rejects.toMatchObject({ code: 'DICOM_INSTANCE_CONFLICT' });
    const rows = await t.db.database.db.select().from(imagingInstances).where(eq(imagingInstances.sopInstanceUid, sopUid));
    expect(rows).toHaveLength(1);
  });

  it('stores concurrent copies of one instance once', async () => {
    const bytes = await fs.readFile(await makeInstance(dir, { studyUid: newUid() }));
    const results = await Promise.all([1, 2, 3].map(() => t.services.imagingIngest.ingest(bytes, target())));
    expect(results.map((r) => r.outcome).sort()).toEqual(['duplicate', 'duplicate', 'stored']);
  });

  it('refuses non-DICOM, truncated and bad-UID content and stores nothing', async () => {
    const whole = await fs.readFile(await makeInstance(dir, { studyUid: newUid() }));
    const bad = await fs.readFile(await makeInstance(dir, { studyUid: '1.2.3.4/../../x' }));
    const cases: [Buffer, string][] = [
      [Buffer.from('MZ this is an executable, not an image'), 'DICOM_INVALID'],
      [whole.subarray(0, whole.length - 100), 'DICOM_TRUNCATED'],
      [bad, 'DICOM_UID_INVALID'],
    ];
    const before = (await t.db.database.db.select().from(imagingInstances)).length;
    for (const [bytes, code] of cases) {
      const err = await t.services.imagingIngest.ingest(bytes, target()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(code);
    }
    expect((await t.db.database.db.select().from(imagingInstances)).length).toBe(before);
  });
});

describe('inbox, quiet period and routing', () => {
  it('lands an unmatched study in the site inbox, completes it after the quiet period, and staff attach it to a case', async () => {
    const { studyUid, files } = await makeStudy(dir, 3, { accession: 'NOMATCH1' });
    for (const f of files) await t.services.imagingIngest.ingest(await fs.readFile(f), target());
    let inbox = await api('nurseA', 'GET', '/imaging/inbox');
    const entry = inbox.body.items!.find((s) => s.studyInstanceUid === studyUid)!;
    expect(entry).toMatchObject({ caseId: null, state: 'receiving', instances: 3 });
    t.clock.advance(29_000);
    await t.services.imagingIngest.completeQuietStudies();
    inbox = await api('nurseA', 'GET', '/imaging/inbox');
    expect(inbox.body.items!.find((s) => s.id === entry.id)!.state).toBe('receiving');
    t.clock.advance(2_000);
    await t.services.imagingIngest.completeQuietStudies();
    inbox = await api('nurseA', 'GET', '/imaging/inbox');
    expect(inbox.body.items!.find((s) => s.id === entry.id)!.state).toBe('complete');
    // the other site's nurse does not see it, nor does another organization
    expect((await api('nurseB', 'GET', '/imaging/inbox')).body.items!.some((s) => s.id === entry.id)).toBe(false);
    expect((await api('otherAdmin', 'GET', '/imaging/inbox')).body.items!.some((s) => s.id === entry.id)).toBe(false);

    const c = await t.services.cases.create(nurseA(), { patientId, siteId: org.siteA, specialty: 'urology', question: 'Stone?' });
    const attached = await api('nurseA', 'POST', `/imaging/studies/${entry.id}/attach`, { caseId: c.id });
    expect(attached.status).toBe(200);
    expect(attached.body.caseId).toBe(c.id);
    const view = await t.services.cases.get(nurseA(), c.id);
    expect(view.attachments.some((a) => a.kind === 'dicom_study' && a.studyInstanceUid === studyUid)).toBe(true);
    expect((await api('nurseA', 'GET', '/imaging/inbox')).body.items!.some((s) => s.id === entry.id)).toBe(false);
    expect((await api('nurseA', 'POST', `/imaging/studies/${entry.id}/attach`, { caseId: c.id })).body.code).toBe('STUDY_ALREADY_ATTACHED');
  });

  it('routes a study to the case expecting its accession number once the study is complete', async () => {
    const c = await t.services.cases.create(nurseA(), { patientId, siteId: org.siteA, specialty: 'urology', question: 'Mass?' });
    expect((await api('nurseA', 'POST', '/imaging/expected-studies', { caseId: c.id, accessionNumber: 'ACC-ROUTE-1' })).status).toBe(201);
    expect((await api('nurseA', 'POST', '/imaging/expected-studies', { caseId: c.id, accessionNumber: 'ACC-ROUTE-1' })).body.code).toBe('ACCESSION_TAKEN');
    const { studyUid, files } = await makeStudy(dir, 2, { accession: 'ACC-ROUTE-1' });
    for (const f of files) await t.services.imagingIngest.ingest(await fs.readFile(f), target());
    t.clock.advance(31_000);
    await t.services.imagingIngest.completeQuietStudies();
    const view = await t.services.cases.get(nurseA(), c.id);
    expect(view.attachments.filter((a) => a.studyInstanceUid === studyUid)).toHaveLength(1);
  });

  it('does not route by an accession number another organization expects', async () => {
    const c = await t.services.cases.create(nurseA(), { patientId, siteId: org.siteA, specialty: 'urology', question: 'Q' });
    await api('nurseA', 'POST', '/imaging/expected-studies', { caseId: c.id, accessionNumber: 'ACC-XORG' });
    const { files } = await makeStudy(dir, 1, { accession: 'ACC-XORG' });
    const r = await t.services.imagingIngest.ingest(await fs.readFile(files[0]!), target(other));
    t.clock.advance(31_000);
    expect(await t.services.imagingIngest.completeQuietStudies()).toBeGreaterThan(0);
    expect((await t.services.cases.get(nurseA(), c.id)).attachments).toHaveLength(0);
    const [study] = await t.db.database.db.select().from(imagingStudies).where(eq(imagingStudies.id, r.studyId));
    expect(study).toMatchObject({ state: 'complete', caseId: null, organizationId: other.organizationId });
  });

  it('creates a case from an inbox study', async () => {
    const { files } = await makeStudy(dir, 1);
    const r = await t.services.imagingIngest.ingest(await fs.readFile(files[0]!), target());
    const res = await api('nurseA', 'POST', `/imaging/studies/${r.studyId}/case`, { patientId, specialty: 'urology', question: 'Read please' });
    expect(res.status).toBe(201);
    const view = await t.services.cases.get(nurseA(), res.body.caseId as string);
    expect(view.attachments[0]).toMatchObject({ kind: 'dicom_study', studyInstanceUid: r.attrs.studyInstanceUid });
  });

  it('answers 404 for another organization\'s study and audits the refusal', async () => {
    const { files } = await makeStudy(dir, 1);
    const r = await t.services.imagingIngest.ingest(await fs.readFile(files[0]!), target());
    const res = await api('otherAdmin', 'POST', `/imaging/studies/${r.studyId}/attach`, { caseId: r.studyId });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('STUDY_NOT_FOUND');
    await t.services.audit.flush();
    expect((await auditRows('imaging.study.attach', 'denied')).some((a) => a.resource_id === r.studyId && a.organization_id === other.organizationId)).toBe(true);
  });
});
