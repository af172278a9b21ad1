/** The pure facts derivation: the same records always give the same facts, with their sources. */
import { describe, expect, it } from 'vitest';
import type { VisitDetail } from '@telehealth/contracts/visits';
import { factsFromCase, type CaseRecord } from './facts-from-case.js';
import { factsFromVisit } from './facts-from-visit.js';

const H = 3_600_000;
const participant = (id: string, kind: VisitDetail['participants'][number]['kind'], userId: string | null) => ({
  id, kind, userId, displayName: kind, invitedAt: '2026-03-02T16:00:00.000Z', admittedAt: '2026-03-02T16:01:00.000Z',
  consentVersion: null, consentAt: null, revokedAt: null, removedAt: null, cohostAt: null,
});
function visit(extra: VisitDetail['participants'] = [], durations = { totalMs: 20 * 60_000, patientAndClinicianMs: 20 * 60_000, audioOnlyMs: 0 }): VisitDetail {
  return {
    id: 'v', organizationId: 'o', siteId: 's', patientId: 'p', hostUserId: 'host', scheduledStart: null, durationMinutes: 20, reason: 'r',
    modality: 'video', status: 'ended', createdAt: '2026-03-02T16:00:00.000Z', startedAt: '2026-03-03T05:30:00.000Z', endedAt: '2026-03-03T05:50:00.000Z',
    participants: [participant('h', 'host', 'host'), participant('pt', 'patient', null), ...extra], timeline: [], durations,
  };
}
const clinic = { kind: 'clinic' as const, timeZone: 'America/Denver' };

describe('facts from a visit', () => {
  it('dates the service in the site’s time zone and places a patient who joined alone at home', () => {
    const d = factsFromVisit(visit(), clinic, {});
    // 05:30 UTC on 3 March is 22:30 on 2 March in Denver
    expect(d.facts).toMatchObject({ dateOfService: '2026-03-02', modality: 'audio_video', totalTimeMinutes: 20, patientLocation: 'home', usualInPersonPos: '11', interpreterInvolved: false });
    expect(d.sources.patientLocation).toMatch(/own link/);
  });

  it('places the patient at the site when a staff member joined with them, and notes an interpreter', () => {
    const d = factsFromVisit(visit([participant('c', 'clinician', 'nurse-user'), participant('i', 'interpreter', null)]), { kind: 'emergency_department', timeZone: 'UTC' }, {});
    expect(d.facts).toMatchObject({ patientLocation: 'hospital_emergency_department', interpreterInvolved: true, usualInPersonPos: '23' });
  });

  it('is audio-only only when no video time was shared, and leaves modality out when they never met', () => {
    expect(factsFromVisit(visit([], { totalMs: 1, patientAndClinicianMs: 9 * 60_000, audioOnlyMs: 9 * 60_000 }), clinic, {}).facts).toMatchObject({ modality: 'audio_only', medicalDiscussionMinutes: 9 });
    expect(factsFromVisit(visit([], { totalMs: 0, patientAndClinicianMs: 0, audioOnlyMs: 0 }), clinic, {}).facts.modality).toBeUndefined();
  });

  it('lets the attestation win, with its source', () => {
    const d = factsFromVisit(visit(), clinic, { patientLocation: 'physician_office', serviceType: 'synchronous_telehealth_behavioral', mdmLevel: 'high' });
    expect(d.facts).toMatchObject({ patientLocation: 'physician_office', serviceType: 'synchronous_telehealth_behavioral', psychotherapyMinutes: 20, mdmLevel: 'high' });
    expect(d.sources.patientLocation).toBe('attested');
  });
});

describe('facts from a consult', () => {
  const answeredAt = '2026-03-10T18:00:00.000Z';
  const c: CaseRecord = {
    assigneeId: 'derm', submittedAt: '2026-03-09T18:00:00.000Z', answeredAt, consent: { given: true, method: 'verbal' },
    report: { outcome: 'recommend_visit', signedAt: answeredAt }, time: { specialistSeconds: 7 * 60 + 59, referrerSeconds: 16 * 60 },
  };
  const ctx = (now: number, visits: { hostUserId: string; startedAt: string | null }[] = []) => ({ site: clinic, consultantPos: '22', visits, now });
  const answered = Date.parse(answeredAt);

  it('derives the consultant’s minutes and leaves the 14-day look-ahead open until it is known', () => {
    const open = factsFromCase(c, 'case', ctx(answered + H), {});
    expect(open.facts).toMatchObject({ role: 'consultant', consultMinutes: 7, writtenReport: true, verbalConsentDocumented: true, usualInPersonPos: '22', consultantSawPatientWithinPrior14Days: false });
    expect(open.facts.leadsToTransferOrVisitWithin14Days).toBeUndefined();
    expect(factsFromCase(c, 'case', ctx(answered + 15 * 24 * H), {}).facts.leadsToTransferOrVisitWithin14Days).toBe(false);
    const seen = ctx(answered + H, [{ hostUserId: 'derm', startedAt: new Date(answered + 3 * 24 * H).toISOString() }]);
    expect(factsFromCase(c, 'case', seen, {}).facts.leadsToTransferOrVisitWithin14Days).toBe(true);
  });

  it('settles the look-ahead when the report says no visit is needed', () => {
    const d = factsFromCase({ ...c, report: { outcome: 'answered_no_visit_needed', signedAt: answeredAt } }, 'case', ctx(answered + H), {});
    expect(d.facts.leadsToTransferOrVisitWithin14Days).toBe(false);
  });

  it('derives the 24-hour and 7-day facts of a review of images from the patient’s visits', () => {
    const later = [{ hostUserId: 'gp', startedAt: new Date(answered + 30 * H).toISOString() }];
    const d = factsFromCase(c, 'case', ctx(answered + 40 * H, later), { serviceType: 'store_and_forward_review' });
    expect(d.facts).toMatchObject({ serviceType: 'store_and_forward_review', modality: 'asynchronous_images', emVisitFollowedWithin24h: false, emVisitWithin7Days: true, relatedEmWithinPrior7Days: false });
  });

  it('gives the requesting side the referrer’s minutes', () => {
    expect(factsFromCase(c, 'case_referral', ctx(answered), {}).facts).toMatchObject({ role: 'treating_requesting', referralPrepAndCommunicationMinutes: 16, usualInPersonPos: '11' });
  });
});
