/**
 * Communication technology-based services: virtual check-ins, store-and-forward review of images, online
 * digital E/M over 7 days, and interprofessional consultations, with their look-back and look-ahead bundling
 * (24 hours, 7 days, 14 days). Not Medicare telehealth services: billed at the practice's usual POS.
 */
import type { Rule } from '../rule-types.js';
import { INTERPROF_VERBAL, INTERPROF_VERBAL_G, ONLINE_EM, ONLINE_QHP } from './code-tables.js';
import { ASYNC_IMAGES, EM_PRACTITIONERS, PORTAL, SYNC, type Period } from './period.js';
import { SRC } from './sources.js';

/** medicare: CMS codes and consent rules; cpt: CPT codes only (99421-99423 for images); legacy: HCPCS G2010 accepted. */
export type CommStyle = 'medicare' | 'cpt' | 'legacy';

const VCI = ['virtual_check_in'] as const;
const SAF = ['store_and_forward_review'] as const;
const ONLINE = ['online_digital_em'] as const;
const IPC = ['interprofessional_consultation'] as const;

function established(p: Period, id: string, services: Rule['services'], source: string): Rule {
  return { id, ...p, source, services, when: { patientStatus: 'new' }, then: { notBillable: 'only for an established patient' } };
}

/** Brief check-in: 98016 (5-10 min); Medicare also G2252 (11-20 min). */
export function virtualCheckIn(p: Period, style: CommStyle): Rule[] {
  const pre = `${style}.vci`;
  const src = style === 'medicare' ? `${SRC.cpt98016}; ${SRC.g2252}` : SRC.cpt98016;
  const bands = style === 'medicare'
    ? [{ min: 5, max: 10, code: '98016' }, { min: 11, code: 'G2252' }]
    : [{ min: 5, max: 10, code: '98016' }];
  return [
    { id: `${pre}.modality`, ...p, source: src, services: VCI, when: { modality: { notIn: SYNC } }, then: { notBillable: 'a virtual check-in is a synchronous audio or video communication' } },
    established(p, `${pre}.established`, VCI, src),
    { id: `${pre}.patient-initiated`, ...p, source: src, services: VCI, when: { patientInitiated: false }, then: { notBillable: 'a virtual check-in must be initiated by the patient' } },
    ...(style === 'medicare'
      ? [{ id: `${pre}.consent`, ...p, source: SRC.g2252, services: VCI, when: { verbalConsentDocumented: false }, then: { notBillable: 'the patient\'s verbal consent must be documented' } } satisfies Rule]
      : []),
    { id: `${pre}.prior-em-7d`, ...p, source: src, services: VCI, when: { relatedEmWithinPrior7Days: true }, then: { notBillable: 'related to an E/M service in the previous 7 days: bundled into that service' } },
    { id: `${pre}.followed-24h`, ...p, source: src, services: VCI, when: { emVisitFollowedWithin24h: true }, then: { notBillable: 'led to an E/M visit within 24 hours: bundled into that visit' } },
    ...(style === 'medicare' ? [] : [{ id: `${pre}.over-10`, ...p, source: SRC.cptTele, services: VCI, when: { medicalDiscussionMinutes: { gt: 10 } }, then: { notBillable: 'more than 10 minutes of medical discussion: report an audio-only E/M instead of 98016' } } satisfies Rule]),
    { id: `${pre}.line`, ...p, source: src, services: VCI,
      then: { line: { code: { fact: 'medicalDiscussionMinutes', bands, belowReason: 'under 5 minutes of medical discussion' }, pos: 'usual' } } },
  ];
}

/** Review of images the patient sent: G2010 (Medicare, legacy) or 99421-99423 (CPT profiles). */
export function storeAndForward(p: Period, style: CommStyle): Rule[] {
  const pre = `${style}.saf`;
  const src = style === 'cpt' ? SRC.cptOnline : SRC.g2010;
  const line: Rule = style === 'cpt'
    ? { id: `${pre}.99421`, ...p, source: src, services: SAF, then: { line: { code: { fact: 'cumulativeMinutes7Days', bands: ONLINE_EM, belowReason: 'under 5 minutes over 7 days' }, pos: 'usual' } } }
    : { id: `${pre}.g2010`, ...p, source: src, services: SAF, then: { line: { code: 'G2010', pos: 'usual' } } };
  return [
    { id: `${pre}.modality`, ...p, source: src, services: SAF, when: { modality: { notIn: ASYNC_IMAGES } }, then: { notBillable: 'store-and-forward review needs images or video sent by the patient' } },
    established(p, `${pre}.established`, SAF, src),
    { id: `${pre}.prior-em-7d`, ...p, source: src, services: SAF, when: { relatedEmWithinPrior7Days: true }, then: { notBillable: 'related to an E/M service in the previous 7 days: bundled into that service' } },
    { id: `${pre}.followed-24h`, ...p, source: src, services: SAF, when: { emVisitFollowedWithin24h: true }, then: { notBillable: 'led to a visit within 24 hours: the review is part of that visit' } },
    ...(style === 'cpt' ? [{ id: `${pre}.visit-7d`, ...p, source: src, services: SAF, when: { emVisitWithin7Days: true }, then: { notBillable: 'an E/M visit within the 7 days: the time is reported with that visit' } } satisfies Rule] : []),
    ...(style === 'legacy' ? [{ id: `${pre}.payer-note`, ...p, source: SRC.commercialContract, services: SAF, then: { warn: 'G2010 is a HCPCS code: confirm that the plan accepts it' } } satisfies Rule] : []),
    ...(style !== 'cpt' ? [{ id: `${pre}.followup-24h-note`, ...p, source: src, services: SAF, then: { warn: 'G2010 requires follow-up with the patient within 24 business hours' } } satisfies Rule] : []),
    line,
  ];
}

/** Patient-initiated portal E/M over 7 days: 99421-99423 (E/M practitioners), 98970-98972 (others). */
export function onlineDigital(p: Period, style: CommStyle): Rule[] {
  const pre = `${style}.online`;
  const src = style === 'medicare' ? `${SRC.cptOnline}; ${SRC.cmsOnline}` : SRC.cptOnline;
  const below = 'under 5 minutes of cumulative time over 7 days';
  return [
    { id: `${pre}.modality`, ...p, source: src, services: ONLINE, when: { modality: { notIn: PORTAL } }, then: { notBillable: 'an online digital E/M is an asynchronous portal exchange' } },
    established(p, `${pre}.established`, ONLINE, src),
    { id: `${pre}.patient-initiated`, ...p, source: src, services: ONLINE, when: { patientInitiated: false }, then: { notBillable: 'an online digital E/M must be initiated by the patient' } },
    { id: `${pre}.prior-em-7d`, ...p, source: src, services: ONLINE, when: { relatedEmWithinPrior7Days: true }, then: { notBillable: 'related to an E/M service in the previous 7 days: not reported' } },
    { id: `${pre}.visit-7d`, ...p, source: src, services: ONLINE, when: { emVisitWithin7Days: true }, then: { notBillable: 'an E/M visit within the 7 days: the e-visit work is reported with that visit' } },
    { id: `${pre}.period`, ...p, source: src, services: ONLINE, when: { periodDays: { gt: 7 } }, then: { notBillable: 'the cumulative period of an online digital E/M is at most 7 days' } },
    { id: `${pre}.em-practitioner`, ...p, source: src, services: ONLINE, when: { providerType: { in: EM_PRACTITIONERS }, periodDays: { gte: 1 } },
      then: { line: { code: { fact: 'cumulativeMinutes7Days', bands: ONLINE_EM, belowReason: below }, pos: 'usual' } } },
    { id: `${pre}.qhp`, ...p, source: src, services: ONLINE, when: { providerType: { in: ['clinical_psychologist', 'LCSW', 'physical_therapist', 'occupational_therapist'] }, periodDays: { gte: 1 } },
      then: { line: { code: { fact: 'cumulativeMinutes7Days', bands: ONLINE_QHP, belowReason: below }, pos: 'usual' } } },
    { id: `${pre}.other`, ...p, source: src, services: ONLINE, then: { notBillable: 'no online digital E/M code for this practitioner type or period' } },
  ];
}

/** Interprofessional consultation: consultant 99446-99449 / 99451, requesting practitioner 99452. */
export function interprofessional(p: Period, style: CommStyle): Rule[] {
  const pre = `${style}.ipc`;
  const src = style === 'medicare' ? `${SRC.cptInterprof}; ${SRC.cmsInterprof}` : SRC.cptInterprof;
  const g = style === 'medicare';
  const consultant = { role: 'consultant' } as const;
  const verbal = { ...consultant, writtenReport: true, verbalDiscussionShare: { gt: 0.5 } } as const;
  const written = { ...consultant, writtenReport: true, verbalDiscussionShare: { lte: 0.5 } } as const;
  const nonEm = { providerType: { in: ['clinical_psychologist', 'LCSW'] } } as const;
  const line = (code: string | readonly { min: number; max?: number; code: string }[], below: string, fact: 'consultMinutes' | 'referralPrepAndCommunicationMinutes' = 'consultMinutes') =>
    ({ line: { code: typeof code === 'string' ? { fact, bands: [{ min: fact === 'consultMinutes' ? 5 : 16, code }], belowReason: below } : { fact, bands: code, belowReason: below }, pos: 'usual' as const } });
  return [
    ...(g ? [{ id: `${pre}.consent`, ...p, source: SRC.cmsInterprof, services: IPC, when: { verbalConsentDocumented: false }, then: { notBillable: 'the patient\'s verbal consent must be documented' } } satisfies Rule] : []),
    { id: `${pre}.seen-14d`, ...p, source: src, services: IPC, when: { ...consultant, consultantSawPatientWithinPrior14Days: true }, then: { notBillable: 'the consultant saw the patient in the previous 14 days' } },
    { id: `${pre}.transfer-14d`, ...p, source: src, services: IPC, when: { ...consultant, leadsToTransferOrVisitWithin14Days: true }, then: { notBillable: 'the consultation leads to a transfer of care or a visit within 14 days' } },
    { id: `${pre}.no-report`, ...p, source: src, services: IPC, when: { ...consultant, writtenReport: false }, then: { notBillable: 'a written report to the requesting practitioner is required' } },
    ...(g ? [
      { id: `${pre}.g0546`, ...p, source: SRC.cmsInterprofG, services: IPC, when: { ...verbal, ...nonEm }, then: line(INTERPROF_VERBAL_G, 'under 5 minutes of consultation') } satisfies Rule,
      { id: `${pre}.g0550`, ...p, source: SRC.cmsInterprofG, services: IPC, when: { ...written, ...nonEm }, then: line('G0550', 'under 5 minutes of consultation') } satisfies Rule,
      { id: `${pre}.g0551`, ...p, source: SRC.cmsInterprofG, services: IPC, when: { role: 'treating_requesting', ...nonEm }, then: line('G0551', 'under 16 minutes of referral preparation and communication', 'referralPrepAndCommunicationMinutes') } satisfies Rule,
    ] : []),
    { id: `${pre}.99446`, ...p, source: src, services: IPC, when: verbal, then: line(INTERPROF_VERBAL, 'under 5 minutes of consultation') },
    { id: `${pre}.99451`, ...p, source: src, services: IPC, when: written, then: line('99451', 'under 5 minutes of consultation (99451 needs 5 minutes or more)') },
    { id: `${pre}.99452`, ...p, source: src, services: IPC, when: { role: 'treating_requesting' }, then: line('99452', 'under 16 minutes of referral preparation and communication (99452 needs 16-30 minutes)', 'referralPrepAndCommunicationMinutes') },
  ];
}
