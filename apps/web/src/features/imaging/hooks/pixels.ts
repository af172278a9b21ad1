import type { ImageInfo } from './dicom-json';

/** One frame as modality values (Hounsfield units for CT) with their range. */
export interface ModalityFrame {
  /** Int16Array when the rescaled values are integers within 16 bits (CT), else Float32Array. */
  values: Int16Array | Float32Array;
  min: number;
  max: number;
  rows: number;
  columns: number;
}

/**
 * Native pixel data of one frame → modality values (PS3.3 C.7.6.3.1: Bits Stored, Pixel Representation;
 * C.11.1.1.2: value × Rescale Slope + Rescale Intercept).
 *
 * @param bytes - the frame as WADO-RS `/frames/{n}` returns it (application/octet-stream)
 * @param info - the instance's image attributes
 * @param bigEndian - Explicit VR Big Endian (retired, PS3.5 §A.3)
 */
export function decodeFrame(bytes: Uint8Array, info: ImageInfo, bigEndian = false): ModalityFrame {
  const n = info.rows * info.columns;
  const size = info.bitsAllocated / 8;
  if (bytes.byteLength < n * size) throw new Error(`frame has ${bytes.byteLength} bytes, ${n * size} expected`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * size);
  const bitsStored = Math.min(Math.max(info.bitsStored, 1), info.bitsAllocated);
  const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
  const signBit = 1 << (bitsStored - 1);
  const { slope, intercept } = info;
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = size === 1 ? view.getUint8(i) : view.getUint16(i * 2, !bigEndian);
    v &= mask;
    if (info.signed && v & signBit) v -= 1 << bitsStored;
    raw[i] = v;
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = raw[i]! * slope + intercept;
    raw[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) min = max = 0;
  const integral = Number.isInteger(slope) && Number.isInteger(intercept) && min >= -32768 && max <= 32767;
  const values = integral ? new Int16Array(n) : new Float32Array(n);
  values.set(raw);
  return { values, min, max, rows: info.rows, columns: info.columns };
}
