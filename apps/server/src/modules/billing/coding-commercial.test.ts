/**
 * Commercial profile coding cases, each citing its source (CPT or the profile's contract definition).
 */
import { describe, expect, it } from 'vitest';
import type { EncounterFacts, PayerProfile } from '@telehealth/contracts/billing';
import { codeEncounter } from './coding.js';
import { matches, summary, type Case } from './testing/coding-cases.js';

const on = (payerProfile: PayerProfile, facts: EncounterFacts): EncounterFacts => ({
  dateOfService: '2025-05-12', payer: 'commercial', payerProfile, claimForm: '837P', billingEntity: 'practice', ...facts,
});
const em = { serviceType: 'synchronous_telehealth_em', modality: 'audio_video', patientStatus: 'established', patientLocation: 'home' } as const;
const saf = { serviceType: 'store_and_forward_review', modality: 'asynchronous_images', patientStatus: 'established', relatedEmWithinPrior7Days: false, emVisitFollowedWithin24h: false, emVisitWithin7Days: false, usualInPersonPos: '11', cumulativeMinutes7Days: 12 } as const;

const CASES: Case[] = [
  { name: 'CPT 2025 audio-video E/M → 98006, no modifier, POS 10', source: 'CPT 2025 98004-98007', facts: on('commercial_cpt2025', { ...em, mdmLevel: 'moderate' }), expect: '98006 @10' },
  { name: 'CPT 2025 audio-only new patient, 35 min, 15 min discussion → 98009', source: 'CPT 2025 98008-98011', facts: on('commercial_cpt2025', { ...em, modality: 'audio_only', patientStatus: 'new', totalTimeMinutes: 35, medicalDiscussionMinutes: 15 }), expect: '98009 @10' },
  { name: 'CPT 2025 audio-only with 8 min of discussion is not an audio-only E/M', source: 'CPT 2025 98008-98015 (>10 min discussion)', facts: on('commercial_cpt2025', { ...em, modality: 'audio_only', mdmLevel: 'low', medicalDiscussionMinutes: 8 }), expect: 'not billable: more than 10 minutes of medical discussion' },
  { name: 'CPT 2025 virtual check-in 7 min → 98016', source: 'CPT 2025 98016', facts: on('commercial_cpt2025', { serviceType: 'virtual_check_in', modality: 'audio_only', patientStatus: 'established', patientInitiated: true, relatedEmWithinPrior7Days: false, emVisitFollowedWithin24h: false, medicalDiscussionMinutes: 7, usualInPersonPos: '11' }), expect: '98016 @11' },
  { name: 'CPT 2025 store-and-forward → 99422 by 7-day minutes', source: 'CPT 99421-99423', facts: on('commercial_cpt2025', saf), expect: '99422 @11' },
  { name: 'legacy E/M audio-video → 99214-95, POS 02 at a clinic', source: 'CPT modifier 95 (Appendix P); profile contract', facts: on('commercial_legacy_em', { ...em, patientLocation: 'other_non_facility', mdmLevel: 'moderate' }), expect: '99214-95 @02' },
  { name: 'legacy E/M audio-only at home → 99213-93, POS 10', source: 'CPT modifier 93 (Appendix T); profile contract', facts: on('commercial_legacy_em', { ...em, modality: 'audio_only', mdmLevel: 'low' }), expect: '99213-93 @10' },
  { name: 'legacy store-and-forward → G2010 (with a warning)', source: 'HCPCS G2010; profile contract', facts: on('commercial_legacy_em', saf), expect: 'G2010 @11' },
  { name: 'in-person POS contract → 99213-95 @11', source: 'profile contract: in-person POS with modifier 95', facts: on('commercial_inperson_pos_95', { ...em, mdmLevel: 'low', usualInPersonPos: '11' }), expect: '99213-95 @11' },
  { name: 'in-person POS contract without the usual POS asks for it', source: 'profile contract', facts: on('commercial_inperson_pos_95', { ...em, mdmLevel: 'low' }), expect: 'needs: usualInPersonPos' },
  { name: 'in-person POS contract psychotherapy 40 min → 90834-95 @11', source: 'CPT psychotherapy time rule; modifier 95', facts: on('commercial_inperson_pos_95', { serviceType: 'synchronous_telehealth_behavioral', modality: 'audio_video', patientStatus: 'established', psychotherapyMinutes: 40, usualInPersonPos: '11' }), expect: '90834-95 @11' },
  { name: 'pharmacist plan: 30 min established → 99606-95 + 99607-95', source: 'CPT 99605-99607', facts: on('commercial_pharmacist_recognized', { serviceType: 'telepharmacy_counselling', providerType: 'pharmacist', modality: 'audio_video', patientStatus: 'established', patientLocation: 'home', totalTimeMinutes: 30 }), expect: '99606-95 @10, 99607-95 @10' },
  { name: 'pharmacist plan: new patient 15 min → 99605', source: 'CPT 99605', facts: on('commercial_pharmacist_recognized', { serviceType: 'telepharmacy_counselling', providerType: 'pharmacist', modality: 'audio_video', patientStatus: 'new', patientLocation: 'physician_office', totalTimeMinutes: 15 }), expect: '99605-95 @02' },
  { name: 'a plan without pharmacist credentialing', source: 'profile contract', facts: on('commercial_legacy_em', { serviceType: 'telepharmacy_counselling', providerType: 'pharmacist', modality: 'audio_video' }), expect: 'not billable: does not credential pharmacists' },
  { name: 'interpreter covered by the plan → T1013 x2 for 30 min', source: 'HCPCS T1013 per 15 min; profile contract', facts: on('commercial_legacy_em', { ...em, mdmLevel: 'low', interpreterInvolved: true, payerCoversT1013: true, totalTimeMinutes: 30 }), expect: '99214-95 @10, T1013 @10 x2' },
  { name: 'G2025 on a commercial plan', source: 'profile contract (Medicare-only code)', facts: on('commercial_cpt2025', { serviceType: 'fqhc_distant_site_medical_telehealth', billingEntity: 'FQHC', modality: 'audio_video' }), expect: 'not billable: Medicare RHC/FQHC code' },
  { name: 'Medicare lapse windows do not apply to commercial plans', source: 'SSA §1834(m) applies to Medicare only', facts: on('commercial_cpt2025', { ...em, dateOfService: '2025-10-15', mdmLevel: 'low' }), expect: '98005 @10' },
  { name: 'RPM 2026 on a commercial plan: 5 days → 99445', source: 'CPT 2026 99445', facts: on('commercial_cpt2025', { dateOfService: '2026-02-28', serviceType: 'remote_physiologic_monitoring', patientStatus: 'established', periodStart: '2026-02-01', periodEnd: '2026-02-28', deviceFdaMedicalDevice: true, autoTransmission: true, patientConsentDocumented: true, otherPractitionerBillingRpmSamePeriod: false, rtmBilledSamePeriod: false, setupAndEducationThisPeriod: false, daysWithReadings: 5, treatmentMgmtMinutesCalendarMonth: 0, usualInPersonPos: '11' }), expect: '99445 @11' },
  { name: 'PT therapy on the CPT plan, 20 min → 97110-GP-95 x1', source: 'CPT 97110; modifier 95', facts: on('commercial_cpt2025', { serviceType: 'synchronous_telehealth_therapy', modality: 'audio_video', providerType: 'physical_therapist', patientLocation: 'home', totalTimeMinutes: 20 }), expect: '97110-GP-95 @10' },
  { name: 'Q3014 on a commercial plan at a clinic (with a coverage warning)', source: 'HCPCS Q3014; profile contract', facts: on('commercial_legacy_em', { serviceType: 'originating_site_facility_fee', patientLocation: 'physician_office' }), expect: 'Q3014 @11' },
];

describe('commercial profile coding', () => {
  it.each(CASES)('$name ($source)', (c) => {
    const actual = summary(codeEncounter(c.facts));
    expect(matches(actual, c.expect), `got ${actual}`).toBe(true);
  });
});
