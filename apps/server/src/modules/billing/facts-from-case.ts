/**
 * Encounter facts from an answered store-and-forward consult (docs/billing.md#facts-from-the-platform): the
 * consultant's side (interprofessional consultation, or review of the patient's own images) and the requesting
 * practitioner's side (99452). Pure: the same record, visits, clock and attestation give the same facts.
 */
import { CASE_SERVICE_TYPES, type Attestation, type SourceKind } from '@telehealth/contracts/billing-queue';
import { applyAttestation, localDate, usualPosAt, type DerivedFacts, type SiteContext } from './encounter-context.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The consult as the derivation reads it (see CaseBillingService.record). */
export interface CaseRecord {
  assigneeId: string | null;
  submittedAt: string | null;
  answeredAt: string | null;
  consent: { given: boolean; method: string } | null;
  report: { outcome: string; signedAt: string } | null;
  time: { specialistSeconds: number; referrerSeconds: number };
}

/** A visit of the same patient: who hosted it and when it started. */
export interface NearbyVisit {
  hostUserId: string;
  startedAt: string | null;
}

export interface CaseContext {
  site: SiteContext;
  /** The consultant's usual place of service (their specialist role's site), when known. */
  consultantPos: string | null;
  /** The patient's visits that started from 14 days before submission to 14 days after the answer. */
  visits: readonly NearbyVisit[];
  now: number;
}

/**
 * A look-ahead fact: true when a visit started inside the window, false when the window has passed without one,
 * and absent (so the engine answers `needs`) while the window is still open and nothing happened yet.
 */
function lookAhead(visits: readonly NearbyVisit[], from: number, ms: number, now: number, pick: (v: NearbyVisit) => boolean = () => true): { value?: boolean; source: string } {
  const hit = visits.some((v) => v.startedAt !== null && pick(v) && Date.parse(v.startedAt) >= from && Date.parse(v.startedAt) < from + ms);
  if (hit) return { value: true, source: 'a visit of the patient started inside the window' };
  if (now >= from + ms) return { value: false, source: 'no visit of the patient inside the window' };
  return { source: `window open until ${new Date(from + ms).toISOString()}: no visit yet` };
}

function set(d: DerivedFacts, key: string, r: { value?: boolean; source: string }): void {
  if (r.value !== undefined) d.facts[key] = r.value;
  d.sources[key] = r.source;
}

/**
 * Derives the facts of one side of a consult.
 * @param side - `case` (the consultant) or `case_referral` (the requesting practitioner).
 */
export function factsFromCase(c: CaseRecord, side: Exclude<SourceKind, 'visit'>, ctx: CaseContext, attestation: Attestation): DerivedFacts {
  const answered = c.answeredAt ?? c.report?.signedAt ?? null;
  const d: DerivedFacts = { facts: { claimForm: '837P', billingEntity: 'practice' }, sources: { claimForm: 'professional claim', billingEntity: 'practice' } };
  if (answered) {
    d.facts.dateOfService = localDate(answered, ctx.site.timeZone);
    d.sources.dateOfService = `report signed, ${ctx.site.timeZone} calendar`;
  }
  const consented = c.consent?.given === true;
  d.facts.verbalConsentDocumented = consented;
  d.facts.patientConsentDocumented = consented;
  d.sources.verbalConsentDocumented = d.sources.patientConsentDocumented = consented ? `case consent recorded (${c.consent?.method ?? ''})` : 'no consent on the case';
  if (side === 'case_referral') return applyAttestation(referral(d, c, ctx), attestation);
  const attested = attestation.serviceType && (CASE_SERVICE_TYPES as readonly string[]).includes(attestation.serviceType) ? attestation.serviceType : null;
  const at = answered ? Date.parse(answered) : ctx.now;
  if (attested === 'store_and_forward_review') return applyAttestation(review(d, c, ctx, at), attestation);
  return applyAttestation(consultant(d, c, ctx, at), attestation);
}

function referral(d: DerivedFacts, c: CaseRecord, ctx: CaseContext): DerivedFacts {
  Object.assign(d.facts, { serviceType: 'interprofessional_consultation', role: 'treating_requesting', usualInPersonPos: usualPosAt(ctx.site) });
  d.facts.referralPrepAndCommunicationMinutes = Math.floor(c.time.referrerSeconds / 60);
  Object.assign(d.sources, {
    serviceType: 'consult: the requesting practitioner’s side', role: 'the referrer of the case', usualInPersonPos: `referring site kind ${ctx.site.kind}`,
    referralPrepAndCommunicationMinutes: 'time on case: referrer preparation and communication',
  });
  return d;
}

function consultant(d: DerivedFacts, c: CaseRecord, ctx: CaseContext, at: number): DerivedFacts {
  const submitted = c.submittedAt ? Date.parse(c.submittedAt) : at;
  const byConsultant = (v: NearbyVisit) => v.hostUserId === c.assigneeId;
  Object.assign(d.facts, {
    serviceType: 'interprofessional_consultation',
    role: 'consultant',
    consultMinutes: Math.floor(c.time.specialistSeconds / 60),
    // every exchange on a consult is written (messages and the report): no verbal discussion is recorded
    verbalDiscussionShare: 0,
    writtenReport: c.report !== null && c.report.outcome !== 'retake_requested',
    usualInPersonPos: ctx.consultantPos ?? usualPosAt(ctx.site),
  });
  Object.assign(d.sources, {
    serviceType: 'consult: the consultant’s side (default)', role: 'the assigned specialist',
    consultMinutes: 'time on case: specialist review', verbalDiscussionShare: 'written exchange on the platform',
    writtenReport: 'signed report', usualInPersonPos: ctx.consultantPos ? 'the specialist’s site' : `case site kind ${ctx.site.kind}`,
  });
  set(d, 'consultantSawPatientWithinPrior14Days', lookAhead(ctx.visits, submitted - 14 * DAY, 14 * DAY, ctx.now, byConsultant));
  const ahead = lookAhead(ctx.visits, at, 14 * DAY, ctx.now, byConsultant);
  // A report that says no visit is needed settles the look-ahead unless a visit with the consultant happened anyway.
  const settled = ahead.value === undefined && c.report?.outcome === 'answered_no_visit_needed' ? { value: false, source: 'report: no visit needed; no visit with the consultant so far' } : ahead;
  set(d, 'leadsToTransferOrVisitWithin14Days', settled);
  return d;
}

function review(d: DerivedFacts, c: CaseRecord, ctx: CaseContext, at: number): DerivedFacts {
  const submitted = c.submittedAt ? Date.parse(c.submittedAt) : at;
  Object.assign(d.facts, {
    serviceType: 'store_and_forward_review',
    modality: 'asynchronous_images',
    cumulativeMinutes7Days: Math.floor(c.time.specialistSeconds / 60),
    usualInPersonPos: ctx.consultantPos ?? usualPosAt(ctx.site),
  });
  Object.assign(d.sources, {
    serviceType: 'attested', modality: 'images sent with the case', cumulativeMinutes7Days: 'time on case: specialist review',
    usualInPersonPos: ctx.consultantPos ? 'the specialist’s site' : `case site kind ${ctx.site.kind}`,
  });
  set(d, 'relatedEmWithinPrior7Days', lookAhead(ctx.visits, submitted - 7 * DAY, 7 * DAY, ctx.now));
  set(d, 'emVisitFollowedWithin24h', lookAhead(ctx.visits, at, DAY, ctx.now));
  set(d, 'emVisitWithin7Days', lookAhead(ctx.visits, at, 7 * DAY, ctx.now));
  return d;
}
