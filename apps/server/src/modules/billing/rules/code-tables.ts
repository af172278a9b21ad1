/**
 * Code tables the rules refer to: E/M levels (MDM or total time, CPT 2024+ times) and time bands.
 */
import type { Band, EmLevel } from '../rule-types.js';

const em = (codes: readonly string[], times: readonly number[]): EmLevel[] =>
  (['straightforward', 'low', 'moderate', 'high'] as const).map((mdm, i) => ({ code: codes[i] ?? '', mdm, minMinutes: times[i] ?? 0 }));

const NEW_TIMES = [15, 30, 45, 60];
const EST_TIMES = [10, 20, 30, 40];

/** Office/outpatient E/M, CPT 99202-99205 (new) and 99212-99215 (established). */
export const OFFICE_NEW = em(['99202', '99203', '99204', '99205'], NEW_TIMES);
export const OFFICE_EST = em(['99212', '99213', '99214', '99215'], EST_TIMES);
/** CPT 2025 telemedicine E/M: audio-video 98000-98007, audio-only 98008-98015. */
export const TELE_AV_NEW = em(['98000', '98001', '98002', '98003'], NEW_TIMES);
export const TELE_AV_EST = em(['98004', '98005', '98006', '98007'], EST_TIMES);
export const TELE_AO_NEW = em(['98008', '98009', '98010', '98011'], NEW_TIMES);
export const TELE_AO_EST = em(['98012', '98013', '98014', '98015'], EST_TIMES);

export const EM_BELOW = 'neither the MDM level nor the total time reaches the lowest E/M level';

/** Psychotherapy by minutes (CPT time rule). */
export const PSYCHOTHERAPY: readonly Band[] = [
  { min: 16, max: 37, code: '90832' },
  { min: 38, max: 52, code: '90834' },
  { min: 53, code: '90837' },
];
/** Online digital E/M by cumulative minutes over 7 days. */
export const ONLINE_EM: readonly Band[] = [
  { min: 5, max: 10, code: '99421' },
  { min: 11, max: 20, code: '99422' },
  { min: 21, code: '99423' },
];
export const ONLINE_QHP: readonly Band[] = [
  { min: 5, max: 10, code: '98970' },
  { min: 11, max: 20, code: '98971' },
  { min: 21, code: '98972' },
];
/** Interprofessional consultation with verbal and written report, by consult minutes. */
export const INTERPROF_VERBAL: readonly Band[] = [
  { min: 5, max: 10, code: '99446' },
  { min: 11, max: 20, code: '99447' },
  { min: 21, max: 30, code: '99448' },
  { min: 31, code: '99449' },
];
/** The same for practitioners without E/M benefit (Medicare, CY2025+). */
export const INTERPROF_VERBAL_G: readonly Band[] = [
  { min: 5, max: 10, code: 'G0546' },
  { min: 11, max: 20, code: 'G0547' },
  { min: 21, max: 30, code: 'G0548' },
  { min: 31, code: 'G0549' },
];
