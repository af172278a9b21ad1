/**
 * A CT-like axial series made with dcmtk's `dump2dcm` (Debian `dcmtk`): 16-bit unsigned pixels with 12 bits
 * stored and Rescale Intercept −1024, so modality values are Hounsfield units — air, soft tissue, two lungs
 * and a bone ring whose sizes change from slice to slice (so scrolling and windowing change what is shown).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A fresh UID under the UUID-derived root 2.25 (DICOM PS3.5 §B.2). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

export interface CtSeriesSpec {
  count: number;
  size: number;
  accession: string;
  patientName?: string;
  patientId?: string;
}

/** Hounsfield units of pixel (x, y) on slice k of n. */
function hu(x: number, y: number, size: number, k: number, n: number): number {
  const c = size / 2;
  const dx = (x - c) / c;
  const dy = (y - c) / c;
  const body = dx * dx / 0.8 + dy * dy / 0.55;
  if (body > 1) return -1000;
  const t = k / Math.max(n - 1, 1);
  const lung = 0.15 + 0.2 * Math.sin(Math.PI * t);
  for (const side of [-0.35, 0.35]) {
    const lx = dx - side;
    if (lx * lx / (lung * 0.8) + dy * dy / lung < 0.35) return -850 + ((x * 7 + y * 3) % 50);
  }
  const r = Math.sqrt(dx * dx + dy * dy);
  const boneR = 0.1 + 0.25 * t;
  if (Math.abs(r - boneR) < 0.04) return 700 + ((x + y + k) % 200);
  return 40 + ((x * 13 + y * 5 + k * 11) % 60) - 30;
}

function pixels(size: number, k: number, n: number): Buffer {
  const b = Buffer.alloc(size * size * 2);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) b.writeUInt16LE(hu(x, y, size, k, n) + 1024, (y * size + x) * 2);
  return b;
}

/** Writes `count` slices into `dir`; returns the study and series UIDs and the files in slice order. */
export async function makeCtSeries(dir: string, spec: CtSeriesSpec): Promise<{ studyUid: string; seriesUid: string; files: string[] }> {
  const studyUid = newUid();
  const seriesUid = newUid();
  const files: string[] = [];
  for (let k = 0; k < spec.count; k++) {
    const base = join(dir, `slice-${k}`);
    await writeFile(`${base}.raw`, pixels(spec.size, k, spec.count));
    const z = (-k * 2.5).toFixed(1);
    const dump = [
      '(0008,0016) UI =CTImageStorage',
      `(0008,0018) UI ${newUid()}`,
      '(0008,0020) DA 20261130',
      `(0008,0050) SH ${spec.accession}`,
      '(0008,0060) CS CT',
      '(0008,1030) LO CT chest',
      '(0008,103e) LO Axial 2.5 mm',
      `(0010,0010) PN ${spec.patientName ?? 'Quimby^Harriet'}`,
      `(0010,0020) LO ${spec.patientId ?? 'MRN-CT-1'}`,
      `(0020,000d) UI ${studyUid}`,
      `(0020,000e) UI ${seriesUid}`,
      '(0020,0011) IS 2',
      `(0020,0013) IS ${k + 1}`,
      `(0020,0032) DS -160\\-160\\${z}`,
      '(0020,0037) DS 1\\0\\0\\0\\1\\0',
      `(0020,1041) DS ${z}`,
      '(0028,0002) US 1',
      '(0028,0004) CS MONOCHROME2',
      `(0028,0010) US ${spec.size}`,
      `(0028,0011) US ${spec.size}`,
      '(0028,0030) DS 0.625\\0.625',
      '(0028,0100) US 16',
      '(0028,0101) US 12',
      '(0028,0102) US 11',
      '(0028,0103) US 0',
      '(0028,1050) DS 40',
      '(0028,1051) DS 400',
      '(0028,1052) DS -1024',
      '(0028,1053) DS 1',
      `(7fe0,0010) OW =${base}.raw`,
    ].join('\n');
    await writeFile(`${base}.dump`, dump);
    await run('dump2dcm', ['--write-file', `${base}.dump`, `${base}.dcm`]);
    files.push(`${base}.dcm`);
  }
  return { studyUid, seriesUid, files };
}

/**
 * Copies of `files` as another series of the same study, compressed with dcmtk's `dcmcrle` (RLE Lossless,
 * PS3.5 Annex G): same pixels, new Series and SOP Instance UIDs.
 */
export async function rleCopies(files: string[], seriesNumber: number, description: string): Promise<{ seriesUid: string; files: string[] }> {
  const seriesUid = newUid();
  const out: string[] = [];
  for (const f of files) {
    const copy = f.replace(/\.dcm$/, `-rle${seriesNumber}.dcm`);
    await run('dcmcrle', [f, copy]);
    await run('dcmodify', ['-nb', '-m', `(0020,000e)=${seriesUid}`, '-m', `(0020,0011)=${seriesNumber}`, '-m', `(0008,103e)=${description}`, '-m', `(0008,0018)=${newUid()}`, copy]);
    out.push(copy);
  }
  return { seriesUid, files: out };
}

/**
 * Sends files with dcmtk's `storescu` (TCP_NODELAY=1: no delayed-ACK wait per instance); `-xr` also proposes
 * RLE Lossless, so compressed copies travel as they are.
 */
export async function storescu(port: number, callingAe: string, calledAe: string, files: string[]): Promise<void> {
  await run('storescu', ['-aet', callingAe, '-aec', calledAe, '-xr', '127.0.0.1', String(port), ...files], { env: { ...process.env, TCP_NODELAY: '1' }, maxBuffer: 16 * 1024 * 1024 });
}
