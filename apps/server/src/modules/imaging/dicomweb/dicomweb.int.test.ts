import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { api } from 'dicomweb-client';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/harness.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt, type OrgFixture } from '../../../testing/fixtures.js';
import { actorOf } from '../../cases/cases.access.js';
import { dcmdump, makeInstance, makeStudy, newUid } from '../testing/dcmtk.js';

// dicomweb-client (the library OHIF uses) speaks XMLHttpRequest; xhr2 provides it in Node.
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = createRequire(import.meta.url)('xhr2');

type Json = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;
interface Client {
  storeInstances(o: { datasets: ArrayBuffer[]; studyInstanceUID?: string }): Promise<unknown>;
  searchForStudies(o?: { queryParams?: Record<string, string> }): Promise<Json[]>;
  searchForSeries(o: { studyInstanceUID: string }): Promise<Json[]>;
  searchForInstances(o: { studyInstanceUID: string; seriesInstanceUID?: string }): Promise<Json[]>;
  retrieveInstance(o: { studyInstanceUID: string; seriesInstanceUID: string; sopInstanceUID: string }): Promise<ArrayBuffer>;
  retrieveStudy(o: { studyInstanceUID: string }): Promise<ArrayBuffer[]>;
  retrieveStudyMetadata(o: { studyInstanceUID: string }): Promise<Json[]>;
  retrieveInstanceFrames(o: { studyInstanceUID: string; seriesInstanceUID: string; sopInstanceUID: string; frameNumbers: string }): Promise<ArrayBuffer[]>;
  retrieveInstanceRendered(o: { studyInstanceUID: string; seriesInstanceUID: string; sopInstanceUID: string; mediaTypes: { mediaType: string }[]; queryParams?: Record<string, string> }): Promise<ArrayBuffer | ArrayBuffer[]>;
}

let t: TestApp;
let org: OrgFixture;
let other: OrgFixture;
let dir: string;
let base: string;
let patientId: string;
const tok = {} as Record<'nurseA' | 'nurseB' | 'derm' | 'otherAdmin', string>;
let nurseAId: string;

const client = (who: keyof typeof tok): Client => new api.DICOMwebClient({ url: `${base}/dicomweb`, headers: { Authorization: `Bearer ${tok[who]}` }, singlepart: false }) as unknown as Client;
const ab = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
/** dicomweb-client answers a rendered image as one ArrayBuffer or as a list of parts. */
const one = (r: ArrayBuffer | ArrayBuffer[]): Buffer => Buffer.from(Array.isArray(r) ? r[0]! : r);
const uidOf = (j: Json, tag: string) => j[tag]?.Value?.[0] as string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dicomweb-int-'));
  t = await createTestApp({ imagingSweepSeconds: 0, dicomwebCorsOrigins: ['https://viewer.example.org'] });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  org = await createOrg(t);
  other = await createOrg(t);
  patientId = await createPatient(t, org.organizationId, org.siteA);
  const nurseA = await createUser(t, org.organizationId, [roleAt('nurse', org.siteA)]);
  const nurseB = await createUser(t, org.organizationId, [roleAt('nurse', org.siteB)]);
  const derm = await createUser(t, org.organizationId, [roleAt('specialist', null)]);
  const otherAdmin = await createUser(t, other.organizationId, [roleAt('admin', null)]);
  nurseAId = nurseA.id;
  for (const [k, u] of Object.entries({ nurseA, nurseB, derm, otherAdmin })) tok[k as keyof typeof tok] = await bearerFor(t, u.id);
});

afterAll(async () => {
  await t?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function raw(who: keyof typeof tok | null, url: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
  const headers: Record<string, string> = { ...(who ? { authorization: `Bearer ${tok[who]}` } : {}), ...init.headers };
  const res = await t.app.inject({ method: (init.method ?? 'GET') as 'GET', url, headers, ...(init.body ? { payload: init.body } : {}) });
  return res;
}

function multipart(parts: Buffer[], boundary = 'b0undary'): { body: Buffer; type: string } {
  const chunks = parts.flatMap((p) => [Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), p, Buffer.from('\r\n')]);
  return { body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), type: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}

describe('STOW-RS, QIDO-RS and WADO-RS with dicomweb-client', () => {
  let study: { studyUid: string; seriesUid: string; files: string[] };

  beforeAll(async () => {
    study = await makeStudy(dir, 3, { patientName: 'Webb^Ada', patientId: 'MRN-DW-1', accession: 'ACCDW1', studyDate: '20260301' });
  });

  it('stores a study with storeInstances and finds it by patient, date range, accession and modality', async () => {
    await client('nurseA').storeInstances({ datasets: await Promise.all(study.files.map(async (f) => ab(await fs.readFile(f)))) });
    const c = client('nurseA');
    const queries: Record<string, string>[] = [{ PatientName: 'Webb*' }, { PatientID: 'MRN-DW-1' }, { StudyDate: '20260201-20260331' }, { AccessionNumber: 'ACCDW1' }, { ModalitiesInStudy: 'CT', PatientName: 'W?bb^Ada' }];
    for (const queryParams of queries) {
      const found = await c.searchForStudies({ queryParams });
      expect(found.map((s) => uidOf(s, '0020000D')), JSON.stringify(queryParams)).toContain(study.studyUid);
    }
    expect((await c.searchForStudies({ queryParams: { StudyDate: '20250101-20251231', PatientName: 'Webb*' } })).length).toBe(0);
    const [series] = await c.searchForSeries({ studyInstanceUID: study.studyUid });
    expect(uidOf(series!, '0020000E')).toBe(study.seriesUid);
    const instances = await c.searchForInstances({ studyInstanceUID: study.studyUid, seriesInstanceUID: study.seriesUid });
    expect(instances).toHaveLength(3);
  });

  it('retrieves instances whose bytes equal what was sent apart from the zeroed preamble, and dcmdump reads them', async () => {
    const c = client('nurseA');
    const sent = await fs.readFile(study.files[0]!);
    const sop = (await dcmdump(study.files[0]!)).match(/\(0008,0018\) UI \[([0-9.]+)\]/)![1]!;
    const got = Buffer.from(await c.retrieveInstance({ studyInstanceUID: study.studyUid, seriesInstanceUID: study.seriesUid, sopInstanceUID: sop }));
    expect(got.subarray(128).equals(sent.subarray(128))).toBe(true);
    const all = await c.retrieveStudy({ studyInstanceUID: study.studyUid });
    expect(all).toHaveLength(3);
    const copy = path.join(dir, 'retrieved.dcm');
    await fs.writeFile(copy, Buffer.from(all[0]!));
    expect(await dcmdump(copy)).toContain('Webb^Ada');
  });

  it('serves metadata with bulk data URIs, frames and rendered images', async () => {
    const c = client('nurseA');
    const meta = await c.retrieveStudyMetadata({ studyInstanceUID: study.studyUid });
    expect(meta).toHaveLength(3);
    const m = meta[0]!;
    expect(m['7FE00010']?.BulkDataURI).toMatch(/\/bulkdata\/7FE00010$/);
    expect(m['7FE00010']?.Value).toBeUndefined();
    const sop = uidOf(m, '00080018');
    const ids = { studyInstanceUID: study.studyUid, seriesInstanceUID: study.seriesUid, sopInstanceUID: sop };
    const [frame] = await c.retrieveInstanceFrames({ ...ids, frameNumbers: '1' });
    expect(frame!.byteLength).toBe(16 * 16 * 2);
    const png = one(await c.retrieveInstanceRendered({ ...ids, mediaTypes: [{ mediaType: 'image/png' }], queryParams: { window: '2048,4096' } }));
    const info = await sharp(png).metadata();
    expect([info.format, info.width, info.height]).toEqual(['png', 16, 16]);
    const narrow = one(await c.retrieveInstanceRendered({ ...ids, mediaTypes: [{ mediaType: 'image/png' }], queryParams: { window: '100,10' } }));
    expect((await sharp(narrow).raw().toBuffer()).equals(await sharp(png).raw().toBuffer())).toBe(false);
    const thumb = await raw('nurseA', `/dicomweb/studies/${study.studyUid}/series/${study.seriesUid}/thumbnail`, { headers: { accept: 'image/jpeg' } });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
  });

  it('answers STOW with 202 naming the failures when some parts are not DICOM, and 409 when none is stored', async () => {
    const good = await fs.readFile(await makeInstance(dir, { studyUid: newUid() }));
    const whole = await fs.readFile(await makeInstance(dir, { studyUid: newUid() }));
    const mixed = multipart([good, Buffer.from('not dicom at all'), whole.subarray(0, whole.length - 50)]);
    const res = await raw('nurseA', '/dicomweb/studies', { method: 'POST', headers: { 'content-type': mixed.type }, body: mixed.body });
    expect(res.statusCode).toBe(202);
    const out = res.json<Json>();
    expect(out['00081199']!.Value).toHaveLength(1);
    expect((out['00081198']!.Value as Json[]).map((f) => f['00081197']!.Value![0])).toEqual([0xc000, 0xc000]);
    const bad = multipart([Buffer.from('MZ executable'), whole.subarray(0, 300)]);
    const none = await raw('nurseA', '/dicomweb/studies', { method: 'POST', headers: { 'content-type': bad.type }, body: bad.body });
    expect(none.statusCode).toBe(409);
    const wrong = await raw('nurseA', '/dicomweb/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });
    expect(wrong.statusCode).toBe(415);
  });

  it('stores the parts of one request concurrently and answers in the order of the parts, a repeated part once', async () => {
    const studyUid = newUid();
    const sops = Array.from({ length: 7 }, () => newUid());
    const files = await Promise.all(sops.map((sopUid, i) => makeInstance(dir, { studyUid, sopUid, instanceNumber: i + 1 })));
    const bodies = await Promise.all(files.map((f) => fs.readFile(f)));
    const parts = [...bodies, bodies[2]!]; // the third instance again, byte for byte
    const { body, type } = multipart(parts);
    const res = await raw('nurseA', '/dicomweb/studies', { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.statusCode).toBe(200);
    const refs = res.json<Json>()['00081199']!.Value as Json[];
    expect(refs.map((r) => r['00081155']!.Value![0])).toEqual([...sops, sops[2]]);
    const found = await raw('nurseA', `/dicomweb/studies/${studyUid}/instances`);
    expect(found.json<Json[]>()).toHaveLength(7);
  });

  it('refuses an instance of another study when STOW names the study in the URL', async () => {
    const { body, type } = multipart([await fs.readFile(await makeInstance(dir, { studyUid: newUid() }))]);
    const res = await raw('nurseA', `/dicomweb/studies/${newUid()}`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.statusCode).toBe(409);
    expect((res.json<Json>()['00081198']!.Value as Json[])[0]!['00081197']!.Value![0]).toBe(0xa900);
  });

  it('treats SQL and LIKE metacharacters in QIDO values as text, and refuses malformed parameters', async () => {
    const c = client('nurseA');
    for (const PatientName of ["' OR 1=1 --", '%', '_ebb^Ada', 'Webb^Ada%']) expect(await c.searchForStudies({ queryParams: { PatientName } })).toHaveLength(0);
    expect((await c.searchForStudies({ queryParams: { PatientName: '*' } })).length).toBeGreaterThan(0);
    for (const q of ["StudyInstanceUID=1'%20OR%20'1'='1", 'limit=100000', 'StudyDate=2026', 'includefield=x;drop', 'offset=-1', 'PatientName=a\\b']) {
      const res = await raw('nurseA', `/dicomweb/studies?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json<{ code: string }>().code).toBe('DICOMWEB_QUERY_INVALID');
    }
    const ignored = await raw('nurseA', '/dicomweb/studies?ReferringPhysicianName=X');
    expect(ignored.statusCode).toBe(200);
    expect(ignored.headers.warning).toMatch(/ReferringPhysicianName/);
  });

  it('shows a user only the studies of their inbox sites or cases, and 404s another organization with an audit row', async () => {
    expect((await client('nurseB').searchForStudies({ queryParams: { PatientName: 'Webb*' } })).length).toBe(0);
    expect((await client('derm').searchForStudies({ queryParams: { PatientName: 'Webb*' } })).length).toBe(0);
    expect((await client('otherAdmin').searchForStudies()).length).toBe(0);
    const res = await raw('otherAdmin', `/dicomweb/studies/${study.studyUid}/metadata`);
    expect(res.statusCode).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('STUDY_NOT_FOUND');
    expect((await raw('nurseB', `/dicomweb/studies/${study.studyUid}`)).statusCode).toBe(403);
    expect((await raw(null, `/dicomweb/studies`)).statusCode).toBe(401);
    await t.services.audit.flush();
    const denied = await t.db.database.rawTransaction((tx) => tx.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_event WHERE action = 'imaging.metadata' AND outcome = 'denied' AND organization_id = $1", [other.organizationId]));
    expect(denied[0]!.n).toBeGreaterThan(0);
  });

  it('lets the specialist read a study once it is on a submitted case of their specialty', async () => {
    const referrer = actorOf(nurseAId, org.organizationId, [roleAt('nurse', org.siteA)]);
    const c = await t.services.cases.create(referrer, { patientId, siteId: org.siteA, specialty: 'dermatology', question: 'Q', history: { lesion_site: 'arm', duration: '1 week', evolution: 'new' }, consent: { given: true, method: 'verbal' } });
    const { files, studyUid } = await makeStudy(dir, 1, { patientName: 'Case^Study' });
    const { body, type } = multipart([await fs.readFile(files[0]!)]);
    const res = await raw('nurseA', `/dicomweb/studies?case=${c.id}`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.statusCode).toBe(200);
    expect((await client('derm').searchForStudies({ queryParams: { StudyInstanceUID: studyUid } })).length).toBe(0);
    await t.services.cases.submit(referrer, c.id, undefined);
    expect((await client('derm').searchForStudies({ queryParams: { StudyInstanceUID: studyUid } })).length).toBe(1);
    expect((await raw('derm', `/dicomweb/studies/${studyUid}`)).statusCode).toBe(200);
  });

  it('answers CORS preflights for the configured viewer origin only', async () => {
    const ok = await raw(null, '/dicomweb/studies', { method: 'OPTIONS', headers: { origin: 'https://viewer.example.org', 'access-control-request-method': 'GET' } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://viewer.example.org');
    const no = await raw(null, '/dicomweb/studies', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(no.headers['access-control-allow-origin']).toBeUndefined();
  });
});
