import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { isValidUid, parseInstance } from './dicom-file.js';
import { metaEnd, walkStructure } from './dicom-structure.js';
import { execFileAsync, makeInstance, newUid } from './testing/dcmtk.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dicom-file-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
}

describe('parseInstance', () => {
  it('indexes the attributes of an instance written by dump2dcm', async () => {
    const studyUid = newUid();
    const file = await makeInstance(dir, { studyUid, patientName: 'Doe^Jane', accession: 'ACC42', instanceNumber: 3 });
    const { attrs, bytes } = parseInstance(await fs.readFile(file));
    expect(attrs).toMatchObject({ studyInstanceUid: studyUid, patientName: 'Doe^Jane', accessionNumber: 'ACC42', modality: 'CT', instanceNumber: 3, rows: 16, numberOfFrames: null });
    expect(attrs.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(bytes.length).toBe((await fs.stat(file)).size);
  });

  it.each(['+ti', '+td'] as const)('reads the %s transfer syntax', async (syntax) => {
    const studyUid = newUid();
    const { attrs } = parseInstance(await fs.readFile(await makeInstance(dir, { studyUid, syntax })));
    expect(attrs.studyInstanceUid).toBe(studyUid);
  });

  it('reads a JPEG-baseline instance made by img2dcm', async () => {
    const jpeg = path.join(dir, 'x.jpg');
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().toFile(jpeg);
    const out = path.join(dir, 'x.dcm');
    await execFileAsync('img2dcm', ['-k', `StudyInstanceUID=${newUid()}`, jpeg, out]);
    const { attrs } = parseInstance(await fs.readFile(out));
    expect(attrs.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.50');
  });

  it('refuses a file that is not DICOM', () => {
    expect(codeOf(() => parseInstance(Buffer.from('%PDF-1.7 not an image'.repeat(20))))).toBe('DICOM_INVALID');
  });

  it('refuses a truncated file, wherever it was cut', async () => {
    const whole = await fs.readFile(await makeInstance(dir, { studyUid: newUid() }));
    for (const cut of [140, 300, whole.length - 200, whole.length - 1]) expect(codeOf(() => parseInstance(whole.subarray(0, cut)))).toBe('DICOM_TRUNCATED');
  });

  it('zeroes an executable hidden in the preamble', async () => {
    const whole = await fs.readFile(await makeInstance(dir, { studyUid: newUid() }));
    const hostile = Buffer.from(whole);
    hostile.write('MZ\x90\x00This program cannot be run in DOS mode', 0, 'latin1');
    const { bytes } = parseInstance(hostile);
    expect(bytes.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(128).equals(whole.subarray(128))).toBe(true);
  });

  it('finds the top-level pixel data and still checks every element after it', async () => {
    const whole = await fs.readFile(await makeInstance(dir, { studyUid: newUid(), size: 64 }));
    const explicit = { explicit: true, little: true };
    const pixelTag = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57]); // (7FE0,0010) OW
    expect(walkStructure(whole, metaEnd(whole), explicit)).toEqual({ problem: null, pixelDataAt: whole.indexOf(pixelTag) });
    // (FFFC,FFFC) OB data set trailing padding after the pixels (PS3.10 §7.2): accepted, attributes intact
    const padding = Buffer.concat([Buffer.from([0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0]), Buffer.from([8, 0, 0, 0]), Buffer.alloc(8)]);
    const padded = Buffer.concat([whole, padding]);
    expect(parseInstance(padded).attrs.rows).toBe(64);
    // the same element cut short after the pixels: refused, although indexing never reads past the pixels
    expect(codeOf(() => parseInstance(padded.subarray(0, padded.length - 3)))).toBe('DICOM_TRUNCATED');
  });

  it('refuses a file meta transfer syntax that is not a UID', async () => {
    const whole = await fs.readFile(await makeInstance(dir, { studyUid: newUid() }));
    const ts = Buffer.from('1.2.840.10008.1.2.1');
    const at = whole.indexOf(ts);
    expect(at).toBeGreaterThan(128);
    const hostile = Buffer.from(whole);
    hostile.write('../../etc/passwd.xy', at, 'latin1');
    expect(codeOf(() => parseInstance(hostile))).toBe('DICOM_UID_INVALID');
  });

  it('refuses UIDs with ../ or letters', async () => {
    for (const bad of ['1.2.3/../../etc', '1.2.abc']) {
      const file = await makeInstance(dir, { studyUid: bad });
      expect(codeOf(() => parseInstance(readFileSync(file)))).toBe('DICOM_UID_INVALID');
    }
  });

  it('refuses a PatientName longer than PN allows', async () => {
    const file = await makeInstance(dir, { studyUid: newUid(), patientName: 'A'.repeat(300) });
    expect(codeOf(() => parseInstance(readFileSync(file)))).toBe('DICOM_ATTRIBUTE_INVALID');
  });
});


describe('isValidUid', () => {
  it('accepts digits and dots up to 64 characters only', () => {
    expect(isValidUid('1.2.840.10008.1.2.1')).toBe(true);
    for (const bad of ['', '1..2', '.1', '1.', '1.2.x', '../1', '1'.repeat(65), '1.2\0', '1 2']) expect(isValidUid(bad)).toBe(false);
  });
});
