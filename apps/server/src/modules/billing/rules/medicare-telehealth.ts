/**
 * Medicare Part B telehealth services (SSA §1834(m), 42 CFR 410.78, MLN901705): E/M, behavioural and
 * therapy services, RHC/FQHC telehealth, the originating-site fee and pharmacist services. Claims dated in a
 * lapse window of the statutory flexibilities that depend on them are held, not coded.
 */
import type { Rule } from '../rule-types.js';
import { EM_BELOW, OFFICE_EST, OFFICE_NEW, PSYCHOTHERAPY } from './code-tables.js';
import { SYNC, type Period } from './period.js';
import { SRC } from './sources.js';

const NON_BEHAVIORAL = ['synchronous_telehealth_em', 'synchronous_telehealth_therapy'] as const;

/** Lapse-window holds for services that rely on the statutory flexibilities. */
export function lapseHolds(p: Period): Rule[] {
  return [
    { id: 'mcr.lapse.home', ...p, source: SRC.ssa1834m, services: NON_BEHAVIORAL, when: { medicareTelehealthLapsed: true, patientLocation: 'home' },
      then: { hold: 'date of service in a lapse of the Medicare telehealth flexibilities: the home is not an originating site for non-behavioural services' } },
    { id: 'mcr.lapse.geography', ...p, source: SRC.ssa1834m, services: NON_BEHAVIORAL, when: { medicareTelehealthLapsed: true, ruralHpsa: false, acuteStroke: false },
      then: { hold: 'date of service in a lapse of the Medicare telehealth flexibilities: the originating site is not in a rural HPSA or non-MSA county' } },
    { id: 'mcr.lapse.audio-only', ...p, source: SRC.ssa1834m, services: NON_BEHAVIORAL, when: { medicareTelehealthLapsed: true, modality: 'audio_only' },
      then: { hold: 'date of service in a lapse of the Medicare telehealth flexibilities: audio-only is allowed only for mental health' } },
    { id: 'mcr.lapse.therapist', ...p, source: SRC.therapy, services: ['synchronous_telehealth_therapy'], when: { medicareTelehealthLapsed: true },
      then: { hold: 'date of service in a lapse of the Medicare telehealth flexibilities: PT/OT are not distant-site practitioners' } },
    { id: 'mcr.lapse.fqhc-distant', ...p, source: SRC.fqhcG2025, services: ['fqhc_distant_site_medical_telehealth'], when: { medicareTelehealthLapsed: true },
      then: { hold: 'date of service in a lapse of the Medicare telehealth flexibilities: RHCs/FQHCs are not distant sites for non-behavioural services' } },
    { id: 'mcr.lapse.in-person-mental', ...p, source: SRC.ssa1834mMental, services: ['synchronous_telehealth_behavioral', 'rhc_mental_health_visit'], when: { medicareTelehealthLapsed: true },
      then: { warn: 'lapse window: an in-person visit within 6 months before the first mental-health telehealth visit is required' } },
  ];
}

/** Audio-only is covered in the home when the practitioner could use video but the patient cannot or will not. */
function audioOnlyGates(p: Period, prefix: string, services: Rule['services']): Rule[] {
  return [
    { id: `${prefix}.audio-only.location`, ...p, source: SRC.cfr41078, services, when: { modality: 'audio_only', patientLocation: { notIn: ['home'] } },
      then: { notBillable: 'audio-only telehealth is covered only when the patient is at home (42 CFR 410.78(a)(3))' } },
    { id: `${prefix}.audio-only.practitioner-video`, ...p, source: SRC.cfr41078, services, when: { modality: 'audio_only', practitionerVideoCapable: false },
      then: { notBillable: 'audio-only requires a practitioner technically capable of video' } },
    { id: `${prefix}.audio-only.patient-video`, ...p, source: SRC.cfr41078, services, when: { modality: 'audio_only', videoDeclined: false },
      then: { notBillable: 'the patient could and agreed to use video: audio-only does not qualify' } },
  ];
}

const notSync = (p: Period, id: string, services: Rule['services']): Rule => ({
  id, ...p, source: SRC.mln901705, services, when: { modality: { notIn: SYNC } },
  then: { notBillable: 'not a synchronous telehealth encounter (code it as in-person or as an asynchronous service)' },
});

/** Office E/M by telehealth: 99202-99215, POS 10 (home) or 02, modifier 93 for audio-only; no modifier 95. */
export function medicareEm(p: Period): Rule[] {
  const s = ['synchronous_telehealth_em'] as const;
  const mods = [{ mod: '93', when: { modality: 'audio_only' } }] as const;
  return [
    notSync(p, 'mcr.em.modality', s),
    ...audioOnlyGates(p, 'mcr.em', s),
    { id: 'mcr.em.new', ...p, source: `${SRC.mln901705}; ${SRC.pfs2024Pos}; ${SRC.cptEm}`, services: s, when: { patientStatus: 'new' },
      then: { line: { code: { emTable: OFFICE_NEW, belowReason: EM_BELOW }, modifiers: mods, pos: 'telehealth' } } },
    { id: 'mcr.em.established', ...p, source: `${SRC.mln901705}; ${SRC.pfs2024Pos}; ${SRC.cptEm}`, services: s, when: { patientStatus: 'established' },
      then: { line: { code: { emTable: OFFICE_EST, belowReason: EM_BELOW }, modifiers: mods, pos: 'telehealth' } } },
  ];
}

const PSYCH_PRACTITIONERS = ['physician', 'nurse_practitioner', 'physician_assistant', 'clinical_psychologist', 'LCSW'] as const;

/** Psychotherapy and diagnostic evaluation by telehealth; the home is a permanent originating site. */
export function medicareBehavioral(p: Period): Rule[] {
  const s = ['synchronous_telehealth_behavioral'] as const;
  const mods = [{ mod: '93', when: { modality: 'audio_only' } }] as const;
  return [
    notSync(p, 'mcr.bh.modality', s),
    { id: 'mcr.bh.practitioner', ...p, source: SRC.ssa1834m, services: s, when: { providerType: { notIn: PSYCH_PRACTITIONERS } },
      then: { notBillable: 'not an eligible distant-site practitioner for psychotherapy' } },
    ...audioOnlyGates(p, 'mcr.bh', s),
    { id: 'mcr.bh.evaluation', ...p, source: `${SRC.psychotherapy}; ${SRC.ssa1834mMental}`, services: s, when: { patientStatus: 'new' },
      then: { line: { code: '90791', modifiers: mods, pos: 'telehealth' } } },
    { id: 'mcr.bh.psychotherapy', ...p, source: `${SRC.psychotherapy}; ${SRC.ssa1834mMental}`, services: s, when: { patientStatus: 'established' },
      then: { line: { code: { fact: 'psychotherapyMinutes', bands: PSYCHOTHERAPY, belowReason: 'psychotherapy under 16 minutes is not reportable' }, modifiers: mods, pos: 'telehealth' } } },
  ];
}

/** Outpatient therapy by PT/OT: 97110 per 15 min (8-minute rule), GP/GO, modifier 95, POS 10/02. */
export function medicareTherapy(p: Period): Rule[] {
  const s = ['synchronous_telehealth_therapy'] as const;
  return [
    notSync(p, 'mcr.therapy.modality', s),
    { id: 'mcr.therapy.practitioner', ...p, source: SRC.therapy, services: s, when: { providerType: { notIn: ['physical_therapist', 'occupational_therapist'] } },
      then: { notBillable: 'therapy telehealth is coded here for physical and occupational therapists' } },
    ...audioOnlyGates(p, 'mcr.therapy', s),
    { id: 'mcr.therapy.minimum', ...p, source: SRC.therapy, services: s, when: { totalTimeMinutes: { lt: 8 } },
      then: { notBillable: 'under 8 minutes of timed therapy: no unit (8-minute rule)' } },
    { id: 'mcr.therapy.97110', ...p, source: `${SRC.therapy}; ${SRC.pfs2024Pos}`, services: s,
      then: { line: { code: '97110', pos: 'telehealth', units: { fact: 'totalTimeMinutes', after: 0, per: 15, from: 8 },
        modifiers: [{ mod: 'GP', when: { providerType: 'physical_therapist' } }, { mod: 'GO', when: { providerType: 'occupational_therapist' } },
          { mod: '95', when: { modality: 'audio_video' } }, { mod: '93', when: { modality: 'audio_only' } }] } } },
  ];
}

const CLINICS = ['FQHC', 'RHC'] as const;

/** RHC/FQHC: G2025 for non-behavioural distant-site services; mental-health visits on 837I (rev 0900). */
export function medicareClinics(p: Period): Rule[] {
  const fq = ['fqhc_distant_site_medical_telehealth'] as const;
  const mh = ['rhc_mental_health_visit'] as const;
  const notClinic: Rule['then'] = { notBillable: 'only RHCs and FQHCs bill this service' };
  const mhLine = (code: Extract<Rule['then'], { line: unknown }>['line']['code']) => ({
    code, pos: 'none' as const, revenueCode: '0900', typeOfBill: 'by_entity',
    modifiers: [{ mod: '95', when: { modality: 'audio_video' } }, { mod: 'FQ', when: { modality: 'audio_only' } }],
  });
  return [
    { id: 'mcr.fqhc.entity', ...p, source: SRC.fqhcG2025, services: fq, when: { billingEntity: { notIn: CLINICS } }, then: notClinic },
    notSync(p, 'mcr.fqhc.modality', fq),
    { id: 'mcr.fqhc.g2025', ...p, source: SRC.fqhcG2025, services: fq,
      then: { line: { code: 'G2025', pos: 'none', revenueCode: '0521', typeOfBill: 'by_entity', modifiers: [{ mod: 'FQ', when: { modality: 'audio_only' } }] } } },
    { id: 'mcr.rhc-mh.entity', ...p, source: SRC.rhcMental, services: mh, when: { billingEntity: { notIn: CLINICS } }, then: notClinic },
    notSync(p, 'mcr.rhc-mh.modality', mh),
    { id: 'mcr.rhc-mh.evaluation', ...p, source: `${SRC.rhcMental}; ${SRC.psychotherapy}`, services: mh, when: { patientStatus: 'new' }, then: { line: mhLine('90791') } },
    { id: 'mcr.rhc-mh.psychotherapy', ...p, source: `${SRC.rhcMental}; ${SRC.psychotherapy}`, services: mh, when: { patientStatus: 'established' },
      then: { line: mhLine({ fact: 'psychotherapyMinutes', bands: PSYCHOTHERAPY, belowReason: 'psychotherapy under 16 minutes is not reportable' }) } },
  ];
}

/** Q3014 is paid to the originating site — never when the patient is at home. */
export function originatingSiteFee(p: Period, prefix: string, holdInLapse: boolean): Rule[] {
  const s = ['originating_site_facility_fee'] as const;
  const institutional = ['FQHC', 'RHC', 'hospital_outpatient', 'critical_access_hospital'] as const;
  return [
    { id: `${prefix}.q3014.home`, ...p, source: SRC.q3014, services: s, when: { patientLocation: { in: ['home', 'other_non_facility'] } },
      then: { notBillable: 'no originating-site fee: the patient was not at an eligible originating facility' } },
    ...(holdInLapse
      ? [{ id: `${prefix}.q3014.lapse`, ...p, source: SRC.ssa1834m, services: s, when: { medicareTelehealthLapsed: true, ruralHpsa: false },
          then: { hold: 'date of service in a lapse of the Medicare telehealth flexibilities: the originating site is not in a rural HPSA or non-MSA county' } } satisfies Rule]
      : []),
    { id: `${prefix}.q3014.institutional`, ...p, source: SRC.q3014, services: s, when: { billingEntity: { in: institutional } },
      then: { line: { code: 'Q3014', pos: 'none', revenueCode: '0780', typeOfBill: 'by_entity' } } },
    { id: `${prefix}.q3014.practice`, ...p, source: SRC.q3014, services: s, when: { billingEntity: 'practice' },
      then: { line: { code: 'Q3014', pos: 'patient_facility' } } },
  ];
}

/** Pharmacists: no Medicare telehealth billing of their own; incident-to under direct supervision (99211). */
export function medicarePharmacist(p: Period): Rule[] {
  const inc = ['pharmacist_incident_to'] as const;
  return [
    { id: 'mcr.pharm.counselling', ...p, source: SRC.pharmMedicare, services: ['telepharmacy_counselling'],
      then: { notBillable: 'pharmacists are not Medicare distant-site practitioners; bill as pharmacist_incident_to under a supervising physician' } },
    { id: 'mcr.pharm.incident-to.provider', ...p, source: SRC.pharmMedicare, services: inc, when: { providerType: { notIn: ['pharmacist'] } },
      then: { notBillable: 'this service type is for services performed by a pharmacist' } },
    { id: 'mcr.pharm.incident-to.supervision', ...p, source: SRC.pharmMedicare, services: inc, when: { supervision: 'general' },
      then: { notBillable: 'incident-to services need direct supervision (in person or by real-time audio-video)' } },
    { id: 'mcr.pharm.incident-to.established', ...p, source: SRC.pharmMedicare, services: inc, when: { patientStatus: 'new' },
      then: { notBillable: 'incident-to services follow an established plan of care: not for a new patient' } },
    { id: 'mcr.pharm.incident-to.99211', ...p, source: SRC.pharmMedicare, services: inc, when: { supervision: { in: ['direct', 'direct_virtual'] } },
      then: { line: { code: '99211', pos: 'usual' } } },
  ];
}

/** Add-ons: acute stroke (G0) and interpreters (T1013 is not payable by Medicare). */
export function medicareAddOns(p: Period): Rule[] {
  return [
    { id: 'mcr.addon.stroke', ...p, source: SRC.ssa1834mStroke, services: ['synchronous_telehealth_em'], when: { acuteStroke: true }, then: { addModifier: 'G0' } },
    { id: 'mcr.addon.interpreter', ...p, source: SRC.t1013, services: 'all', when: { interpreterInvolved: true },
      then: { warn: 'interpreter services (T1013) are not separately payable by Medicare' } },
  ];
}
