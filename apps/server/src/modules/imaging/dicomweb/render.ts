import sharp from 'sharp';
import type { DicomDataset } from 'dcmjs';
import { AppError } from '../../../platform/errors.js';
import { isArrayBuffer, TS } from '../dicom-file.js';

export interface Window {
  center: number;
  width: number;
}

const num = (ds: DicomDataset, tag: string): number | null => {
  const v = Number(ds[tag]?.Value?.[0]);
  return Number.isFinite(v) ? v : null;
};

/** The `window` query parameter (PS3.18 §8.3.5.1.4): `center,width[,function]`, linear only. */
export function parseWindow(v: string | undefined): Window | null {
  if (v === undefined) return null;
  const m = /^(-?\d{1,6}(?:\.\d{1,6})?),(\d{1,6}(?:\.\d{1,6})?)(?:,(linear|LINEAR))?$/.exec(v);
  if (!m || Number(m[2]) <= 0) throw new AppError('DICOMWEB_QUERY_INVALID', 'window must be center,width[,linear] with a positive width.');
  return { center: Number(m[1]), width: Number(m[2]) };
}

/**
 * Renders one frame of an uncompressed monochrome 8- or 16-bit instance to PNG or JPEG (PS3.18 §8.3.5.1):
 * modality rescale, the linear VOI window (PS3.3 C.11.2.1.2; the request's, else the instance's, else the
 * pixel range), MONOCHROME1 inverted. Anything else is not renderable here (406).
 * @param maxSide - scale down to fit (thumbnails); null keeps full resolution
 */
export async function renderFrame(dict: DicomDataset, transferSyntaxUid: string, frame: number, type: 'image/png' | 'image/jpeg', win: Window | null, maxSide: number | null): Promise<Buffer> {
  const rows = num(dict, '00280010');
  const cols = num(dict, '00280011');
  const bits = num(dict, '00280100');
  const pi = dict['00280004']?.Value?.[0];
  const photometric = typeof pi === 'string' ? pi.trim() : '';
  const samples = num(dict, '00280002') ?? 1;
  const uncompressed = transferSyntaxUid === TS.explicitLittle || transferSyntaxUid === TS.implicitLittle || transferSyntaxUid === TS.deflated;
  if (!rows || !cols || (bits !== 8 && bits !== 16) || samples !== 1 || !/^MONOCHROME[12]$/.test(photometric) || !uncompressed) {
    throw new AppError('DICOMWEB_NOT_ACCEPTABLE', 'Only uncompressed 8- or 16-bit monochrome images are rendered.');
  }
  const pixelData = dict['7FE00010']?.Value?.[0];
  if (!isArrayBuffer(pixelData)) throw new AppError('DICOMWEB_NOT_ACCEPTABLE', 'The instance has no pixel data.');
  const bytes = bits / 8;
  const frameSize = rows * cols * bytes;
  const start = (frame - 1) * frameSize;
  if (frame < 1 || start + frameSize > pixelData.byteLength) throw new AppError('FRAME_NOT_FOUND');
  const signed = num(dict, '00280103') === 1;
  const view = new DataView(pixelData, start, frameSize);
  const read = (i: number) => (bytes === 1 ? (signed ? view.getInt8(i) : view.getUint8(i)) : signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true));
  const slope = num(dict, '00281053') ?? 1;
  const intercept = num(dict, '00281052') ?? 0;
  const n = rows * cols;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = read(i) * slope + intercept;
  const w = win ?? instanceWindow(dict) ?? rangeWindow(values);
  const out = Buffer.alloc(n);
  const low = w.center - 0.5 - (w.width - 1) / 2;
  const span = Math.max(w.width - 1, 1);
  const invert = photometric === 'MONOCHROME1';
  for (let i = 0; i < n; i++) {
    const g = Math.round(Math.min(Math.max((values[i]! - low) / span, 0), 1) * 255);
    out[i] = invert ? 255 - g : g;
  }
  let img = sharp(out, { raw: { width: cols, height: rows, channels: 1 } });
  if (maxSide) img = img.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  return type === 'image/png' ? img.png().toBuffer() : img.jpeg({ quality: 90 }).toBuffer();
}

function instanceWindow(dict: DicomDataset): Window | null {
  const center = num(dict, '00281050');
  const width = num(dict, '00281051');
  return center !== null && width !== null && width > 0 ? { center, width } : null;
}

function rangeWindow(values: Float64Array): Window {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { center: (min + max) / 2, width: Math.max(max - min, 1) };
}
