// @ts-check
/**
 * DICOM test data for the imaging benchmarks, made with dcmtk: `dump2dcm` writes one CT instance template
 * (16-bit monochrome, explicit VR little endian) whose identifying values are placeholders of fixed length;
 * every instance of a study is a byte copy with the placeholders overwritten (UIDs, patient, date,
 * instance number) — a valid, distinct instance without running dcmtk thousands of times.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** UIDs are this long (even, so no padding byte): the placeholders and every generated UID. */
const UID_LEN = 44;
const ROOT_UID = '1.2.826.0.1.3680043.10.1137.';
const PH = {
  study: `${ROOT_UID}${'1'.repeat(UID_LEN - ROOT_UID.length)}`,
  series: `${ROOT_UID}${'2'.repeat(UID_LEN - ROOT_UID.length)}`,
  sop: `${ROOT_UID}${'3'.repeat(UID_LEN - ROOT_UID.length)}`,
  patientName: 'PLACEHOLDER^PATIENTNAME^', // 24
  patientId: 'PIDPLACEHOLD', // 12
  accession: 'ACCPLACEHOLD', // 12
  studyDate: '19000102',
  instanceNumber: '987654', // 6
};

/** A fresh UID of UID_LEN characters under the benchmark's root (digits, no leading zero after a dot). */
export function newUid() {
  let digits = '1';
  while (digits.length < UID_LEN - ROOT_UID.length) digits += String(randomBytes(4).readUInt32BE() % 10);
  return `${ROOT_UID}${digits}`;
}

/**
 * @typedef {object} Template
 * @property {Buffer} bytes - the Part 10 file dump2dcm wrote
 * @property {Record<keyof typeof PH, number[]>} offsets - where each placeholder sits in `bytes`
 * @property {number} size - rows = columns
 */

/**
 * Writes the template with dump2dcm and finds its placeholders.
 * @param {string} dir - a scratch directory
 * @param {number} size - rows and columns (512: a CT slice of ~0.5 MB)
 * @returns {Template}
 */
export function makeTemplate(dir, size) {
  const raw = Buffer.alloc(size * size * 2);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) raw.writeUInt16LE((x * 7 + y * 3 + ((x * y) >> 6)) % 4096, (y * size + x) * 2);
  const base = path.join(dir, `template-${size}`);
  fs.writeFileSync(`${base}.raw`, raw);
  const dump = [
    '(0008,0016) UI =CTImageStorage',
    `(0008,0018) UI ${PH.sop}`,
    `(0008,0020) DA ${PH.studyDate}`,
    '(0008,0030) TM 101500',
    `(0008,0050) SH ${PH.accession}`,
    '(0008,0060) CS CT',
    '(0008,1030) LO Bench CT chest',
    `(0010,0010) PN ${PH.patientName}`,
    `(0010,0020) LO ${PH.patientId}`,
    '(0010,0030) DA 19600101',
    '(0010,0040) CS F',
    `(0020,000d) UI ${PH.study}`,
    `(0020,000e) UI ${PH.series}`,
    '(0020,0010) SH 1',
    '(0020,0011) IS 1',
    `(0020,0013) IS ${PH.instanceNumber}`,
    '(0028,0002) US 1',
    '(0028,0004) CS MONOCHROME2',
    `(0028,0010) US ${size}`,
    `(0028,0011) US ${size}`,
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
  fs.writeFileSync(`${base}.dump`, dump);
  execFileSync('dump2dcm', ['--write-file', `${base}.dump`, `${base}.dcm`]);
  const bytes = fs.readFileSync(`${base}.dcm`);
  const pixelStart = bytes.length - raw.length;
  /** @type {Record<string, number[]>} */
  const offsets = {};
  for (const [key, value] of Object.entries(PH)) {
    const needle = Buffer.from(value);
    const found = [];
    for (let i = bytes.indexOf(needle); i >= 0 && i < pixelStart; i = bytes.indexOf(needle, i + 1)) found.push(i);
    const expected = key === 'sop' ? 2 : 1; // the SOP Instance UID is in the file meta header too
    if (found.length !== expected) throw new Error(`template: placeholder ${key} found ${found.length} times`);
    offsets[key] = found;
  }
  return { bytes, offsets: /** @type {Template['offsets']} */ (offsets), size };
}

/**
 * @typedef {object} InstanceValues
 * @property {string} study @property {string} series @property {string} sop
 * @property {string} patientName @property {string} patientId @property {string} accession
 * @property {string} studyDate - YYYYMMDD
 * @property {number} instanceNumber
 */

/** @param {string} value @param {number} len */
function fit(value, len) {
  if (value.length > len) throw new Error(`value too long for its placeholder: ${value}`);
  return value.padEnd(len, ' ');
}

/**
 * One instance: a copy of the template with its values written over the placeholders, and a few pixels
 * changed so that no two instances are byte-identical.
 * @param {Template} t
 * @param {InstanceValues} v
 */
export function instance(t, v) {
  const out = Buffer.from(t.bytes);
  /** @param {keyof typeof PH} key @param {string} value */
  const put = (key, value) => {
    for (const at of t.offsets[key]) out.write(fit(value, PH[key].length), at, 'latin1');
  };
  put('study', v.study);
  put('series', v.series);
  put('sop', v.sop);
  put('patientName', v.patientName);
  put('patientId', v.patientId);
  put('accession', v.accession);
  put('studyDate', v.studyDate);
  put('instanceNumber', String(v.instanceNumber));
  out.writeUInt32LE(v.instanceNumber, out.length - 4);
  return out;
}

/**
 * Writes a one-series study of `count` instances into `dir` (created) and returns the file paths.
 * @param {Template} t
 * @param {string} dir
 * @param {number} count
 * @param {Partial<InstanceValues>} [fixed]
 */
export function writeStudy(t, dir, count, fixed = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const study = newUid();
  const series = newUid();
  /** @type {string[]} */
  const files = [];
  for (let i = 1; i <= count; i++) {
    const file = path.join(dir, `${String(i).padStart(6, '0')}.dcm`);
    const values = { study, series, sop: newUid(), patientName: 'Bench^Study', patientId: 'BENCH0000001', accession: 'A0000001', studyDate: '20260110', instanceNumber: i, ...fixed };
    fs.writeFileSync(file, instance(t, values));
    files.push(file);
  }
  return { studyUid: study, files };
}

const FAMILY = ['Anderson', 'Bear', 'Chavez', 'Dubois', 'Eagleheart', 'Fischer', 'Garcia', 'Hansen', 'Ironcloud', 'Johnson', 'Kowalski', 'Larsen', 'Martinez', 'Nguyen', 'Olson', 'Peterson', 'Quinn', 'Runningwolf', 'Schmidt', 'Thompson'];
const GIVEN = ['Ada', 'Ben', 'Carmen', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kateri', 'Liam', 'Maya', 'Noah'];

/**
 * The g-th of many small single-instance studies, spread deterministically over patient names and five
 * years of study dates (2022–2026), so date-range and name-wildcard searches select realistic fractions.
 * @param {number} g
 * @returns {Omit<InstanceValues, 'study' | 'series' | 'sop'>}
 */
export function searchStudyValues(g) {
  const day = new Date(Date.UTC(2022, 0, 1) + ((g * 37) % 1826) * 86_400_000);
  return {
    patientName: `${FAMILY[(g * 13) % FAMILY.length]}^${GIVEN[(g * 7) % GIVEN.length]}`,
    patientId: `P${String(g).padStart(9, '0')}`,
    accession: `S${String(g).padStart(9, '0')}`,
    studyDate: day.toISOString().slice(0, 10).replace(/-/g, ''),
    instanceNumber: 1,
  };
}
