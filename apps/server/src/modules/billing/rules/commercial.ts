/**
 * Commercial plans. Three ways plans code synchronous telehealth:
 * - `cpt`: CPT 2025 telemedicine E/M (98000-98015, no modifier), other services with 95/93, POS 02/10;
 * - `legacy`: office E/M 99202-99215 with 95 (audio-video) or 93 (audio-only), POS 02/10 by patient location;
 * - `inperson`: the same codes and modifiers with the in-person POS (`usualInPersonPos`, e.g. 11).
 * Medicare-only constructs (G2025, RHC mental-health visits, incident-to) are not billable on these profiles.
 */
import type { PosSpec, Rule } from '../rule-types.js';
import { EM_BELOW, OFFICE_EST, OFFICE_NEW, PSYCHOTHERAPY, TELE_AO_EST, TELE_AO_NEW, TELE_AV_EST, TELE_AV_NEW } from './code-tables.js';
import { SYNC, type Period } from './period.js';
import { SRC } from './sources.js';

export type SyncStyle = 'cpt' | 'legacy' | 'inperson';

const MODS = [{ mod: '95', when: { modality: 'audio_video' } }, { mod: '93', when: { modality: 'audio_only' } }] as const;
const posOf = (style: SyncStyle): PosSpec => (style === 'inperson' ? 'usual' : 'telehealth');
const srcOf = (style: SyncStyle, base: string): string => `${base}; ${SRC.modifier95}; ${style === 'cpt' ? SRC.cptTele : SRC.commercialContract}`;

const notSync = (p: Period, id: string, services: Rule['services']): Rule => ({
  id, ...p, source: SRC.modifier95, services, when: { modality: { notIn: SYNC } },
  then: { notBillable: 'not a synchronous telehealth encounter (code it as in-person or as an asynchronous service)' },
});

function emCpt(p: Period): Rule[] {
  const s = ['synchronous_telehealth_em'] as const;
  const em = (id: string, when: Rule['when'], table: typeof OFFICE_NEW): Rule => ({
    id: `cpt.em.${id}`, ...p, source: `${SRC.cptTele}; ${SRC.cptEm}`, services: s, when, then: { line: { code: { emTable: table, belowReason: EM_BELOW }, pos: 'telehealth' } },
  });
  return [
    notSync(p, 'cpt.em.modality', s),
    { id: 'cpt.em.audio-only.discussion', ...p, source: SRC.cptTele, services: s, when: { modality: 'audio_only', medicalDiscussionMinutes: { lte: 10 } },
      then: { notBillable: 'audio-only E/M needs more than 10 minutes of medical discussion (consider 98016 for an established patient)' } },
    em('av.new', { modality: 'audio_video', patientStatus: 'new' }, TELE_AV_NEW),
    em('av.established', { modality: 'audio_video', patientStatus: 'established' }, TELE_AV_EST),
    em('ao.new', { modality: 'audio_only', patientStatus: 'new' }, TELE_AO_NEW),
    em('ao.established', { modality: 'audio_only', patientStatus: 'established' }, TELE_AO_EST),
  ];
}

function emOffice(p: Period, style: SyncStyle): Rule[] {
  const s = ['synchronous_telehealth_em'] as const;
  const pre = `${style}.em`;
  const src = srcOf(style, SRC.cptEm);
  return [
    notSync(p, `${pre}.modality`, s),
    { id: `${pre}.new`, ...p, source: src, services: s, when: { patientStatus: 'new' }, then: { line: { code: { emTable: OFFICE_NEW, belowReason: EM_BELOW }, modifiers: MODS, pos: posOf(style) } } },
    { id: `${pre}.established`, ...p, source: src, services: s, when: { patientStatus: 'established' }, then: { line: { code: { emTable: OFFICE_EST, belowReason: EM_BELOW }, modifiers: MODS, pos: posOf(style) } } },
  ];
}

function behavioralAndTherapy(p: Period, style: SyncStyle): Rule[] {
  const bh = ['synchronous_telehealth_behavioral'] as const;
  const th = ['synchronous_telehealth_therapy'] as const;
  const pre = style;
  return [
    notSync(p, `${pre}.bh.modality`, bh),
    { id: `${pre}.bh.evaluation`, ...p, source: srcOf(style, SRC.psychotherapy), services: bh, when: { patientStatus: 'new' }, then: { line: { code: '90791', modifiers: MODS, pos: posOf(style) } } },
    { id: `${pre}.bh.psychotherapy`, ...p, source: srcOf(style, SRC.psychotherapy), services: bh, when: { patientStatus: 'established' },
      then: { line: { code: { fact: 'psychotherapyMinutes', bands: PSYCHOTHERAPY, belowReason: 'psychotherapy under 16 minutes is not reportable' }, modifiers: MODS, pos: posOf(style) } } },
    notSync(p, `${pre}.therapy.modality`, th),
    { id: `${pre}.therapy.practitioner`, ...p, source: SRC.therapy, services: th, when: { providerType: { notIn: ['physical_therapist', 'occupational_therapist'] } },
      then: { notBillable: 'therapy telehealth is coded here for physical and occupational therapists' } },
    { id: `${pre}.therapy.minimum`, ...p, source: SRC.therapy, services: th, when: { totalTimeMinutes: { lt: 8 } }, then: { notBillable: 'under 8 minutes of timed therapy: no unit' } },
    { id: `${pre}.therapy.97110`, ...p, source: srcOf(style, SRC.therapy), services: th,
      then: { line: { code: '97110', pos: posOf(style), units: { fact: 'totalTimeMinutes', after: 0, per: 15, from: 8 },
        modifiers: [{ mod: 'GP', when: { providerType: 'physical_therapist' } }, { mod: 'GO', when: { providerType: 'occupational_therapist' } }, ...MODS] } } },
  ];
}

/** Synchronous services (E/M, behavioural, therapy) in a commercial style. */
export function commercialSynchronous(p: Period, style: SyncStyle): Rule[] {
  return [...(style === 'cpt' ? emCpt(p) : emOffice(p, style)), ...behavioralAndTherapy(p, style)];
}

/** Services that only Medicare's RHC/FQHC and incident-to rules define. */
export function commercialNotApplicable(p: Period, pharmacistRecognized: boolean): Rule[] {
  const nb = (id: string, services: Rule['services'], reason: string): Rule => ({ id: `commercial.${id}`, ...p, source: SRC.commercialContract, services, then: { notBillable: reason } });
  return [
    nb('fqhc-g2025', ['fqhc_distant_site_medical_telehealth'], 'G2025 is a Medicare RHC/FQHC code: code the service as synchronous_telehealth_em for this plan'),
    nb('rhc-mental-health', ['rhc_mental_health_visit'], 'the RHC/FQHC mental-health visit is a Medicare construct: code it as synchronous_telehealth_behavioral for this plan'),
    nb('incident-to', ['pharmacist_incident_to'], 'incident-to billing is a Medicare construct; this plan is billed directly by credentialed practitioners'),
    ...(pharmacistRecognized ? [] : [nb('pharmacist', ['telepharmacy_counselling'], 'this plan does not credential pharmacists as billing providers')]),
  ];
}

/** Pharmacist-recognized plan: medication therapy management 99605/99606 + 99607 per additional 15 min. */
export function pharmacistCounselling(p: Period): Rule[] {
  const s = ['telepharmacy_counselling'] as const;
  const src = `${SRC.pharmCpt}; ${SRC.commercialContract}`;
  return [
    { id: 'pharm.provider', ...p, source: src, services: s, when: { providerType: { notIn: ['pharmacist'] } }, then: { notBillable: '99605-99607 are reported by pharmacists' } },
    notSync(p, 'pharm.modality', s),
    { id: 'pharm.minimum', ...p, source: src, services: s, when: { totalTimeMinutes: { lt: 8 } }, then: { notBillable: 'under 8 minutes: the initial 15-minute unit is not reached' } },
    { id: 'pharm.99605', ...p, source: src, services: s, when: { patientStatus: 'new' }, more: true, then: { line: { code: '99605', modifiers: MODS, pos: 'telehealth' } } },
    { id: 'pharm.99606', ...p, source: src, services: s, when: { patientStatus: 'established' }, more: true, then: { line: { code: '99606', modifiers: MODS, pos: 'telehealth' } } },
    { id: 'pharm.99607', ...p, source: src, services: s, when: { totalTimeMinutes: { gte: 23 } },
      then: { line: { code: '99607', modifiers: MODS, pos: 'telehealth', units: { fact: 'totalTimeMinutes', after: 15, per: 15, from: 8 } } } },
  ];
}

/** Commercial add-ons: interpreter T1013 when the plan covers it. */
export function commercialAddOns(p: Period): Rule[] {
  return [
    { id: 'commercial.addon.t1013', ...p, source: `${SRC.t1013}; ${SRC.commercialContract}`, services: 'all', when: { interpreterInvolved: true, payerCoversT1013: true },
      then: { line: { code: 'T1013', pos: 'telehealth', units: { fact: 'totalTimeMinutes', after: 0, per: 15, from: 8 } } } },
    { id: 'commercial.addon.t1013-not-covered', ...p, source: SRC.t1013, services: 'all', when: { interpreterInvolved: true, payerCoversT1013: false },
      then: { warn: 'the plan does not cover interpreter services (T1013)' } },
  ];
}
