import type { Attestation, ClaimDetails } from '@telehealth/contracts/billing-queue';
import type { Actor } from '../../platform/actor.js';
import type { Services } from '../../services.js';
import { startAdmittedCall } from '../visits/admitted-call.service.js';
import { DEMO_EMAIL_DOMAIN, SITE } from './demo-data.js';

type BillingDemoServices = Pick<Services, 'users' | 'patients' | 'visits' | 'visitJoin' | 'visitSession' | 'cases' | 'caseReview' | 'caseTime' | 'encounters' | 'visitBilling'>;

const HOST = `dr.prairie@${DEMO_EMAIL_DOMAIN}`;
const REFERRER = `dr.windriver@${DEMO_EMAIL_DOMAIN}`;
const DERMATOLOGIST = `dermatology@${DEMO_EMAIL_DOMAIN}`;
const BILLER = `billing@${DEMO_EMAIL_DOMAIN}`;
const VISIT_PATIENT = 'HPH-100006';
const CASE_PATIENT = 'HPH-100016';
const VISIT_REASON = 'Demo completed video visit: blood pressure follow-up';

async function actorFor(s: BillingDemoServices, email: string): Promise<Actor | null> {
  const u = await s.users.findByEmail(email);
  return u ? { userId: u.id, organizationId: u.organizationId, roles: u.roles, patientId: null, via: 'system', sessionId: null, tokenId: null } : null;
}

/** Fictional coverage for the demo claims (Medicare Part B; the member id follows the MBI format). */
const claimDetails = (memberId: string): ClaimDetails => ({
  filingIndicator: 'MB', memberId, payerName: 'Medicare Part B Demo MAC', payerId: '03302',
  address: { line1: '100 Prairie Rd', city: 'Havre', state: 'MT', postalCode: '59501' }, diagnoses: ['I10'],
});

/**
 * Seeds what the billing queue shows (docs/demo.md): a completed video visit (Prairie Creek clinician and a
 * patient at home, through the real visit session so the timeline is the one a call writes) and a consult from
 * Wind River answered by the dermatologist with no visit needed, with review and preparation time entered as
 * corrections with a reason. The clinicians' attestations (Medicare, established, MDM) and claim details are
 * recorded through the queue. Idempotent: a second run finds the ended visit and the consult and adds nothing.
 */
export async function seedDemoBilling(s: BillingDemoServices, patientIds: Map<string, string>, siteIds: Map<string, string>): Promise<void> {
  const [host, referrer, derm, biller] = await Promise.all([HOST, REFERRER, DERMATOLOGIST, BILLER].map((e) => actorFor(s, e)));
  const visitPatient = patientIds.get(VISIT_PATIENT);
  const casePatient = patientIds.get(CASE_PATIENT);
  const windRiver = siteIds.get(SITE.windRiver);
  if (!host || !referrer || !derm || !biller || !visitPatient || !casePatient || !windRiver) return;
  const visitId = await completedVisit(s, host, visitPatient);
  const caseId = await answeredCase(s, referrer, derm, casePatient, windRiver);
  const queue = await s.encounters.queue(biller, {});
  const attest = async (sourceId: string | null, kind: string, a: Attestation, memberId: string) => {
    const e = queue.items.find((x) => x.sourceId === sourceId && x.sourceKind === kind);
    if (!e || Object.keys(e.attestation).length > 0 || e.state !== 'ready') return;
    await s.encounters.attest(biller, e.id, a);
    await s.encounters.setClaimDetails(biller, e.id, claimDetails(memberId));
  };
  await attest(visitId, 'visit', { payerProfile: 'medicare_ffs', patientStatus: 'established', mdmLevel: 'moderate', providerType: 'physician' }, '1EG4TE5MK73');
  await attest(caseId, 'case', { payerProfile: 'medicare_ffs', providerType: 'physician' }, '2FH5UF6NL84');
  await attest(caseId, 'case_referral', { payerProfile: 'medicare_ffs', providerType: 'physician' }, '2FH5UF6NL84');
}

/** An ended visit of the demo patient hosted by the Prairie Creek clinician, or a new one taken through a call. */
async function completedVisit(s: BillingDemoServices, host: Actor, patientId: string): Promise<string | null> {
  const patient = await s.patients.get(host, patientId);
  const prior = await s.visitBilling.findEnded(patientId, host.userId, VISIT_REASON);
  if (prior) return prior;
  const call = await startAdmittedCall(s, host, { patientId, siteId: patient.siteId, hostUserId: host.userId, scheduledStart: null, durationMinutes: 20, reason: VISIT_REASON });
  await s.visitSession.end(call.host);
  return call.visitId;
}

/** The Wind River consult answered "no visit needed", or a new one with review and preparation time. */
async function answeredCase(s: BillingDemoServices, referrer: Actor, derm: Actor, patientId: string, siteId: string): Promise<string | null> {
  const mine = (await s.cases.list(referrer, { view: 'referred', limit: 200 })).items.find((c) => c.patientId === patientId && c.specialty === 'dermatology');
  if (mine) return mine.id;
  const draft = await s.cases.create(referrer, {
    patientId, siteId, specialty: 'dermatology', urgency: 'routine', question: '[demo] Rough scaly spot on the back of the hand for 2 months. Actinic keratosis?',
    history: { lesion_site: 'back of right hand', duration: '2 months', evolution: 'stable', symptoms: ['none'] },
    consent: { given: true, method: 'verbal' },
  });
  const prep = await s.caseTime.heartbeat(referrer, draft.id);
  await s.caseTime.correct(referrer, draft.id, prep.id, { seconds: 18 * 60, reason: 'Demo: preparation and communication time entered from the referral log' });
  await s.cases.submit(referrer, draft.id, undefined);
  await s.caseReview.claim(derm, draft.id);
  const review = await s.caseTime.heartbeat(derm, draft.id);
  await s.caseTime.correct(derm, draft.id, review.id, { seconds: 12 * 60, reason: 'Demo: review time entered from the reading log' });
  await s.caseReview.sign(derm, draft.id, {
    outcome: 'answered_no_visit_needed',
    fields: { diagnosis: 'Actinic keratosis', management: 'Cryotherapy at the next routine visit; sun protection', biopsy_needed: false, in_person_needed: false },
  });
  return draft.id;
}
