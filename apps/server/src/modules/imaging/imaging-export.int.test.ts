import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { bearerFor, createOrg, createUser, roleAt, type OrgFixture } from '../../testing/fixtures.js';
import { imagingInstances } from './imaging.schema.js';
import { dcmdump, execFileAsync, makeInstance, newUid } from './testing/dcmtk.js';

let t: TestApp;
let org: OrgFixture;
let dir: string;
let studyId: string;
const uids = { study: newUid(), series1: newUid(), series2: newUid(), frame: newUid(), sop: [newUid(), newUid(), newUid(), newUid()] };
const tok = {} as Record<'nurseA' | 'otherAdmin', string>;

/** Identifying values put into every instance; none may survive the export. */
const IDENTIFYING = ['Doe^Jane', 'MRN-DEID-1', 'ACC777', 'General Hospital', 'Ref^Doctor', 'Op^Erator', 'SN-12345', 'secret-private', '1 Main Street', 'Head CT for Jane', '19700101', '20260110'];
const common = [
  '(0010,0030) DA 19700101',
  '(0008,0080) LO General Hospital',
  '(0008,0090) PN Ref^Doctor',
  '(0008,1070) PN Op^Erator',
  '(0008,0021) DA 20260110',
  '(0008,0031) TM 101010',
  '(0018,1000) LO SN-12345',
  '(0009,0010) LO ACME',
  '(0009,1001) LO secret-private',
  '(0010,1040) LO 1 Main Street',
  '(0008,1030) LO Head CT for Jane',
  `(0020,0052) UI ${uids.frame}`,
];
const referencing = [
  '(0008,1140) SQ (Sequence with undefined length)',
  '(fffe,e000) na (Item with undefined length)',
  '(0008,1150) UI =CTImageStorage',
  `(0008,1155) UI ${uids.sop[0]}`,
  '(fffe,e00d) na (ItemDelimitationItem)',
  '(fffe,e0dd) na (SequenceDelimitationItem)',
];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imaging-export-'));
  t = await createTestApp({ imagingSweepSeconds: 0 });
  org = await createOrg(t);
  const other = await createOrg(t);
  tok.nurseA = await bearerFor(t, (await createUser(t, org.organizationId, [roleAt('nurse', org.siteA)])).id);
  tok.otherAdmin = await bearerFor(t, (await createUser(t, other.organizationId, [roleAt('admin', null)])).id);
  const base = { studyUid: uids.study, patientName: 'Doe^Jane', patientId: 'MRN-DEID-1', accession: 'ACC777', studyDate: '20260110' };
  const specs = [
    { ...base, seriesUid: uids.series1, sopUid: uids.sop[0], instanceNumber: 1, extra: common },
    { ...base, seriesUid: uids.series1, sopUid: uids.sop[1], instanceNumber: 2, extra: common },
    { ...base, seriesUid: uids.series2, sopUid: uids.sop[2], instanceNumber: 3, extra: [...common, ...referencing] },
    { ...base, seriesUid: uids.series2, sopUid: uids.sop[3], instanceNumber: 4, extra: [...common, '(0028,0301) CS YES'] },
  ];
  for (const spec of specs) {
    const r = await t.services.imagingIngest.ingest(await fs.readFile(await makeInstance(dir, spec)), { organizationId: org.organizationId, siteId: org.siteA, source: 'dimse', actor: null });
    studyId = r.studyId;
  }
});

afterAll(async () => {
  await t?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** The value dcmdump shows for a tag (the first occurrence, at any depth); null when absent or empty. */
function value(dump: string, tag: string): string | null {
  const m = new RegExp(`^\\s*\\(${tag}\\) \\w\\w \\[([^\\]]*)\\]`, 'm').exec(dump);
  return m ? m[1]! : null;
}

async function auditRows(action: string, outcome: string): Promise<{ resource_id: string | null; organization_id: string | null }[]> {
  return t.db.database.rawTransaction((tx) => tx.query<{ resource_id: string | null; organization_id: string | null }>('SELECT resource_id, organization_id FROM audit_event WHERE action = $1 AND outcome = $2', [action, outcome]));
}

describe('de-identified export', () => {
  it('answers a zip whose instances lost every identifying attribute, with new UIDs mapped consistently', async () => {
    const before = await t.db.database.db.select().from(imagingInstances).where(eq(imagingInstances.studyId, studyId));
    const res = await t.app.inject({ url: `/api/v1/imaging/studies/${studyId}/deidentified`, headers: { authorization: `Bearer ${tok.nurseA}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="deidentified-[0-9A-F]{8}\.zip"$/);
    const out = path.join(dir, 'export');
    await fs.writeFile(`${out}.zip`, res.rawPayload);
    await execFileAsync('unzip', ['-q', `${out}.zip`, '-d', out]);
    const manifest = JSON.parse(await fs.readFile(path.join(out, 'manifest.json'), 'utf8')) as { instances: number; skippedBurnedInAnnotation: number };
    expect(manifest).toMatchObject({ instances: 3, skippedBurnedInAnnotation: 1 });
    // series folders and instance files are numbered by the export; tell instances apart by InstanceNumber
    const series = (await fs.readdir(out)).filter((f) => f.startsWith('series-')).sort();
    expect(series).toEqual(['series-1', 'series-2']);
    const files = (await Promise.all(series.map(async (s) => (await fs.readdir(path.join(out, s))).map((f) => path.join(out, s, f))))).flat();
    expect(files).toHaveLength(3);
    const byNumber = new Map<string, string>();
    for (const f of files) {
      const d = await dcmdump(f);
      byNumber.set(value(d, '0020,0013')!, d);
    }
    expect([...byNumber.keys()].sort()).toEqual(['1', '2', '3']);
    const dumps = ['1', '2', '3'].map((n) => byNumber.get(n)!);
    for (const d of dumps) {
      for (const s of IDENTIFYING) expect(d).not.toContain(s);
      expect(d).not.toMatch(/^\(0009,/m); // private attributes gone
      expect(value(d, '0010,0010')).toMatch(/^DEIDENTIFIED\^[0-9A-F]{8}$/);
      expect(value(d, '0010,0020')).toMatch(/^DEID-[0-9A-F]{8}$/);
      expect(d).toMatch(/\(0008,0050\) SH \(no value available\)/); // accession emptied (type 2)
      expect(d).toMatch(/\(0008,0020\) DA \(no value available\)/); // study date emptied
      expect(d).not.toMatch(/\(0008,0021\)|\(0008,0031\)|\(0008,0080\)|\(0008,1070\)|\(0018,1000\)|\(0010,1040\)/);
      expect(value(d, '0012,0062')).toBe('YES');
      expect(value(d, '0028,0303')).toBe('REMOVED');
      expect(d).toContain('113100');
      expect(value(d, '0002,0003')).toBe(value(d, '0008,0018')); // file meta follows the new SOP Instance UID
    }
    const all = (tag: string) => dumps.map((d) => value(d, tag));
    // one new study UID, two new series UIDs, one new frame of reference, three new SOP instance UIDs
    const [study] = new Set(all('0020,000d'));
    expect(new Set(all('0020,000d')).size).toBe(1);
    expect(study).not.toBe(uids.study);
    expect(study).toMatch(/^2\.25\.\d+$/);
    const seriesUids = all('0020,000e');
    expect(seriesUids[0]).toBe(seriesUids[1]);
    expect(new Set(seriesUids).size).toBe(2);
    expect(seriesUids.some((s) => s === uids.series1 || s === uids.series2)).toBe(false);
    expect(new Set(all('0020,0052')).size).toBe(1);
    expect(all('0020,0052')[0]).not.toBe(uids.frame);
    const sops = all('0008,0018');
    expect(new Set(sops).size).toBe(3);
    expect(sops.some((s) => uids.sop.includes(s!))).toBe(false);
    // the reference in series 2 points at the new UID of the instance it referenced
    expect(value(dumps[2]!, '0008,1155')).toBe(sops[0]);
    expect(dumps[2]).toMatch(/\(0008,1150\) UI =CTImageStorage/); // class UIDs are kept

    // the originals are untouched
    const after = await t.db.database.db.select().from(imagingInstances).where(eq(imagingInstances.studyId, studyId));
    expect(after.map((r) => [r.sopInstanceUid, r.sha256])).toEqual(before.map((r) => [r.sopInstanceUid, r.sha256]));
    for (const r of after) expect(createHash('sha256').update(await t.services.blobs.get(r.blobKey)).digest('hex')).toBe(r.sha256);
    expect((await auditRows('imaging.study.deidentified_export', 'success')).some((a) => a.resource_id === studyId)).toBe(true);
  });

  it('maps UIDs afresh for each export (no link between two exports)', async () => {
    const studyUidOf = async () => {
      const res = await t.app.inject({ url: `/api/v1/imaging/studies/${studyId}/deidentified`, headers: { authorization: `Bearer ${tok.nurseA}` } });
      const out = await fs.mkdtemp(path.join(dir, 'again-'));
      await fs.writeFile(path.join(out, 'x.zip'), res.rawPayload);
      await execFileAsync('unzip', ['-q', 'x.zip'], { cwd: out });
      const [first] = await fs.readdir(path.join(out, 'series-1'));
      return value(await dcmdump(path.join(out, 'series-1', first!)), '0020,000d');
    };
    expect(await studyUidOf()).not.toBe(await studyUidOf());
  });

  it('answers 404 for a study of another organization and audits the refusal', async () => {
    const res = await t.app.inject({ url: `/api/v1/imaging/studies/${studyId}/deidentified`, headers: { authorization: `Bearer ${tok.otherAdmin}` } });
    expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([404, 'STUDY_NOT_FOUND']);
    expect((await auditRows('imaging.study.export', 'denied')).some((a) => a.resource_id === studyId)).toBe(true);
  });
});
