import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { Case } from '@telehealth/contracts/cases';
import type { DicomUploadResult } from '@telehealth/contracts/uploads';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { DERM_HISTORY } from '../cases/cases.access.js';
import { imagingInstances, imagingStudies } from '../imaging/imaging.schema.js';
import { makeStudy } from '../imaging/testing/dcmtk.js';

const run = promisify(execFile);
let t: TestApp;
let org: OrgFixture;
let patientId: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-dicom-'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-dicom-files-'));
const tok = {} as Record<'gp' | 'otherOrg', string>;

beforeAll(async () => {
  t = await createTestApp({ dataDir, uploadMaxBytes: 20 * 1024 * 1024, imagingSweepSeconds: 0, imagingBundleMaxEntries: 50 });
  org = await createOrg(t);
  const other = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  tok.gp = await bearerFor(t, (await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)])).id);
  tok.otherOrg = await bearerFor(t, (await createUser(t, other.organizationId, [roleAt('admin', null)])).id);
});

afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const auth = (who: keyof typeof tok) => ({ authorization: `Bearer ${tok[who]}`, 'tus-resumable': '1.0.0' });
const b64 = (s: string) => Buffer.from(s).toString('base64');

async function newCase(): Promise<string> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: auth('gp'),
    payload: { patientId, siteId: org.siteA, specialty: 'dermatology', question: 'Q', history: DERM_HISTORY, consent: { given: true, method: 'verbal' } },
  });
  return r.json<Case>().id;
}

/** A tus upload of `kind dicom` in two PATCHes (the second resumes at the offset the first reached). */
async function uploadDicom(caseId: string, file: Buffer, who: keyof typeof tok = 'gp') {
  const metadata = `caseId ${b64(caseId)},kind ${b64('dicom')},filename ${b64('study.zip')}`;
  const c = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...auth(who), 'upload-length': String(file.length), 'upload-metadata': metadata } });
  if (c.statusCode !== 201) return c;
  const location = c.headers.location as string;
  const half = Math.floor(file.length / 2);
  const headers = (offset: number) => ({ ...auth(who), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' });
  const first = await t.app.inject({ method: 'PATCH', url: location, headers: headers(0), payload: file.subarray(0, half) });
  expect(first.statusCode).toBe(204);
  return t.app.inject({ method: 'PATCH', url: location, headers: headers(half), payload: file.subarray(half) });
}

/** A zip made with yazl from (name, bytes, mode) entries. */
async function zipOf(entries: { name: string; bytes: Buffer; mode?: number }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.bytes, e.name, e.mode ? { mode: e.mode } : {});
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const instanceCount = async () => (await t.db.database.db.select({ id: imagingInstances.id }).from(imagingInstances).where(eq(imagingInstances.organizationId, org.organizationId))).length;
const scratchFiles = () => fs.readdirSync(path.join(dataDir, 'uploads-tmp'));

async function studyFiles(count: number): Promise<{ studyUid: string; files: string[] }> {
  const dir = fs.mkdtempSync(path.join(work, 'study-'));
  return makeStudy(dir, count, { patientName: 'Zip^Zelda' });
}

describe('DICOM uploads through tus', () => {
  it('stores a zip of a 5-instance study made with dcmtk and zip, attaches it to the case and reports each file', async () => {
    const caseId = await newCase();
    const { studyUid, files } = await studyFiles(5);
    const zipPath = path.join(work, 'five.zip');
    // a folder as a user zips it: nested directory, the real `zip` tool
    const folder = path.join(work, 'export', 'DICOM', 'S1');
    fs.mkdirSync(folder, { recursive: true });
    files.forEach((f, i) => fs.copyFileSync(f, path.join(folder, `IM${i}`)));
    await run('zip', ['-r', '-q', zipPath, 'DICOM'], { cwd: path.join(work, 'export') });
    const res = await uploadDicom(caseId, fs.readFileSync(zipPath));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<DicomUploadResult>();
    expect(body.files.map((f) => f.outcome)).toEqual(['stored', 'stored', 'stored', 'stored', 'stored']);
    expect(body.files.every((f) => f.studyInstanceUid === studyUid && f.name?.startsWith('DICOM/S1/IM'))).toBe(true);
    expect(body.studies).toEqual([{ studyId: expect.any(String) as string, studyInstanceUid: studyUid, attached: true }]);
    const [study] = await t.db.database.db.select().from(imagingStudies).where(and(eq(imagingStudies.organizationId, org.organizationId), eq(imagingStudies.studyInstanceUid, studyUid)));
    expect(study!.caseId).toBe(caseId);
    const rows = await t.db.database.db.select().from(imagingInstances).where(eq(imagingInstances.studyId, study!.id));
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => /^imaging\/[0-9a-f-]{36}$/.test(r.blobKey))).toBe(true);
    const kase = await t.app.inject({ url: `/api/v1/cases/${caseId}`, headers: auth('gp') });
    expect(kase.body).toContain(studyUid);
    expect(scratchFiles()).toEqual([]);

    const again = await uploadDicom(caseId, fs.readFileSync(zipPath));
    expect(again.json<DicomUploadResult>().files.map((f) => f.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('stores a single DICOM file uploaded on its own (one file of a folder upload)', async () => {
    const caseId = await newCase();
    const { files } = await studyFiles(1);
    const res = await uploadDicom(caseId, fs.readFileSync(files[0]!));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<DicomUploadResult>().files).toMatchObject([{ name: null, outcome: 'stored' }]);
  });

  it('rejects a non-DICOM entry and a conflicting instance per file and stores the others', async () => {
    const caseId = await newCase();
    const { files } = await studyFiles(2);
    const [a, b] = files.map((f) => fs.readFileSync(f));
    const changed = Buffer.from(a!);
    changed.writeUInt8(changed.readUInt8(changed.length - 1) ^ 0xff, changed.length - 1); // same SOP Instance UID, different pixels
    const first = await uploadDicom(caseId, await zipOf([{ name: 'a.dcm', bytes: a! }]));
    expect(first.statusCode).toBe(200);
    const res = await uploadDicom(caseId, await zipOf([{ name: 'readme.txt', bytes: Buffer.from('not dicom') }, { name: 'b.dcm', bytes: b! }, { name: 'a2.dcm', bytes: changed }]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<DicomUploadResult>().files.map((f) => [f.name, f.outcome, f.code])).toEqual([
      ['readme.txt', 'rejected', 'DICOM_INVALID'],
      ['b.dcm', 'stored', null],
      ['a2.dcm', 'conflict', 'DICOM_INSTANCE_CONFLICT'],
    ]);
  });

  describe('hostile archives are refused whole, with nothing stored', () => {
    let dicom: Buffer;
    beforeAll(async () => {
      dicom = fs.readFileSync((await studyFiles(1)).files[0]!);
    });

    async function refused(file: Buffer, status: number, code: string): Promise<void> {
      const caseId = await newCase();
      const before = await instanceCount();
      const res = await uploadDicom(caseId, file);
      expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([status, code]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(await instanceCount()).toBe(before);
      expect(scratchFiles()).toEqual([]);
      const kase = await t.app.inject({ url: `/api/v1/cases/${caseId}`, headers: auth('gp') });
      expect(kase.json<Case>().attachments).toEqual([]);
    }

    it('refuses an entry that climbs out with ../ (after a valid instance)', async () => {
      const zip = await zipOf([{ name: 'ok.dcm', bytes: dicom }, { name: 'aa/evil.dcm', bytes: dicom }]);
      // yazl will not write "..": rename the entry in the local header and the central directory
      const patched = Buffer.from(zip.toString('latin1').replaceAll('aa/evil.dcm', '../evil.dcm'), 'latin1');
      expect(patched.includes(Buffer.from('../evil.dcm'))).toBe(true);
      await refused(patched, 422, 'DICOM_BUNDLE_UNSAFE_ENTRY');
    });

    it('refuses an absolute entry name', async () => {
      const zip = await zipOf([{ name: 'ok.dcm', bytes: dicom }, { name: 'xetc/passwd', bytes: dicom }]);
      await refused(Buffer.from(zip.toString('latin1').replaceAll('xetc/passwd', '/etc/passwd'), 'latin1'), 422, 'DICOM_BUNDLE_UNSAFE_ENTRY');
    });

    it('refuses a symbolic link entry (from its external attributes)', async () => {
      await refused(await zipOf([{ name: 'ok.dcm', bytes: dicom }, { name: 'link', bytes: Buffer.from('/etc/passwd'), mode: 0o120777 }]), 422, 'DICOM_BUNDLE_UNSAFE_ENTRY');
    });

    it('refuses a zip bomb: a small file declaring a huge, highly compressed entry', async () => {
      const bomb = await zipOf([{ name: 'ok.dcm', bytes: dicom }, { name: 'zeros.dcm', bytes: Buffer.alloc(32 * 1024 * 1024) }]);
      expect(bomb.length).toBeLessThan(200 * 1024);
      await refused(bomb, 413, 'DICOM_BUNDLE_TOO_LARGE');
    });

    it('refuses a zip bomb that lies about its uncompressed size (actual bytes counted while inflating)', async () => {
      const bomb = await zipOf([{ name: 'ok.dcm', bytes: dicom }, { name: 'zeros.dcm', bytes: Buffer.alloc(32 * 1024 * 1024) }]);
      const cd = bomb.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1'));
      expect(bomb.readUInt32LE(cd + 24)).toBe(32 * 1024 * 1024);
      bomb.writeUInt32LE(1024 * 1024, cd + 24); // central directory: "1 MiB", within every limit
      await refused(bomb, 413, 'DICOM_BUNDLE_TOO_LARGE');
    });

    it('refuses an archive with more entries than allowed', async () => {
      const many = await zipOf(Array.from({ length: t.config.imagingBundleMaxEntries + 1 }, (_, i) => ({ name: `f${i}`, bytes: Buffer.from('x') })));
      await refused(many, 413, 'DICOM_BUNDLE_TOO_LARGE');
    });

    it('refuses a nested zip', async () => {
      const inner = await zipOf([{ name: 'inner.dcm', bytes: dicom }]);
      await refused(await zipOf([{ name: 'ok.dcm', bytes: dicom }, { name: 'more.dat', bytes: inner }]), 422, 'DICOM_BUNDLE_NESTED_ARCHIVE');
    });

    it('refuses a file that is not a zip although marked as one (a PNG named .zip)', async () => {
      const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(200)]);
      await refused(png, 415, 'DICOM_UPLOAD_TYPE_REJECTED');
    });

    it('refuses a truncated zip', async () => {
      const zip = await zipOf([{ name: 'ok.dcm', bytes: dicom }]);
      await refused(zip.subarray(0, zip.length - 30), 422, 'DICOM_BUNDLE_INVALID');
    });
  });

  it('answers 404 for an upload to a case of another organization, and stores nothing', async () => {
    const caseId = await newCase();
    const before = await instanceCount();
    const res = await uploadDicom(caseId, await zipOf([{ name: 'x', bytes: Buffer.from('x') }]), 'otherOrg');
    expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([404, 'CASE_NOT_FOUND']);
    expect(await instanceCount()).toBe(before);
  });

  it('refuses an unknown upload kind', async () => {
    const caseId = await newCase();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...auth('gp'), 'upload-length': '10', 'upload-metadata': `caseId ${b64(caseId)},kind ${b64('tarball')}` } });
    expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([400, 'UPLOAD_INVALID']);
  });
});
