/**
 * Reading DICOM JSON (PS3.18 §F.2) as QIDO-RS and WADO-RS /metadata answer it: values by tag, person
 * names, and the image attributes the viewer needs to turn a frame's bytes into modality values.
 */

export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
}
export type DicomJson = Record<string, DicomJsonAttribute | undefined>;

/** Transfer syntaxes whose frames arrive as native (uncompressed) pixel data (PS3.5 §10). */
export const NATIVE_SYNTAXES: Record<string, 'little' | 'big'> = {
  '1.2.840.10008.1.2': 'little',
  '1.2.840.10008.1.2.1': 'little',
  // deflate applies to the data set; WADO-RS frames of a deflated instance are the inflated pixel data
  '1.2.840.10008.1.2.1.99': 'little',
  '1.2.840.10008.1.2.2': 'big',
};

/** Compressed transfer syntaxes the browser decodes itself: RLE Lossless and 8-bit JPEG baseline. */
export const BROWSER_CODECS: Record<string, 'rle' | 'jpeg'> = {
  '1.2.840.10008.1.2.5': 'rle',
  '1.2.840.10008.1.2.4.50': 'jpeg',
};

/** @returns the first value of `tag` as text (a PN as its alphabetic form), or null. */
export function text(ds: DicomJson, tag: string): string | null {
  const v = ds[tag]?.Value?.[0];
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') {
    const alphabetic = (v as { Alphabetic?: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : null;
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : null;
}

/** @returns value number `index` of `tag` as a finite number (DS and IS arrive as numbers or strings), or null. */
export function num(ds: DicomJson, tag: string, index = 0): number | null {
  const v = ds[tag]?.Value?.[index];
  if (v === undefined || v === null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A person name for display: `Doe^Jane` → `Doe, Jane`. */
export function personName(ds: DicomJson, tag: string): string | null {
  const pn = text(ds, tag);
  if (pn === null) return null;
  const [family = '', given = ''] = pn.split('^');
  return given ? `${family}, ${given}` : family;
}

/** What it takes to decode and show one instance's frames (PS3.3 C.7.6.3 Image Pixel, C.11.1 Modality LUT). */
export interface ImageInfo {
  sopInstanceUid: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  samplesPerPixel: number;
  photometric: string;
  slope: number;
  intercept: number;
  /** The instance's own VOI window (the first, when several are given), or null. */
  window: { center: number; width: number } | null;
  instanceNumber: number | null;
  sliceLocation: number | null;
  modality: string | null;
  transferSyntaxUid: string | null;
}

/** @returns the image attributes of an instance's metadata. */
export function imageInfo(ds: DicomJson): ImageInfo {
  const center = num(ds, '00281050');
  const width = num(ds, '00281051');
  return {
    sopInstanceUid: text(ds, '00080018') ?? '',
    rows: num(ds, '00280010') ?? 0,
    columns: num(ds, '00280011') ?? 0,
    numberOfFrames: num(ds, '00280008') ?? 1,
    bitsAllocated: num(ds, '00280100') ?? 0,
    bitsStored: num(ds, '00280101') ?? num(ds, '00280100') ?? 0,
    signed: num(ds, '00280103') === 1,
    samplesPerPixel: num(ds, '00280002') ?? 1,
    photometric: (text(ds, '00280004') ?? '').trim(),
    slope: num(ds, '00281053') ?? 1,
    intercept: num(ds, '00281052') ?? 0,
    window: center !== null && width !== null && width > 0 ? { center, width } : null,
    instanceNumber: num(ds, '00200013'),
    sliceLocation: num(ds, '00201041'),
    modality: text(ds, '00080060'),
    transferSyntaxUid: text(ds, '00020010'),
  };
}

/**
 * @returns why the browser cannot decode this instance's frames itself (the viewer then asks the server
 * for rendered images), or null when it can: native 8- or 16-bit monochrome.
 */
export function undecodableReason(info: ImageInfo): string | null {
  const ts = info.transferSyntaxUid;
  const codec = ts === null ? undefined : BROWSER_CODECS[ts];
  if (ts !== null && !(ts in NATIVE_SYNTAXES) && !(codec === 'rle' || (codec === 'jpeg' && info.bitsAllocated === 8))) return `compressed (transfer syntax ${ts})`;
  if (info.samplesPerPixel !== 1 || !/^MONOCHROME[12]$/.test(info.photometric)) return `not monochrome (${info.photometric || 'unknown'})`;
  if (info.bitsAllocated !== 8 && info.bitsAllocated !== 16) return `${info.bitsAllocated}-bit pixels`;
  if (info.rows <= 0 || info.columns <= 0) return 'no image size';
  return null;
}
