import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/harness.js';
import { bearerFor, createOrg, createUser, roleAt, type OrgFixture } from '../../../testing/fixtures.js';
import { metaEnd } from '../dicom-structure.js';
import { imagingInstances, imagingStudies } from '../imaging.schema.js';
import { dcmdump, execFileAsync, makeInstance, makeStudy, modify, newUid } from '../testing/dcmtk.js';

let t: TestApp;
let org: OrgFixture;
let dir: string;
let port: number;
let adminToken: string;

const opts = (args: string[]) => args.filter((a) => a.startsWith('-'));
const files = (args: string[]) => args.filter((a) => !a.startsWith('-'));

/** storescu/echoscu with TCP_NODELAY=1 (else ~45 ms per instance from delayed ACKs). */
async function scu(tool: 'storescu' | 'echoscu', aet: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await execFileAsync(tool, ['-aet', aet, '-aec', 'TELEHEALTH', ...opts(args), '127.0.0.1', String(port), ...files(args)], {
      env: { ...process.env, TCP_NODELAY: '1' },
      timeout: 20_000,
    });
    return { ok: true, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dimse-int-'));
  t = await createTestApp({ imagingSweepSeconds: 0, dimse: { enabled: true, host: '127.0.0.1', port: 0, aeTitle: 'TELEHEALTH' } });
  port = t.app.dimse()!.address().port;
  org = await createOrg(t);
  const admin = await createUser(t, org.organizationId, [roleAt('admin', null)]);
  adminToken = await bearerFor(t, admin.id);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/imaging/ae-titles', headers: { authorization: `Bearer ${adminToken}` }, payload: { siteId: org.siteA, aeTitle: 'RURALCT' } });
  expect(res.statusCode).toBe(201);
  const bound = await t.app.inject({ method: 'POST', url: '/api/v1/imaging/ae-titles', headers: { authorization: `Bearer ${adminToken}` }, payload: { siteId: org.siteB, aeTitle: 'BOUNDCT', sourceAddress: '10.9.9.9' } });
  expect(bound.statusCode).toBe(201);
});

afterAll(async () => {
  await t?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function studyRows(studyUid: string) {
  return t.db.database.db.select().from(imagingStudies).where(eq(imagingStudies.studyInstanceUid, studyUid));
}

describe('DIMSE receiver', () => {
  it('answers C-ECHO from an allowed AE title', async () => {
    const r = await scu('echoscu', 'RURALCT', []);
    expect(r.ok, r.out).toBe(true);
  });

  it('stores a study sent by storescu into the site inbox, dataset bytes as sent, readable by dcmdump', async () => {
    const { studyUid, files } = await makeStudy(dir, 3, { patientName: 'Storescu^Sent' });
    const r = await scu('storescu', 'RURALCT', files);
    expect(r.ok, r.out).toBe(true);
    const [study] = await studyRows(studyUid);
    expect(study).toMatchObject({ siteId: org.siteA, source: 'dimse', caseId: null, patientName: 'Storescu^Sent' });
    const instances = await t.db.database.db.select().from(imagingInstances).where(eq(imagingInstances.studyId, study!.id));
    expect(instances).toHaveLength(3);
    for (const file of files) {
      const sent = await fs.readFile(file);
      const sop = (await dcmdump(file)).match(/\(0008,0018\) UI \[([0-9.]+)\]/)![1];
      const row = instances.find((i) => i.sopInstanceUid === sop)!;
      const stored = await t.services.blobs.get(row.blobKey);
      expect(stored.subarray(metaEnd(stored)).equals(sent.subarray(metaEnd(sent)))).toBe(true);
      const copy = path.join(dir, `${sop}.stored.dcm`);
      await fs.writeFile(copy, stored);
      expect(await dcmdump(copy)).toContain('Storescu^Sent');
    }
  });

  it('stores implicit VR and JPEG baseline instances in the syntax they were sent', async () => {
    const implicit = await makeInstance(dir, { studyUid: newUid(), syntax: '+ti' });
    expect((await scu('storescu', 'RURALCT', ['-xi', implicit])).ok).toBe(true);
    const jpeg = path.join(dir, 'in.jpg');
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#445566' } }).jpeg().toFile(jpeg);
    const jpegDcm = path.join(dir, 'jpeg.dcm');
    await execFileAsync('img2dcm', [jpeg, jpegDcm]);
    const r = await scu('storescu', 'RURALCT', ['-xy', jpegDcm]);
    expect(r.ok, r.out).toBe(true);
    const syntaxes = (await t.db.database.db.select({ ts: imagingInstances.transferSyntaxUid }).from(imagingInstances)).map((x) => x.ts);
    expect(syntaxes).toContain('1.2.840.10008.1.2');
    expect(syntaxes).toContain('1.2.840.10008.1.2.4.50');
  });

  it('rejects an association from an AE title that is not allowed, or from the wrong address', async () => {
    const { studyUid, files } = await makeStudy(dir, 1);
    const r = await scu('storescu', 'INTRUDER', files);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/Association Rejected|Calling AE Title Not Recognized/i);
    const bound = await scu('storescu', 'BOUNDCT', files);
    expect(bound.ok).toBe(false);
    expect(await studyRows(studyUid)).toHaveLength(0);
  });

  it('answers a changed instance under a stored SOP Instance UID with a failure status and keeps the first', async () => {
    const file = await makeInstance(dir, { studyUid: newUid(), patientName: 'First^Version' });
    expect((await scu('storescu', 'RURALCT', [file])).ok).toBe(true);
    await modify(file, '-m', '(0010,0010)=Second^Version');
    const r = await scu('storescu', 'RURALCT', ['-v', file]);
    expect(r.out).toMatch(/Received Store Response \(Unknown Status: 0x111\)/);
    const sop = (await dcmdump(file)).match(/\(0008,0018\) UI \[([0-9.]+)\]/)![1]!;
    const [row] = await t.db.database.db.select().from(imagingInstances).where(eq(imagingInstances.sopInstanceUid, sop));
    expect((await t.services.blobs.get(row!.blobKey)).includes(Buffer.from('First^Version'))).toBe(true);
  });

  it('refuses a very long PatientName and keeps serving', async () => {
    const file = await makeInstance(dir, { studyUid: newUid(), patientName: 'X'.repeat(400) });
    const r = await scu('storescu', 'RURALCT', ['-v', file]);
    expect(r.out).toMatch(/Received Store Response \(Error: DataSetDoesNotMatchSOPClass\)/);
    const sop = (await dcmdump(file)).match(/\(0008,0018\) UI \[([0-9.]+)\]/)![1]!;
    expect(await t.db.database.db.select().from(imagingInstances).where(eq(imagingInstances.sopInstanceUid, sop))).toHaveLength(0);
    expect((await scu('echoscu', 'RURALCT', [])).ok).toBe(true);
  });

  it('keeps serving other associations while a hostile connection sends garbage or stalls', async () => {
    const garbage = net.connect(port, '127.0.0.1');
    const stalled = net.connect(port, '127.0.0.1');
    await Promise.all([garbage, stalled].map((s) => new Promise((r) => s.once('connect', r))));
    garbage.write(Buffer.concat([Buffer.from([0x01, 0x00, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(64, 0x41)]));
    stalled.write(Buffer.from([0x01, 0x00, 0x00, 0x00]));
    const { studyUid, files } = await makeStudy(dir, 2);
    const r = await scu('storescu', 'RURALCT', files);
    expect(r.ok, r.out).toBe(true);
    expect(await studyRows(studyUid)).toHaveLength(1);
    garbage.destroy();
    stalled.destroy();
  });

  it('aborts open associations and stops listening when stopped', async () => {
    const open = net.connect(port, '127.0.0.1');
    await new Promise((r) => open.once('connect', r));
    const closed = new Promise((r) => open.once('close', r));
    await t.app.dimse()!.stop();
    await closed;
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      s.once('connect', () => {
        s.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
