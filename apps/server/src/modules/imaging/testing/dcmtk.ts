/**
 * Test studies made with the real dcmtk tools (Debian `dcmtk`): `dump2dcm` writes small monochrome CT
 * instances from a text dump, `img2dcm` wraps a JPEG, `dcmodify` edits, `dcmdump` reads back.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A fresh UID under the UUID-derived root 2.25 (DICOM PS3.5 §B.2). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

export interface InstanceSpec {
  studyUid: string;
  seriesUid?: string;
  sopUid?: string;
  patientName?: string;
  patientId?: string;
  accession?: string;
  modality?: string;
  studyDate?: string;
  instanceNumber?: number;
  size?: number;
  /** More dump2dcm lines (any attributes, sequences, private elements), added to the data set. */
  extra?: string[];
  /** `+te` explicit little (default), `+ti` implicit little, `+td` deflated. */
  syntax?: '+te' | '+ti' | '+td';
}

/** Monochrome 16-bit pixels (12 stored bits), a gradient that differs per instance. */
function pixels(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size * size * 2);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) b.writeUInt16LE((x * 37 + y * 11 + seed * 101) % 4096, (y * size + x) * 2);
  return b;
}

/** Writes one CT instance with dump2dcm and returns its path. */
export async function makeInstance(dir: string, spec: InstanceSpec): Promise<string> {
  const sop = spec.sopUid ?? newUid();
  const size = spec.size ?? 16;
  const base = path.join(dir, randomUUID());
  await fs.writeFile(`${base}.raw`, pixels(size, spec.instanceNumber ?? 1));
  const dump = [
    '(0008,0016) UI =CTImageStorage',
    `(0008,0018) UI ${sop}`,
    `(0008,0020) DA ${spec.studyDate ?? '20260110'}`,
    `(0008,0050) SH ${spec.accession ?? ''}`,
    `(0008,0060) CS ${spec.modality ?? 'CT'}`,
    `(0010,0010) PN ${spec.patientName ?? 'Doe^Jane'}`,
    `(0010,0020) LO ${spec.patientId ?? 'MRN001'}`,
    `(0020,000d) UI ${spec.studyUid}`,
    `(0020,000e) UI ${spec.seriesUid ?? `${spec.studyUid}.1`}`,
    `(0020,0013) IS ${spec.instanceNumber ?? 1}`,
    '(0028,0002) US 1',
    '(0028,0004) CS MONOCHROME2',
    `(0028,0010) US ${size}`,
    `(0028,0011) US ${size}`,
    '(0028,0100) US 16',
    '(0028,0101) US 12',
    '(0028,0102) US 11',
    '(0028,0103) US 0',
    '(0028,1050) DS 1000',
    '(0028,1051) DS 2000',
    ...(spec.extra ?? []),
    `(7fe0,0010) OW =${base}.raw`,
  ].join('\n');
  await fs.writeFile(`${base}.dump`, dump);
  await run('dump2dcm', ['--write-file', `${base}.dump`, `${base}.dcm`]);
  if (spec.syntax && spec.syntax !== '+te') await run('dcmconv', [spec.syntax, `${base}.dcm`, `${base}.dcm`]);
  return `${base}.dcm`;
}

/** A study of `count` instances in one series; returns the file paths in instance order. */
export async function makeStudy(dir: string, count: number, spec: Partial<InstanceSpec> = {}): Promise<{ studyUid: string; seriesUid: string; files: string[] }> {
  const studyUid = spec.studyUid ?? newUid();
  const seriesUid = spec.seriesUid ?? newUid();
  const files: string[] = [];
  for (let i = 1; i <= count; i++) files.push(await makeInstance(dir, { ...spec, studyUid, seriesUid, instanceNumber: i }));
  return { studyUid, seriesUid, files };
}

/** Edits a file in place with dcmodify (`-m "(0010,0010)=X"`), without a backup. */
export async function modify(file: string, ...args: string[]): Promise<void> {
  await run('dcmodify', ['-nb', ...args, file]);
}

/** dcmdump's reading of a file; throws when dcmdump cannot read it. */
export async function dcmdump(file: string): Promise<string> {
  return (await run('dcmdump', ['-q', file])).stdout;
}

export { run as execFileAsync };

/** A UID of a fixed length (48 characters) under a test root, so copies can swap UIDs byte for byte. */
export function fixedLengthUid(): string {
  let digits = '';
  while (digits.length < 26) digits += Math.floor(Math.random() * 1e9).toString().padStart(9, '0');
  return `1.2.826.0.1.3680043.9.${'1'}${digits.slice(0, 25)}`;
}

/**
 * A copy of a dump2dcm-made instance with its study, series and SOP Instance UIDs replaced by fresh UIDs
 * of the same length: a new, valid instance without running dcmtk again (for tests that need many).
 */
export function cloneWithNewUids(template: Buffer, uids: string[]): Buffer {
  const out = Buffer.from(template);
  for (const old of uids) {
    const next = Buffer.from(fixedLengthUid().slice(0, old.length).padEnd(old.length, '1'));
    const needle = Buffer.from(old);
    for (let i = out.indexOf(needle); i >= 0; i = out.indexOf(needle, i + 1)) next.copy(out, i);
  }
  return out;
}
