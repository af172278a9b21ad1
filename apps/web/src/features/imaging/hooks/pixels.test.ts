import { describe, expect, it } from 'vitest';
import { imageInfo, type ImageInfo, undecodableReason } from './dicom-json';
import { decodeFrame } from './pixels';
import { decodeRle } from './rle';

const base: ImageInfo = {
  sopInstanceUid: '1.2.3', rows: 1, columns: 4, numberOfFrames: 1, bitsAllocated: 16, bitsStored: 16, signed: false,
  samplesPerPixel: 1, photometric: 'MONOCHROME2', slope: 1, intercept: 0, window: null, instanceNumber: 1,
  sliceLocation: null, modality: 'CT', transferSyntaxUid: '1.2.840.10008.1.2.1',
};

function le16(values: number[], signed = false): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => (signed ? v.setInt16(i * 2, x, true) : v.setUint16(i * 2, x, true)));
  return b;
}

describe('frame decoding and modality rescale (PS3.3 C.7.6.3.1, C.11.1.1.2)', () => {
  it('applies slope and intercept to unsigned 16-bit CT pixels into Int16 Hounsfield units', () => {
    const f = decodeFrame(le16([0, 1024, 2048, 4095]), { ...base, bitsStored: 12, intercept: -1024 });
    expect(f.values).toBeInstanceOf(Int16Array);
    expect(Array.from(f.values)).toEqual([-1024, 0, 1024, 3071]);
    expect([f.min, f.max]).toEqual([-1024, 3071]);
  });

  it('reads signed 16-bit values', () => {
    const f = decodeFrame(le16([-2000, -1, 0, 32767], true), { ...base, signed: true });
    expect(Array.from(f.values)).toEqual([-2000, -1, 0, 32767]);
  });

  it('sign-extends signed values with fewer stored bits and ignores bits above Bits Stored', () => {
    // 12 stored bits: 0x0FFF is -1, 0x0800 is -2048; 0xF001 has junk in the top 4 bits and reads as 1
    const f = decodeFrame(le16([0x0fff, 0x0800, 0xf001, 0x07ff]), { ...base, bitsStored: 12, signed: true });
    expect(Array.from(f.values)).toEqual([-1, -2048, 1, 2047]);
  });

  it('reads 8-bit pixels, and keeps fractional rescales as Float32', () => {
    const f = decodeFrame(Uint8Array.from([0, 10, 200, 255]), { ...base, bitsAllocated: 8, bitsStored: 8, slope: 0.5, intercept: 1 });
    expect(f.values).toBeInstanceOf(Float32Array);
    expect(Array.from(f.values)).toEqual([1, 6, 101, 128.5]);
  });

  it('uses Float32 when rescaled integers leave the 16-bit range', () => {
    const f = decodeFrame(le16([0, 65535]).subarray(0, 4), { ...base, columns: 2 });
    expect(f.values).toBeInstanceOf(Float32Array);
    expect(f.max).toBe(65535);
  });

  it('reads big-endian frames', () => {
    const b = Uint8Array.from([0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0]);
    expect(Array.from(decodeFrame(b, base, true).values)).toEqual([256, 1, 0, 0]);
  });

  it('refuses a frame shorter than Rows × Columns', () => {
    expect(() => decodeFrame(new Uint8Array(6), base)).toThrow(/6 bytes, 8 expected/);
  });

  it('reads image attributes from DICOM JSON and says which instances the browser cannot decode', () => {
    const info = imageInfo({
      '00080018': { vr: 'UI', Value: ['1.2.3'] },
      '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.4.50'] },
      '00280010': { vr: 'US', Value: [512] },
      '00280011': { vr: 'US', Value: [256] },
      '00280100': { vr: 'US', Value: [16] },
      '00280103': { vr: 'US', Value: [1] },
      '00280004': { vr: 'CS', Value: ['MONOCHROME1'] },
      '00281052': { vr: 'DS', Value: ['-1024'] },
      '00281050': { vr: 'DS', Value: [40, 50] },
      '00281051': { vr: 'DS', Value: ['400', '500'] },
      '00201041': { vr: 'DS', Value: ['-12.5'] },
    });
    expect(info).toMatchObject({ rows: 512, columns: 256, bitsStored: 16, signed: true, photometric: 'MONOCHROME1', intercept: -1024, slope: 1, window: { center: 40, width: 400 }, sliceLocation: -12.5 });
    expect(undecodableReason(info)).toMatch(/compressed/);
    expect(undecodableReason({ ...info, transferSyntaxUid: '1.2.840.10008.1.2' })).toBeNull();
    expect(undecodableReason({ ...info, photometric: 'MONOCHROME2', transferSyntaxUid: '1.2.840.10008.1.2.5' })).toBeNull();
    expect(undecodableReason({ ...info, photometric: 'MONOCHROME2', bitsAllocated: 8, transferSyntaxUid: '1.2.840.10008.1.2.4.50' })).toBeNull();
    expect(undecodableReason({ ...info, transferSyntaxUid: '1.2.840.10008.1.2.4.90' })).toMatch(/compressed/);
    expect(undecodableReason({ ...base, photometric: 'RGB', samplesPerPixel: 3 })).toMatch(/not monochrome/);
    expect(undecodableReason({ ...base, bitsAllocated: 32 })).toMatch(/32-bit/);
  });
});

describe('RLE Lossless frames (PS3.5 Annex G)', () => {
  /** An RLE frame of 16-bit pixels: two segments (high bytes, low bytes), each one literal run. */
  function rle16(values: number[]): Uint8Array {
    const hi = [values.length - 1, ...values.map((v) => v >> 8)];
    const lo = [values.length - 1, ...values.map((v) => v & 0xff)];
    const header = new Uint8Array(64);
    const h = new DataView(header.buffer);
    h.setUint32(0, 2, true);
    h.setUint32(4, 64, true);
    h.setUint32(8, 64 + hi.length, true);
    return Uint8Array.from([...header, ...hi, ...lo]);
  }

  it('decodes literal runs of a 16-bit frame into little-endian pixels that decode to modality values', () => {
    const bytes = decodeRle(rle16([0, 1024, 4095, 300]), 4, 2);
    const f = decodeFrame(bytes, { ...base, bitsStored: 12, intercept: -1024 });
    expect(Array.from(f.values)).toEqual([-1024, 0, 3071, -724]);
  });

  it('decodes replicate runs and skips the -128 no-op', () => {
    const header = new Uint8Array(64);
    new DataView(header.buffer).setUint32(0, 1, true);
    new DataView(header.buffer).setUint32(4, 64, true);
    // 0x80 no-op; -3 → 4 × 7; literal 2 bytes 1, 2
    const frame = Uint8Array.from([...header, 0x80, 0xfd, 7, 1, 1, 2]);
    expect(Array.from(decodeRle(frame, 6, 1))).toEqual([7, 7, 7, 7, 1, 2]);
  });

  it('refuses a frame whose segments do not fill the image or do not match the bit depth', () => {
    expect(() => decodeRle(rle16([1, 2]), 3, 2)).toThrow(/ends before/);
    expect(() => decodeRle(rle16([1, 2]), 2, 1)).toThrow(/2 segments, 1 expected/);
    expect(() => decodeRle(new Uint8Array(10), 1, 1)).toThrow(/header/);
  });
});
