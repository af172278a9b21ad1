/**
 * De-identification of one DICOM instance under the Basic Application Level Confidentiality Profile
 * (DICOM PS3.15 Annex E, §E.2 and Table E.1-1), without the Retain options (docs/imaging.md
 * "De-identified export"). Rules, strictest first:
 *
 * - private attributes (odd groups), overlays (60xx) and curves (50xx) are removed (Table E.1-1: private
 *   attributes X; Overlay Data / Comments X; Curve Data X);
 * - the attributes of the profile's X rows that identify people, places, devices or the visit are removed;
 *   PatientName and PatientID get a dummy (D), AccessionNumber, StudyID, PatientSex, ReferringPhysicianName
 *   and the type 2 dates/times StudyDate, StudyTime, ContentDate, ContentTime are emptied (Z);
 * - every other person name (PN) and every other date, time or date-time (DA, TM, DT) is removed: the
 *   basic profile without the Retain Longitudinal Temporal Information option keeps no dates;
 * - every UID (UI) except class, transfer syntax and coding scheme UIDs is replaced (U) through one map per
 *   export, so the same original UID — a Study, Series, SOP Instance, Frame of Reference, or a reference to
 *   one (ReferencedSOPInstanceUID…) — gets the same new UID in every instance of the export;
 * - PatientIdentityRemoved = YES, DeidentificationMethod(CodeSequence) = 113100 "Basic Application
 *   Confidentiality Profile", LongitudinalTemporalInformationModified = REMOVED (PS3.15 §E.1.1).
 *
 * Instances with BurnedInAnnotation (0028,0301) = YES are not exported: the basic profile cannot clean
 * pixels (that is the Clean Pixel Data Option, not offered), so they are left out and counted.
 */
import { randomUUID } from 'node:crypto';
import dcmjs, { type DicomDataset, type DicomDict } from 'dcmjs';
import { TS } from './dicom-file.js';

/** Attributes removed (X, or X/Z/D resolved to X) from PS3.15 Table E.1-1 beyond the PN / date rules. */
const REMOVE = new Set([
  '00020016', '00020100', '00020102', // SourceApplicationEntityTitle, PrivateInformationCreatorUID, PrivateInformation
  '00080080', '00080081', '00080082', '00080092', '00080094', '00080096', '0008009D', // institution, referring physician address/phones/ids
  '00080201', '00081010', '00081030', '0008103E', '00081040', '00081041', '00081049', '00081052', '00081062', '00081072',
  '00081080', '00081084', '00081110', '00081111', '00081120', '00082111', '00084000', '0008009C',
  '00100021', '00100024', '00100050', '00100101', '00100102', '00101000', '00101001', '00101002', '00101010', '00101020',
  '00101030', '00101040', '00101050', '00101080', '00101081', '00101090', '00102000', '00102110', '00102150', '00102152',
  '00102154', '00102155', '00102160', '00102180', '001021A0', '001021B0', '001021C0', '001021F0', '00104000', '00100035', '00102203',
  '00181000', '00181002', '00181004', '00181005', '00181007', '00181008', '00181030', '00181400', '00184000', '0018700A', '00189424',
  '00203401', '00203404', '00203406', '00204000', '00209158',
  '00321020', '00321021', '00321030', '00321032', '00321033', '00321060', '00321070', '00324000', '00320012',
  '00380010', '00380011', '00380300', '00380400', '00380500', '00384000',
  '00400241', '00400242', '00400243', '00400253', '00400254', '00400275', '00400280', '00400555', '00401001', '00401004',
  '00401005', '00401010', '00401011', '00401101', '00401102', '00401103', '00401400', '00402001', '00402008', '00402009',
  '00402010', '00402016', '00402017', '00402400', '0040A027', '0040A073', '0040A075', '0040A123', '0040A730', '0040DB0D',
  '00700084', '00880140', '04000561', '30060002', '300A0002', '300A0003', '300A0004', '300E0008',
  '40084000', '4008010C', '4008010A', '40080114', '40080115', '40080118', '40080119', '4008011A', '40080202', '00324000',
]);
/** Type 2 attributes emptied (Z): the IODs require them present. */
const EMPTY = new Set(['00080020', '00080030', '00080023', '00080033', '00080050', '00080090', '00100030', '00100040', '00200010']);
const PATIENT_NAME = '00100010';
const PATIENT_ID = '00100020';
/** UIDs that name a class, a transfer syntax or a coding scheme, not an instance: kept. */
const KEEP_UID = new Set(['00020002', '00020010', '00020012', '00080016', '0008001A', '00080062', '00081150', '0008010C', '00041510', '00041512', '00041511']);
const BURNED_IN = '00280301';
const MAX_DEPTH = 32;

/** Original UID → new UID for one export (PS3.15 §E.1.1: consistently replaced within the set). */
export class UidMap {
  private readonly map = new Map<string, string>();

  get(original: string): string {
    let next = this.map.get(original);
    if (!next) {
      // 2.25 + a random UUID as an integer (PS3.5 §B.2): no link back to the original
      next = `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
      this.map.set(original, next);
    }
    return next;
  }

  get size(): number {
    return this.map.size;
  }
}

export interface DeidentifyOptions {
  uids: UidMap;
  /** Dummy PatientName and PatientID for every instance of the export. */
  patientName: string;
  patientId: string;
}

function isTemporal(vr: string): boolean {
  return vr === 'DA' || vr === 'TM' || vr === 'DT';
}

/** Applies the rules to one data set and, recursively, to the items of its sequences. */
function clean(ds: DicomDataset, o: DeidentifyOptions, depth: number): void {
  for (const tag of Object.keys(ds)) {
    const el = ds[tag]!;
    const group = parseInt(tag.slice(0, 4), 16);
    if (group % 2 === 1 || (group & 0xff00) === 0x6000 || (group & 0xff00) === 0x5000 || REMOVE.has(tag)) {
      delete ds[tag];
    } else if (tag === PATIENT_NAME) {
      ds[tag] = { vr: 'PN', Value: [{ Alphabetic: o.patientName }] };
    } else if (tag === PATIENT_ID) {
      ds[tag] = { vr: 'LO', Value: [o.patientId] };
    } else if (EMPTY.has(tag)) {
      ds[tag] = { vr: el.vr, Value: [] };
    } else if (el.vr === 'PN' || isTemporal(el.vr)) {
      delete ds[tag];
    } else if (el.vr === 'UI' && !KEEP_UID.has(tag)) {
      el.Value = (el.Value ?? []).map((v) => (typeof v === 'string' && v.trim() && !v.startsWith('1.2.840.10008.') ? o.uids.get(v.replace(/[\0 ]+$/, '')) : v));
    } else if (el.vr === 'SQ' && depth < MAX_DEPTH) {
      for (const item of el.Value ?? []) if (item && typeof item === 'object') clean(item as DicomDataset, o, depth + 1);
    } else if (el.vr === 'SQ') {
      delete ds[tag];
    }
  }
}

function cs(vr: string, value: string): DicomDataset[string] {
  return { vr, Value: [value] };
}

/** True when the instance says its pixels carry burned-in identifying annotation. */
export function hasBurnedInAnnotation(dicom: DicomDict): boolean {
  const v = dicom.dict[BURNED_IN]?.Value?.[0];
  return typeof v === 'string' && v.trim().toUpperCase() === 'YES';
}

/**
 * A de-identified Part 10 file of one parsed instance (the parsed object is changed). Deflated and big
 * endian instances are written in explicit VR little endian; others keep their transfer syntax.
 */
export function deidentify(dicom: DicomDict, o: DeidentifyOptions): Buffer {
  clean(dicom.dict, o, 0);
  dicom.dict['00120062'] = cs('CS', 'YES');
  dicom.dict['00120063'] = cs('LO', 'DICOM PS3.15 E.1.1 Basic Application Level Confidentiality Profile');
  dicom.dict['00120064'] = { vr: 'SQ', Value: [{ '00080100': cs('SH', '113100'), '00080102': cs('SH', 'DCM'), '00080104': cs('LO', 'Basic Application Confidentiality Profile') }] };
  dicom.dict['00280303'] = cs('CS', 'REMOVED');
  const meta = dicom.meta;
  for (const tag of Object.keys(meta)) if (REMOVE.has(tag)) delete meta[tag];
  const sop = dicom.dict['00080018']?.Value?.[0];
  if (typeof sop === 'string') meta['00020003'] = cs('UI', sop);
  const syntax = meta['00020010']?.Value?.[0];
  if (syntax === TS.deflated || syntax === TS.explicitBig) meta['00020010'] = cs('UI', TS.explicitLittle);
  return Buffer.from(dicom.write());
}

/** Reads a stored instance for de-identification. */
export function readForDeidentify(bytes: Buffer): DicomDict {
  return dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
}
