/**
 * Encounter facts from a completed video visit's timeline (docs/billing.md#facts-from-the-platform). Pure: the
 * same visit record, site and attestation always give the same facts.
 */
import { VISIT_SERVICE_TYPES, type Attestation } from '@telehealth/contracts/billing-queue';
import type { VisitDetail } from '@telehealth/contracts/visits';
import { applyAttestation, localDate, locationAt, usualPosAt, type DerivedFacts, type SiteContext } from './encounter-context.js';

const minutes = (ms: number): number => Math.floor(ms / 60_000);

/**
 * Derives the facts of a synchronous telehealth service from what the visit recorded:
 * - modality: audio-video when patient and clinician had any video time together, else audio-only;
 * - time: the minutes patient and clinician were connected together (the face-to-face part of total time);
 * - patient location: at the visit's site when another staff member joined the room with the patient (an
 *   originating site), else home (the patient joined from their own link) — attest to correct it;
 * - interpreter: an interpreter was admitted; usual POS: the site's kind.
 * @param visit - the ended visit with its participants, timeline and durations.
 * @param site - the visit's site.
 * @param attestation - what a person attested; it wins over derived facts.
 */
export function factsFromVisit(visit: VisitDetail, site: SiteContext, attestation: Attestation): DerivedFacts {
  const { patientAndClinicianMs: together, audioOnlyMs: audio } = visit.durations;
  const videoMs = together - audio;
  const admitted = visit.participants.filter((p) => p.admittedAt !== null);
  const serviceType = attestation.serviceType && (VISIT_SERVICE_TYPES as readonly string[]).includes(attestation.serviceType) ? attestation.serviceType : 'synchronous_telehealth_em';
  const facts: Record<string, unknown> = {
    serviceType,
    claimForm: '837P',
    billingEntity: 'practice',
    practitionerVideoCapable: true,
    interpreterInvolved: admitted.some((p) => p.kind === 'interpreter'),
    usualInPersonPos: usualPosAt(site),
  };
  const sources: Record<string, string> = {
    serviceType: attestation.serviceType ? 'attested' : 'video visit (default: E/M)',
    claimForm: 'professional claim', billingEntity: 'practice',
    practitionerVideoCapable: 'the platform offers video in every visit',
    interpreterInvolved: 'timeline: interpreter admitted or not',
    usualInPersonPos: `site kind ${site.kind}`,
  };
  const when = visit.startedAt ?? visit.endedAt;
  if (when) {
    facts.dateOfService = localDate(when, site.timeZone);
    sources.dateOfService = `visit start, ${site.timeZone} calendar`;
  }
  if (together > 0) {
    facts.modality = videoMs > 0 ? 'audio_video' : 'audio_only';
    sources.modality = `timeline: ${minutes(videoMs)} min video and ${minutes(audio)} min audio only with patient and clinician connected`;
    facts.totalTimeMinutes = minutes(together);
    sources.totalTimeMinutes = 'timeline: patient and clinician connected together (face-to-face time only)';
    if (facts.modality === 'audio_only') {
      facts.medicalDiscussionMinutes = minutes(together);
      sources.medicalDiscussionMinutes = 'timeline: audio-only time with patient and clinician';
    } else {
      facts.patientVideoCapable = true;
      sources.patientVideoCapable = 'timeline: the patient used video';
    }
    if (serviceType === 'synchronous_telehealth_behavioral') {
      facts.psychotherapyMinutes = minutes(together);
      sources.psychotherapyMinutes = 'timeline: patient and clinician connected together';
    }
  }
  const staffWithPatient = admitted.some((p) => p.kind === 'clinician' && p.userId !== visit.hostUserId);
  facts.patientLocation = staffWithPatient ? locationAt(site) : 'home';
  sources.patientLocation = staffWithPatient
    ? `a staff member joined with the patient: at the visit's site (${site.kind})`
    : 'the patient joined from their own link: home (attest if elsewhere)';
  return applyAttestation({ facts, sources }, attestation);
}
