import { AppError } from '../../../platform/errors.js';
import { isValidUid } from '../dicom-file.js';

/** Matching keys this server supports (PS3.18 §10.6.1.2), by keyword and by tag. */
const KEYS: Record<string, string> = {
  StudyInstanceUID: '0020000D',
  PatientID: '00100020',
  PatientName: '00100010',
  StudyDate: '00080020',
  AccessionNumber: '00080050',
  ModalitiesInStudy: '00080061',
  StudyDescription: '00081030',
  SeriesInstanceUID: '0020000E',
  Modality: '00080060',
  SOPInstanceUID: '00080018',
  SOPClassUID: '00080016',
};
const BY_TAG = Object.fromEntries(Object.entries(KEYS).map(([k, t]) => [t, k]));
/** Control characters and the DICOM value delimiter `\`, refused in any matching value. */
const isRefusedChar = (v: string): boolean => [...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || c === '\\');

export interface QidoQuery {
  uids: Partial<Record<'StudyInstanceUID' | 'SeriesInstanceUID' | 'SOPInstanceUID' | 'SOPClassUID', string[]>>;
  /** SQL LIKE patterns (wildcards translated, LIKE metacharacters escaped with `\`) or exact values. */
  text: Partial<Record<'PatientID' | 'PatientName' | 'AccessionNumber' | 'StudyDescription', { like: string } | { eq: string }>>;
  modalities: string[] | null;
  modality: string[] | null;
  studyDate: { from: string | null; to: string | null } | null;
  limit: number;
  offset: number;
  /** Keys given but not supported: ignored, and named in a Warning header (PS3.18 §8.3.4.1). */
  ignored: string[];
}

const bad = (detail: string) => new AppError('DICOMWEB_QUERY_INVALID', detail);

/**
 * Turns QIDO-RS query parameters into a checked query. Values only ever reach SQL as bound parameters;
 * here they are validated (UIDs, DA ranges, lengths) and DICOM wildcards `*` `?` (PS3.4 C.2.2.2.4) become
 * LIKE patterns with `%`, `_` and `\` in the value escaped.
 */
export function parseQidoQuery(raw: Record<string, unknown>): QidoQuery {
  const q: QidoQuery = { uids: {}, text: {}, modalities: null, modality: null, studyDate: null, limit: 100, offset: 0, ignored: [] };
  for (const [name, value] of Object.entries(raw)) {
    const values = (Array.isArray(value) ? value : [value]).map(String);
    const v = values.join(',');
    if (name === 'limit') q.limit = intParam(v, 1, 1000, name);
    else if (name === 'offset') q.offset = intParam(v, 0, 1_000_000, name);
    else if (name === 'includefield') checkIncludeField(values);
    else if (name === 'fuzzymatching') {
      if (v !== 'false' && v !== 'true') throw bad('fuzzymatching must be true or false.');
    } else {
      const key = KEYS[name] ? name : BY_TAG[name.toUpperCase()];
      if (!key) q.ignored.push(name.slice(0, 64).replace(/[^A-Za-z0-9]/g, ''));
      else matchKey(q, key, v);
    }
  }
  return q;
}

function intParam(v: string, min: number, max: number, name: string): number {
  if (!/^\d{1,7}$/.test(v) || Number(v) < min || Number(v) > max) throw bad(`${name} must be an integer from ${min} to ${max}.`);
  return Number(v);
}

function checkIncludeField(values: string[]): void {
  for (const f of values.flatMap((x) => x.split(','))) {
    if (f !== 'all' && !/^[0-9A-Fa-f]{8}$/.test(f) && !/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(f)) throw bad('includefield must name attributes by keyword or tag.');
  }
}

function matchKey(q: QidoQuery, key: string, v: string): void {
  if (v.length > 1024 || isRefusedChar(v)) throw bad(`${key} is too long or holds control characters.`);
  switch (key) {
    case 'StudyInstanceUID':
    case 'SeriesInstanceUID':
    case 'SOPInstanceUID':
    case 'SOPClassUID': {
      const list = v.split(',');
      if (list.length > 100 || !list.every(isValidUid)) throw bad(`${key} must be a UID or a comma-separated list of UIDs.`);
      q.uids[key] = list;
      return;
    }
    case 'StudyDate':
      q.studyDate = dateRange(v);
      return;
    case 'ModalitiesInStudy':
    case 'Modality': {
      const list = v.split(',');
      if (!list.every((m) => /^[A-Z0-9_ ]{1,16}$/.test(m))) throw bad(`${key} must be modality codes.`);
      if (key === 'Modality') q.modality = list;
      else q.modalities = list;
      return;
    }
    default:
      if (v.length > 64 * 3 + 2) throw bad(`${key} is too long.`);
      q.text[key as keyof QidoQuery['text']] = wildcard(v);
  }
}

/** DA range matching (PS3.4 C.2.2.2.5): `D`, `D1-D2`, `-D`, `D-`. */
function dateRange(v: string): { from: string | null; to: string | null } {
  const m = /^(\d{8})?(-)?(\d{8})?$/.exec(v);
  if (!m || (!m[1] && !m[3])) throw bad('StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD.');
  const from = m[1] ?? null;
  const to = m[2] ? (m[3] ?? null) : from;
  if (from && to && from > to) throw bad('StudyDate range ends before it starts.');
  return { from, to };
}

function wildcard(v: string): { like: string } | { eq: string } {
  if (!/[*?]/.test(v)) return { eq: v };
  if ((v.match(/[*?]/g) ?? []).length > 8) throw bad('Too many wildcards.');
  return { like: v.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_') };
}
