import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '@telehealth/contracts/cases';
import { deriveBlobKek } from '../../platform/blob-store.js';
import { sealBlobV1 } from '../../testing/blob-v1.js';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt } from '../../testing/fixtures.js';

let t: TestApp;
let token: string;
let patientId: string;
let siteId: string;
const masterKey = randomBytes(32);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-streaming-int-'));
const MIB = 1024 * 1024;

beforeAll(async () => {
  t = await createTestApp({ dataDir, uploadMaxBytes: 40 * MIB, uploadExpiryMinutes: 60 }, masterKey);
  const org = await createOrg(t);
  siteId = org.siteA;
  patientId = await createPatient(t, org.organizationId, siteId);
  token = await bearerFor(t, (await createUser(t, org.organizationId, [roleAt('clinician', siteId)])).id);
});

afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const headers = () => ({ authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const caseBlobs = (caseId: string) => {
  const dir = path.join(dataDir, 'blobs', 'cases', caseId);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

async function newCase(): Promise<string> {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: headers(), payload: { patientId, siteId, specialty: 'general' } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Case>().id;
}

/** A PDF-typed file of random content (only the first bytes decide the type). */
function pdf(bytes: number): Buffer {
  const file = randomBytes(bytes);
  file.write('%PDF-1.7\n', 'latin1');
  return file;
}

/** Creates a tus upload and sends the file in `pieces` PATCHes; returns the last answer. */
async function upload(caseId: string, file: Buffer, pieces: number, declaredSha = sha(file)) {
  const metadata = `caseId ${b64(caseId)},sha256 ${b64(declaredSha)}`;
  const c = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...headers(), 'upload-length': String(file.length), 'upload-metadata': metadata } });
  expect(c.statusCode, c.body).toBe(201);
  const step = Math.ceil(file.length / pieces);
  let last = c;
  for (let at = 0; at < file.length; at += step) {
    last = await t.app.inject({
      method: 'PATCH',
      url: c.headers.location as string,
      headers: { ...headers(), 'upload-offset': String(at), 'content-type': 'application/offset+octet-stream' },
      payload: file.subarray(at, at + step),
    });
  }
  return { last, id: (c.headers.location as string).split('/').pop()! };
}

describe('streamed uploads and downloads', () => {
  it('stores a 24 MB PDF sent in three PATCHes as chunked ciphertext and serves it back byte for byte', async () => {
    const caseId = await newCase();
    const file = pdf(24 * MIB + 12_345);
    const { last } = await upload(caseId, file, 3);
    expect(last.statusCode, last.body).toBe(204);
    const attachmentId = last.headers['x-attachment-id'] as string;
    const [blob] = caseBlobs(caseId);
    const onDisk = fs.readFileSync(path.join(dataDir, 'blobs', 'cases', caseId, blob!));
    // "THB2" header (68 bytes), then 64 KiB chunks, each with its 16-byte tag
    expect(onDisk.subarray(0, 4).toString()).toBe('THB2');
    expect(onDisk.length).toBe(68 + file.length + 16 * Math.ceil(file.length / (64 * 1024)));
    expect(onDisk.includes(file.subarray(1000, 1064))).toBe(false);
    const got = await t.app.inject({ url: `/api/v1/cases/${caseId}/attachments/${attachmentId}`, headers: headers() });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-length']).toBe(String(file.length));
    expect(got.headers['x-content-sha256']).toBe(sha(file));
    expect(got.rawPayload.equals(file)).toBe(true);
  });

  it('refuses a document whose SHA-256 does not match after storing it, and leaves no blob behind', async () => {
    const caseId = await newCase();
    const file = pdf(3 * MIB);
    const { last, id } = await upload(caseId, file, 2, sha(Buffer.from('something else')));
    expect([last.statusCode, last.json<{ code: string }>().code]).toEqual([422, 'UPLOAD_CHECKSUM_MISMATCH']);
    expect(caseBlobs(caseId)).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'uploads-tmp')).filter((f) => f.startsWith(id))).toEqual([]);
    const kase = await t.app.inject({ url: `/api/v1/cases/${caseId}`, headers: headers() });
    expect(kase.json<Case>().attachments).toEqual([]);
  });

  it('still serves an attachment whose blob is in the first (whole-object GCM) format', async () => {
    const caseId = await newCase();
    const file = pdf(2 * MIB + 7);
    const { last } = await upload(caseId, file, 1);
    expect(last.statusCode, last.body).toBe(204);
    const [blob] = caseBlobs(caseId);
    const key = `cases/${caseId}/${blob!}`;
    fs.writeFileSync(path.join(dataDir, 'blobs', key), sealBlobV1(deriveBlobKek(masterKey), key, file));
    const got = await t.app.inject({ url: `/api/v1/cases/${caseId}/attachments/${last.headers['x-attachment-id'] as string}`, headers: headers() });
    expect(fs.readFileSync(path.join(dataDir, 'blobs', key)).subarray(0, 4).toString()).toBe('THB1');
    expect([got.statusCode, got.headers['content-length']]).toEqual([200, String(file.length)]);
    expect(got.rawPayload.equals(file)).toBe(true);
  });
});
