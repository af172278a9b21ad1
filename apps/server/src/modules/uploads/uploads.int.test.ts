import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '@telehealth/contracts/cases';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { DERM_HISTORY } from '../cases/cases.access.js';
import { jpegWithGps, pngBomb } from './test-images.js';

let t: TestApp;
let org: OrgFixture;
let patientId: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-int-'));
const tok = {} as Record<'gp' | 'gp2' | 'otherSite' | 'otherOrg' | 'derm', string>;

beforeAll(async () => {
  t = await createTestApp({ dataDir, uploadMaxBytes: 20 * 1024 * 1024, uploadExpiryMinutes: 60 });
  org = await createOrg(t);
  const other = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  const users = {
    gp: await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]),
    gp2: await createUser(t, org.organizationId, [roleAt('clinician', org.siteA)]),
    otherSite: await createUser(t, org.organizationId, [roleAt('clinician', org.siteB)]),
    otherOrg: await createUser(t, other.organizationId, [roleAt('admin', null)]),
    derm: await createUser(t, org.organizationId, [roleAt('specialist', null)]),
  };
  for (const [k, u] of Object.entries(users)) tok[k as keyof typeof tok] = await bearerFor(t, u.id);
});

afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const auth = (who: keyof typeof tok) => ({ authorization: `Bearer ${tok[who]}`, 'tus-resumable': '1.0.0' });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function newCase(): Promise<string> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: auth('gp'),
    payload: { patientId, siteId: org.siteA, specialty: 'dermatology', question: 'Q', history: DERM_HISTORY, consent: { given: true, method: 'verbal' } },
  });
  return r.json<Case>().id;
}

async function create(who: keyof typeof tok, caseId: string, size: number, meta: Record<string, string> = {}) {
  const metadata = Object.entries({ caseId, ...meta }).map(([k, v]) => `${k} ${b64(v)}`).join(',');
  return t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...auth(who), 'upload-length': String(size), 'upload-metadata': metadata } });
}

async function patch(who: keyof typeof tok, location: string, offset: number, chunk: Buffer) {
  return t.app.inject({
    method: 'PATCH',
    url: location,
    headers: { ...auth(who), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    payload: chunk,
  });
}

async function uploadWhole(caseId: string, file: Buffer, meta: Record<string, string> = {}) {
  const c = await create('gp', caseId, file.length, meta);
  expect(c.statusCode, c.body).toBe(201);
  return patch('gp', c.headers.location as string, 0, file);
}

const getCase = async (id: string) => (await t.app.inject({ url: `/api/v1/cases/${id}`, headers: auth('gp') })).json<Case>();

describe('tus uploads', () => {
  it('resumes an interrupted upload, strips EXIF GPS, stores it encrypted and serves it typed and nosniff', async () => {
    const caseId = await newCase();
    const file = await jpegWithGps();
    const c = await create('gp', caseId, file.length, { view: 'far', sha256: sha(file), filename: 'IMG_0001.JPG' });
    expect(c.statusCode).toBe(201);
    const loc = c.headers.location as string;
    expect(loc).toMatch(/^\/api\/v1\/uploads\/[0-9a-f]{32}$/);
    const half = Math.floor(file.length / 2);
    expect((await patch('gp', loc, 0, file.subarray(0, half))).statusCode).toBe(204);
    expect((await getCase(caseId)).attachments).toEqual([]);
    const head = await t.app.inject({ method: 'HEAD', url: loc, headers: auth('gp') });
    expect(head.headers['upload-offset']).toBe(String(half));
    const done = await patch('gp', loc, half, file.subarray(half));
    expect(done.statusCode, done.body).toBe(204);
    const kase = await getCase(caseId);
    expect(kase.attachments).toHaveLength(1);
    expect(kase.attachments[0]).toMatchObject({ kind: 'image', view: 'far', contentType: 'image/jpeg' });
    expect(kase.attachments[0]!.quality).toMatchObject({ width: 900, height: 1200, flags: [] });
    expect(kase.missingViews).toEqual(['medium', 'close_up']);

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/submit`, headers: auth('gp') })).statusCode).toBe(200);
    const got = await t.app.inject({ url: `/api/v1/cases/${caseId}/attachments/${kase.attachments[0]!.id}`, headers: auth('derm') });
    expect(got.statusCode).toBe(200);
    expect([got.headers['content-type'], got.headers['x-content-type-options']]).toEqual(['image/jpeg', 'nosniff']);
    expect(got.headers['x-content-sha256']).toBe(sha(got.rawPayload));
    const meta = await sharp(got.rawPayload).metadata();
    expect([meta.exif, meta.xmp, meta.iptc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined]);
    for (const s of ['SERIAL-12345', 'PATIENT-SECRET', 'AcmeCam']) expect(got.rawPayload.includes(Buffer.from(s))).toBe(false);
    // at rest: no blob file on disk contains the JPEG start-of-image or the image bytes in the clear
    const blobFiles = fs.readdirSync(path.join(dataDir, 'blobs'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(blobFiles.length).toBe(2);
    for (const f of blobFiles) expect(fs.readFileSync(path.join(f.parentPath, f.name)).includes(got.rawPayload.subarray(0, 64))).toBe(false);
    expect(fs.readdirSync(path.join(dataDir, 'uploads-tmp')).filter((f) => f.startsWith(loc.split('/').pop()!))).toEqual([]);
    const thumb = await t.app.inject({ url: `/api/v1/cases/${caseId}/attachments/${kase.attachments[0]!.id}?variant=thumbnail`, headers: auth('gp') });
    expect((await sharp(thumb.rawPayload).metadata()).height).toBe(320);
  });

  it('refuses a PATCH at the wrong offset with a problem, changing nothing', async () => {
    const caseId = await newCase();
    const c = await create('gp', caseId, 100);
    const loc = c.headers.location as string;
    await patch('gp', loc, 0, Buffer.alloc(10));
    const wrong = await patch('gp', loc, 50, Buffer.alloc(10));
    expect([wrong.statusCode, wrong.json<{ code: string }>().code]).toEqual([409, 'UPLOAD_OFFSET_MISMATCH']);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.app.inject({ method: 'HEAD', url: loc, headers: auth('gp') })).headers['upload-offset']).toBe('10');
  });

  it('refuses content that is not what its name says: HTML and SVG named .jpg, and a bad checksum', async () => {
    const caseId = await newCase();
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>');
    for (const f of [html, svg]) {
      const r = await uploadWhole(caseId, f, { filename: 'photo.jpg', filetype: 'image/jpeg' });
      expect([r.statusCode, r.json<{ code: string }>().code]).toEqual([415, 'UPLOAD_TYPE_REJECTED']);
    }
    const jpeg = await jpegWithGps(200, 200);
    const bad = await uploadWhole(caseId, jpeg, { sha256: 'a'.repeat(64) });
    expect(bad.json<{ code: string }>().code).toBe('UPLOAD_CHECKSUM_MISMATCH');
    expect((await getCase(caseId)).attachments).toEqual([]);
  });

  it('refuses a 30,000 × 30,000 pixel bomb', async () => {
    const caseId = await newCase();
    const r = await uploadWhole(caseId, await pngBomb());
    expect([r.statusCode, r.json<{ code: string }>().code]).toEqual([422, 'UPLOAD_IMAGE_REJECTED']);
    expect((await getCase(caseId)).attachments).toEqual([]);
  });

  it('serves a PDF only as an attachment', async () => {
    const caseId = await newCase();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    expect((await uploadWhole(caseId, pdf)).statusCode).toBe(204);
    const a = (await getCase(caseId)).attachments[0]!;
    expect(a.kind).toBe('document');
    const got = await t.app.inject({ url: `/api/v1/cases/${caseId}/attachments/${a.id}`, headers: auth('gp') });
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    expect(got.headers['content-security-policy']).toContain('sandbox');
  });

  it('refuses uploads to someone else’s case, another user’s upload, too large a file and a submitted case', async () => {
    const caseId = await newCase();
    expect((await create('otherSite', caseId, 10)).statusCode).toBe(403);
    const cross = await create('otherOrg', caseId, 10);
    expect([cross.statusCode, cross.json<{ code: string }>().code]).toEqual([404, 'CASE_NOT_FOUND']);
    expect((await create('derm', caseId, 10)).statusCode).toBe(403);
    const mine = await create('gp', caseId, 10);
    for (const [who, status] of [['gp2', 404], ['otherSite', 403], ['otherOrg', 404], ['derm', 403]] as const) {
      expect((await t.app.inject({ method: 'HEAD', url: mine.headers.location as string, headers: auth(who) })).statusCode, who).toBe(status);
    }
    expect((await patch('gp2', mine.headers.location as string, 0, Buffer.alloc(10))).json<{ code: string }>().code).toBe('UPLOAD_NOT_FOUND');
    expect((await create('gp', caseId, 21 * 1024 * 1024)).json<{ code: string }>().code).toBe('UPLOAD_TOO_LARGE');
    await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/submit`, headers: auth('gp') });
    expect((await create('gp', caseId, 10)).json<{ code: string }>().code).toBe('CASE_TRANSITION_INVALID');
    expect((await create('gp', caseId, 10, { sha256: 'nothex' })).statusCode).toBe(400);
  });

  it('expires an upload that is never finished: nothing visible, scratch file removed', async () => {
    const caseId = await newCase();
    const c = await create('gp', caseId, 1000);
    const loc = c.headers.location as string;
    await patch('gp', loc, 0, Buffer.alloc(300, 1));
    const id = loc.split('/').pop()!;
    const scratch = () => fs.readdirSync(path.join(dataDir, 'uploads-tmp')).filter((f) => f.startsWith(id)).sort();
    expect(scratch()).toEqual([id, `${id}.json`]);
    t.clock.advance(59 * 60_000);
    await t.services.uploads.expireUnfinished();
    expect(scratch()).toEqual([id, `${id}.json`]);
    t.clock.advance(2 * 60_000);
    expect(await t.services.uploads.expireUnfinished()).toBeGreaterThanOrEqual(1);
    // neither the received bytes nor tus's metadata file remain
    expect(scratch()).toEqual([]);
    const head = await t.app.inject({ method: 'HEAD', url: loc, headers: auth('gp') });
    expect(head.statusCode).toBe(404);
    expect((await patch('gp', loc, 300, Buffer.alloc(700))).json<{ code: string }>().code).toBe('UPLOAD_NOT_FOUND');
    expect((await getCase(caseId)).attachments).toEqual([]);
  });
});
