import dcmjs, { type DicomDataset, type DicomDict } from 'dcmjs';
import { AppError } from '../../platform/errors.js';
import { metaEnd, metaTransferSyntax, StructureError, walkStructure } from './dicom-structure.js';

dcmjs.log.setLevel('silent');

/** Transfer syntaxes (DICOM PS3.5 §10, Annex A) the element walker needs to know about. */
export const TS = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
} as const;

/** An ArrayBuffer from dcmjs (checked by tag, not `instanceof`, which fails across realms). */
export function isArrayBuffer(v: unknown): v is ArrayBuffer {
  return Object.prototype.toString.call(v) === '[object ArrayBuffer]';
}

const UID = /^[0-9]+(\.[0-9]+)*$/;

/**
 * A UID as DICOM PS3.5 §9.1 allows it: digits and dots, at most 64 characters. Anything else — `../`,
 * letters, an empty component — is refused before it can reach a query or a log.
 */
export function isValidUid(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 64 && UID.test(v);
}

/** The indexed attributes of one instance. Strings are trimmed; absent values are null. */
export interface InstanceAttributes {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  patientId: string | null;
  patientName: string | null;
  patientBirthDate: string | null;
  patientSex: string | null;
  studyDate: string | null;
  studyTime: string | null;
  accessionNumber: string | null;
  studyDescription: string | null;
  referringPhysician: string | null;
  studyId: string | null;
  modality: string | null;
  seriesNumber: number | null;
  seriesDescription: string | null;
  instanceNumber: number | null;
  rows: number | null;
  columns: number | null;
  numberOfFrames: number | null;
}

export interface ParsedInstance {
  /** The file as received with its 128-byte preamble zeroed (CVE-2019-11687): what is stored and served. */
  bytes: Buffer;
  attrs: InstanceAttributes;
  /** The file meta and the data set up to (not including) the top-level Pixel Data. */
  dicom: DicomDict;
}

/** Longest value per attribute (DICOM PS3.5 §6.2 VR lengths; PN: 64 characters per component group). */
const MAX_LENGTH: Partial<Record<keyof InstanceAttributes, number>> = {
  patientId: 64,
  patientName: 64 * 3 + 2,
  patientBirthDate: 8,
  patientSex: 16,
  studyDate: 8,
  studyTime: 16,
  accessionNumber: 16,
  studyDescription: 64,
  referringPhysician: 64 * 3 + 2,
  studyId: 16,
  modality: 16,
  seriesDescription: 64,
};

/**
 * Parses and checks one DICOM Part 10 file (PS3.10 §7.1): the "DICM" prefix, a whole element structure,
 * valid UIDs that agree between the file meta and the data set, attribute lengths. Never trusts the
 * preamble: the returned bytes have it zeroed.
 * @throws AppError DICOM_INVALID, DICOM_TRUNCATED, DICOM_UID_INVALID or DICOM_ATTRIBUTE_INVALID
 */
export function parseInstance(input: Buffer): ParsedInstance {
  if (input.length < 132 || input.toString('latin1', 128, 132) !== 'DICM') throw new AppError('DICOM_INVALID');
  const bytes = Buffer.from(input);
  bytes.fill(0, 0, 128);
  const { dicom, transferSyntaxUid } = readWhole(bytes);
  const attrs = attributesOf(dicom, transferSyntaxUid);
  return { bytes, attrs, dicom };
}

/**
 * Reads the file meta and the data set up to its top-level Pixel Data: the element walker checks the whole
 * structure (every element, item and fragment in bounds) and finds where the pixels start, so the parser
 * never copies the pixel values, which indexing does not need (they are stored and served as received).
 * A deflated data set cannot be walked before inflating: dcmjs reads it whole.
 */
function readWhole(bytes: Buffer): { dicom: DicomDict; transferSyntaxUid: string } {
  let end: number;
  try {
    end = metaEnd(bytes);
  } catch (err) {
    if (err instanceof StructureError) throw new AppError('DICOM_TRUNCATED');
    throw err;
  }
  const transferSyntaxUid = metaTransferSyntax(bytes);
  if (!isValidUid(transferSyntaxUid)) throw new AppError('DICOM_UID_INVALID', 'The file meta information names no valid transfer syntax.');
  if (transferSyntaxUid === TS.deflated) return { dicom: readDicom(bytes, bytes.length), transferSyntaxUid };
  const syntax = { explicit: transferSyntaxUid !== TS.implicitLittle, little: transferSyntaxUid !== TS.explicitBig };
  const { problem, pixelDataAt } = walkStructure(bytes, end, syntax);
  if (problem) throw new AppError('DICOM_TRUNCATED', problem === 'truncated' ? 'The DICOM file is truncated.' : 'The DICOM element structure is malformed.');
  return { dicom: readDicom(bytes, pixelDataAt ?? bytes.length), transferSyntaxUid };
}

/** dcmjs's reading of `bytes[0, end)` (a copy: dcmjs wants an ArrayBuffer of its own). */
function readDicom(bytes: Buffer, end: number): DicomDict {
  try {
    return dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + end) as ArrayBuffer, { ignoreErrors: false });
  } catch {
    throw new AppError('DICOM_TRUNCATED', 'The DICOM file could not be parsed.');
  }
}

function text(ds: DicomDataset, tag: string): string | null {
  const v = ds[tag]?.Value?.[0];
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') {
    const alpha = (v as { Alphabetic?: unknown }).Alphabetic;
    return typeof alpha === 'string' ? alpha.replace(/[\0 ]+$/, '') || null : null;
  }
  const s = (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '').replace(/^[\0 ]+|[\0 ]+$/g, '');
  return s === '' ? null : s;
}

function int(ds: DicomDataset, tag: string): number | null {
  const s = text(ds, tag);
  if (s === null) return null;
  const v = Number(s);
  return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? v : null;
}

function attributesOf(dicom: DicomDict, transferSyntaxUid: string): InstanceAttributes {
  const d = dicom.dict;
  const uids = {
    studyInstanceUid: text(d, '0020000D'),
    seriesInstanceUid: text(d, '0020000E'),
    sopInstanceUid: text(d, '00080018'),
    sopClassUid: text(d, '00080016'),
  };
  for (const [name, v] of Object.entries(uids)) {
    if (!isValidUid(v)) throw new AppError('DICOM_UID_INVALID', `${name} is missing or not a valid UID.`);
  }
  const metaSop = text(dicom.meta, '00020003');
  if (metaSop !== null && metaSop !== uids.sopInstanceUid) throw new AppError('DICOM_UID_INVALID', 'The file meta SOP Instance UID differs from the data set.');
  const attrs: InstanceAttributes = {
    ...(uids as { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string; sopClassUid: string }),
    transferSyntaxUid,
    patientId: text(d, '00100020'),
    patientName: text(d, '00100010'),
    patientBirthDate: text(d, '00100030'),
    patientSex: text(d, '00100040'),
    studyDate: text(d, '00080020'),
    studyTime: text(d, '00080030'),
    accessionNumber: text(d, '00080050'),
    studyDescription: text(d, '00081030'),
    referringPhysician: text(d, '00080090'),
    studyId: text(d, '00200010'),
    modality: text(d, '00080060'),
    seriesNumber: int(d, '00200011'),
    seriesDescription: text(d, '0008103E'),
    instanceNumber: int(d, '00200013'),
    rows: int(d, '00280010'),
    columns: int(d, '00280011'),
    numberOfFrames: int(d, '00280008'),
  };
  for (const [key, max] of Object.entries(MAX_LENGTH)) {
    const v = attrs[key as keyof InstanceAttributes];
    if (typeof v === 'string' && v.length > max) throw new AppError('DICOM_ATTRIBUTE_INVALID', `${key} is longer than ${max} characters.`);
  }
  if (attrs.studyDate !== null && !/^\d{8}$/.test(attrs.studyDate)) attrs.studyDate = null;
  return attrs;
}
