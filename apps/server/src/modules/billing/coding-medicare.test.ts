/**
 * Medicare FFS coding cases, each citing its source. Dates of service in 2025 and 2026.
 */
import { describe, expect, it } from 'vitest';
import type { EncounterFacts } from '@telehealth/contracts/billing';
import { codeEncounter } from './coding.js';
import { matches, summary, type Case } from './testing/coding-cases.js';

const mcr = (facts: EncounterFacts): EncounterFacts => ({
  dateOfService: '2025-03-10', payer: 'medicare', payerProfile: 'medicare_ffs', claimForm: '837P', billingEntity: 'practice', ...facts,
});
const em = (facts: EncounterFacts): EncounterFacts => mcr({ serviceType: 'synchronous_telehealth_em', modality: 'audio_video', patientStatus: 'established', ...facts });
const audioOnly = { modality: 'audio_only', practitionerVideoCapable: true, patientVideoCapable: false } as const;
const rpm = (facts: EncounterFacts): EncounterFacts => mcr({
  serviceType: 'remote_physiologic_monitoring', patientStatus: 'established', periodStart: '2025-03-01', periodEnd: '2025-03-30', deviceFdaMedicalDevice: true,
  autoTransmission: true, patientConsentDocumented: true, otherPractitionerBillingRpmSamePeriod: false, rtmBilledSamePeriod: false,
  setupAndEducationThisPeriod: false, interactiveCommunication: true, ...facts,
});
const comm = { patientStatus: 'established', patientInitiated: true, verbalConsentDocumented: true, relatedEmWithinPrior7Days: false, emVisitFollowedWithin24h: false, usualInPersonPos: '11' } as const;
const consult = { serviceType: 'interprofessional_consultation', role: 'consultant', providerType: 'physician', verbalConsentDocumented: true, consultantSawPatientWithinPrior14Days: false, leadsToTransferOrVisitWithin14Days: false, writtenReport: true, usualInPersonPos: '11' } as const;

const CASES: Case[] = [
  { name: 'audio-video E/M, patient at home → POS 10, no modifier', source: 'MLN901705; CY2024 PFS POS 10', facts: em({ patientLocation: 'home', mdmLevel: 'moderate' }), expect: '99214 @10' },
  { name: 'audio-video E/M, patient in a clinic → POS 02', source: 'MLN901705; CY2024 PFS POS 02', facts: em({ patientLocation: 'physician_office', patientStatus: 'new', totalTimeMinutes: 32 }), expect: '99203 @02' },
  { name: 'E/M level is the higher of MDM and time', source: 'CPT E/M guidelines 2021+', facts: em({ patientLocation: 'home', mdmLevel: 'low', totalTimeMinutes: 41 }), expect: '99215 @10' },
  { name: 'audio-only E/M at home, patient declines video → modifier 93', source: '42 CFR 410.78(a)(3); CY2025 PFS', facts: em({ patientLocation: 'home', mdmLevel: 'low', ...audioOnly }), expect: '99213-93 @10' },
  { name: 'audio-only when the patient could and agreed to use video', source: '42 CFR 410.78(a)(3)', facts: em({ patientLocation: 'home', mdmLevel: 'low', modality: 'audio_only', practitionerVideoCapable: true, patientVideoCapable: true, patientConsentsVideo: true }), expect: 'not billable: could and agreed to use video' },
  { name: 'audio-only with the patient outside the home', source: '42 CFR 410.78(a)(3)', facts: em({ patientLocation: 'physician_office', mdmLevel: 'low', ...audioOnly }), expect: 'not billable: only when the patient is at home' },
  { name: '2026 audio-video E/M at home', source: 'CY2026 PFS; MLN901705', facts: em({ dateOfService: '2026-06-01', patientLocation: 'home', mdmLevel: 'low' }), expect: '99213 @10' },
  { name: 'home E/M inside the Oct–Nov 2025 lapse is held', source: 'MLN Connects 2025-10-01 claims hold; SSA §1834(m)(4)(C)', facts: em({ dateOfService: '2025-10-15', patientLocation: 'home', mdmLevel: 'low' }), expect: 'held' },
  { name: 'non-rural clinic E/M inside the lapse is held', source: 'SSA §1834(m)(4)(C)(i) geographic requirement', facts: em({ dateOfService: '2025-10-15', patientLocation: 'physician_office', ruralHpsa: false, mdmLevel: 'low' }), expect: 'held' },
  { name: 'rural HPSA clinic E/M inside the lapse is coded', source: 'SSA §1834(m)(4)(C)(i)', facts: em({ dateOfService: '2025-10-15', patientLocation: 'physician_office', ruralHpsa: true, mdmLevel: 'low' }), expect: '99213 @02' },
  { name: 'home E/M inside the Jan–Feb 2026 lapse is held', source: 'flexibilities expired 2026-01-30', facts: em({ dateOfService: '2026-02-02', patientLocation: 'home', mdmLevel: 'low' }), expect: 'held' },
  { name: 'acute stroke in a non-rural ED during the lapse → G0, not held', source: 'SSA §1834(m)(6); MLN901705 modifier G0', facts: em({ dateOfService: '2025-10-20', patientLocation: 'hospital_emergency_department', ruralHpsa: false, acuteStroke: true, patientStatus: 'new', mdmLevel: 'high' }), expect: '99205-G0 @02' },
  { name: 'psychotherapy 45 min at home', source: 'CPT psychotherapy time rule; SSA §1834(m)(7)', facts: mcr({ serviceType: 'synchronous_telehealth_behavioral', modality: 'audio_video', patientStatus: 'established', providerType: 'LCSW', patientLocation: 'home', psychotherapyMinutes: 45 }), expect: '90834 @10' },
  { name: 'audio-only psychotherapy 55 min → 90837-93', source: '42 CFR 410.78(a)(3); CPT 90837', facts: mcr({ serviceType: 'synchronous_telehealth_behavioral', ...audioOnly, patientStatus: 'established', providerType: 'clinical_psychologist', patientLocation: 'home', psychotherapyMinutes: 55 }), expect: '90837-93 @10' },
  { name: 'mental health at home in the lapse is coded (permanent), with a warning', source: 'SSA §1834(m)(7)', facts: mcr({ dateOfService: '2025-10-15', serviceType: 'synchronous_telehealth_behavioral', modality: 'audio_video', patientStatus: 'new', providerType: 'physician', patientLocation: 'home' }), expect: '90791 @10' },
  { name: 'PT therapy 38 min → 97110 x3 GP 95', source: 'CY2024 PFS modifier 95 for therapy; MCPM ch. 5 §20.2 8-minute rule', facts: mcr({ serviceType: 'synchronous_telehealth_therapy', modality: 'audio_video', providerType: 'physical_therapist', patientLocation: 'home', totalTimeMinutes: 38 }), expect: '97110-GP-95 @10 x3' },
  { name: 'OT therapy in the lapse is held', source: 'SSA §1834(m)(4)(E): OT not a distant-site practitioner without the extension', facts: mcr({ dateOfService: '2025-10-02', serviceType: 'synchronous_telehealth_therapy', modality: 'audio_video', providerType: 'occupational_therapist', patientLocation: 'physician_office', ruralHpsa: true, totalTimeMinutes: 30 }), expect: 'held' },
  { name: 'FQHC distant-site medical telehealth → G2025 on 837I', source: 'CY2025 PFS; MLN006400', facts: mcr({ claimForm: '837I', billingEntity: 'FQHC', serviceType: 'fqhc_distant_site_medical_telehealth', modality: 'audio_video' }), expect: 'G2025 rev 0521 tob 0771' },
  { name: 'RHC distant-site audio-only → G2025-FQ', source: 'CY2026 PFS; MLN006400 modifier FQ', facts: mcr({ dateOfService: '2026-04-01', claimForm: '837I', billingEntity: 'RHC', serviceType: 'fqhc_distant_site_medical_telehealth', modality: 'audio_only' }), expect: 'G2025-FQ rev 0521 tob 0711' },
  { name: 'RHC mental-health visit by audio only → FQ, revenue code 0900', source: 'CY2022 PFS; RHC/FQHC telehealth FAQ', facts: mcr({ claimForm: '837I', billingEntity: 'RHC', serviceType: 'rhc_mental_health_visit', modality: 'audio_only', patientStatus: 'established', psychotherapyMinutes: 40 }), expect: '90834-FQ rev 0900 tob 0711' },
  { name: 'Q3014 with the patient at home is not billable', source: 'MCPM ch. 12 §190.5; SSA §1834(m)(2)(B)', facts: mcr({ serviceType: 'originating_site_facility_fee', patientLocation: 'home' }), expect: 'not billable: not at an eligible originating facility' },
  { name: 'Q3014 with the patient in a physician office → POS 11', source: 'HCPCS Q3014; MCPM ch. 12 §190.5', facts: mcr({ serviceType: 'originating_site_facility_fee', patientLocation: 'physician_office' }), expect: 'Q3014 @11' },
  { name: 'Q3014 at a hospital outpatient department → 837I rev 0780', source: 'MCPM ch. 12 §190.5', facts: mcr({ serviceType: 'originating_site_facility_fee', patientLocation: 'hospital_outpatient', billingEntity: 'hospital_outpatient', claimForm: '837I' }), expect: 'Q3014 rev 0780 tob 0131' },
  { name: 'virtual check-in 8 min → 98016 (G2012 deleted in 2025)', source: 'CY2025 PFS: 98016 replaces G2012', facts: mcr({ serviceType: 'virtual_check_in', modality: 'audio_only', ...comm, medicalDiscussionMinutes: 8 }), expect: '98016 @11' },
  { name: 'virtual check-in 15 min → G2252', source: 'HCPCS G2252 (CY2021 PFS)', facts: mcr({ serviceType: 'virtual_check_in', modality: 'audio_video', ...comm, medicalDiscussionMinutes: 15 }), expect: 'G2252 @11' },
  { name: 'virtual check-in after a related E/M in the prior 7 days', source: 'HCPCS G2252 / CPT 98016 descriptors', facts: mcr({ serviceType: 'virtual_check_in', modality: 'audio_only', ...comm, relatedEmWithinPrior7Days: true, medicalDiscussionMinutes: 8 }), expect: 'not billable: previous 7 days' },
  { name: 'virtual check-in leading to a visit within 24 h', source: 'CPT 98016 descriptor', facts: mcr({ serviceType: 'virtual_check_in', modality: 'audio_only', ...comm, emVisitFollowedWithin24h: true, medicalDiscussionMinutes: 8 }), expect: 'not billable: within 24 hours' },
  { name: 'store-and-forward image review → G2010', source: 'HCPCS G2010 (CY2019 PFS)', facts: mcr({ serviceType: 'store_and_forward_review', modality: 'asynchronous_images', ...comm }), expect: 'G2010 @11' },
  { name: 'store-and-forward that leads to a visit within 24 h is not separately billable', source: 'HCPCS G2010 descriptor', facts: mcr({ serviceType: 'store_and_forward_review', modality: 'asynchronous_images', ...comm, emVisitFollowedWithin24h: true }), expect: 'not billable: visit within 24 hours' },
  { name: 'e-visit 15 min over 7 days → 99422', source: 'CPT 99421-99423; CY2020 PFS', facts: mcr({ serviceType: 'online_digital_em', modality: 'asynchronous_portal', providerType: 'physician', ...comm, emVisitWithin7Days: false, periodStart: '2025-03-03', periodEnd: '2025-03-09', cumulativeMinutes7Days: 15 }), expect: '99422 @11' },
  { name: 'e-visit with an E/M visit within the 7 days is not billable', source: 'CPT 99421-99423 guidelines', facts: mcr({ serviceType: 'online_digital_em', modality: 'asynchronous_portal', providerType: 'physician', ...comm, emVisitWithin7Days: true, periodStart: '2025-03-03', periodEnd: '2025-03-09', cumulativeMinutes7Days: 15 }), expect: 'not billable: within the 7 days' },
  { name: 'e-visit by an LCSW → 98971', source: 'CPT 98970-98972; CY2021 PFS', facts: mcr({ serviceType: 'online_digital_em', modality: 'asynchronous_portal', providerType: 'LCSW', ...comm, emVisitWithin7Days: false, periodStart: '2025-03-03', periodEnd: '2025-03-09', cumulativeMinutes7Days: 12 }), expect: '98971 @11' },
  { name: '99451 under 5 minutes is not billable', source: 'CPT 99451 (5 minutes or more)', facts: mcr({ ...consult, verbalDiscussionShare: 0, consultMinutes: 4 }), expect: 'not billable: under 5 minutes' },
  { name: '99451 at 6 minutes', source: 'CPT 99451', facts: mcr({ ...consult, verbalDiscussionShare: 0, consultMinutes: 6 }), expect: '99451 @11' },
  { name: 'verbal and written consult 25 min → 99448', source: 'CPT 99446-99449 (>50% verbal)', facts: mcr({ ...consult, verbalDiscussionShare: 0.7, consultMinutes: 25 }), expect: '99448 @11' },
  { name: 'consultant saw the patient in the prior 14 days', source: 'CPT 99446-99451 guidelines', facts: mcr({ ...consult, consultantSawPatientWithinPrior14Days: true, verbalDiscussionShare: 0, consultMinutes: 10 }), expect: 'not billable: previous 14 days' },
  { name: 'requesting practitioner 20 min → 99452', source: 'CPT 99452; CY2019 PFS (16-30 min)', facts: mcr({ ...consult, role: 'treating_requesting', referralPrepAndCommunicationMinutes: 20 }), expect: '99452 @11' },
  { name: 'clinical psychologist written consult → G0550', source: 'CY2025 PFS G0546-G0551', facts: mcr({ ...consult, providerType: 'clinical_psychologist', verbalDiscussionShare: 0.2, consultMinutes: 9 }), expect: 'G0550 @11' },
  { name: 'RPM 2025 with 12 days of readings: no 99454, 99457 for 25 min', source: 'CPT 99454 (16 days); CPT 99457', facts: rpm({ usualInPersonPos: '11', daysWithReadings: 12, treatmentMgmtMinutesCalendarMonth: 25 }), expect: '99457 @11' },
  { name: 'RPM 2026 with 12 days → 99445; 15 min → 99470', source: 'CY2026 PFS: 99445, 99470', facts: rpm({ dateOfService: '2026-03-30', periodStart: '2026-03-01', periodEnd: '2026-03-30', usualInPersonPos: '11', daysWithReadings: 12, treatmentMgmtMinutesCalendarMonth: 15 }), expect: '99445 @11, 99470 @11' },
  { name: 'RPM 2025 99457 under 20 minutes is not billable', source: 'CPT 99457 (first 20 minutes)', facts: rpm({ usualInPersonPos: '11', daysWithReadings: 20, treatmentMgmtMinutesCalendarMonth: 15 }), expect: '99454 @11' },
  { name: 'RPM 2025 setup, 20 days, 45 min → 99453, 99454, 99457, 99458', source: 'CPT 99453-99458; CMS: 99458 per full 20 min', facts: rpm({ usualInPersonPos: '11', setupAndEducationThisPeriod: true, daysWithReadings: 20, treatmentMgmtMinutesCalendarMonth: 45 }), expect: '99453 @11, 99454 @11, 99457 @11, 99458 @11' },
  { name: 'RPM when another practitioner bills the period', source: 'CY2021 PFS (one practitioner per 30 days)', facts: rpm({ usualInPersonPos: '11', otherPractitionerBillingRpmSamePeriod: true, daysWithReadings: 20, treatmentMgmtMinutesCalendarMonth: 25 }), expect: 'not billable: only one may bill' },
  { name: 'telepharmacy counselling on Medicare', source: 'SSA §1842(b)(18)(C)', facts: mcr({ serviceType: 'telepharmacy_counselling', providerType: 'pharmacist', modality: 'audio_video' }), expect: 'not billable: not Medicare distant-site practitioners' },
  { name: 'pharmacist incident-to under virtual direct supervision → 99211', source: '42 CFR 410.26; CY2026 PFS virtual direct supervision', facts: mcr({ dateOfService: '2026-05-05', serviceType: 'pharmacist_incident_to', providerType: 'pharmacist', patientStatus: 'established', supervision: 'direct_virtual', usualInPersonPos: '11' }), expect: '99211 @11' },
  { name: 'interpreter on Medicare: no T1013 line', source: 'HCPCS T1013 status I', facts: em({ patientLocation: 'home', mdmLevel: 'low', interpreterInvolved: true }), expect: '99213 @10' },
];

describe('Medicare FFS coding', () => {
  it.each(CASES)('$name ($source)', (c) => {
    const actual = summary(codeEncounter(c.facts));
    expect(matches(actual, c.expect), `got ${actual}`).toBe(true);
  });

  it('has at least 40 cited cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const c of CASES) expect(c.source.length).toBeGreaterThan(5);
  });
});
