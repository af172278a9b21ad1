import type { Actor } from '../../platform/actor.js';
import type { Services } from '../../services.js';
import { DEMO_EMAIL_DOMAIN, PATIENT_LOGIN_MRN } from './demo-data.js';

/** The seeded demo visit: who hosts it and the patient's join link (no patient name, see docs/visits.md). */
export interface DemoVisit {
  visitId: string;
  hostEmail: string;
  /** A fresh link each run (links are stored hashed, so an old one cannot be printed again); the previous one is revoked. */
  joinUrl: string;
  validUntil: string;
}

const DEMO_HOST = `dr.prairie@${DEMO_EMAIL_DOMAIN}`;
const DEMO_REASON = 'Demo video visit';

/**
 * An on-demand video visit hosted by the Prairie Creek clinician for the demo patient, with a fresh patient
 * invitation: sign in as the host, open Visits → Open room, and open the printed link in another browser.
 * @param patientIds - MRN → id of the demo patients.
 */
export async function seedDemoVisit(
  s: Pick<Services, 'visits' | 'users' | 'patients'>,
  actor: Actor,
  patientIds: Map<string, string>,
): Promise<DemoVisit | null> {
  const host = await s.users.findByEmail(DEMO_HOST);
  const patientId = patientIds.get(PATIENT_LOGIN_MRN);
  if (!host || !patientId) return null;
  const patient = await s.patients.get(actor, patientId);
  const visit =
    (await s.visits.findOpen(actor, patientId, host.id, DEMO_REASON)) ??
    (await s.visits.create(actor, { patientId, siteId: patient.siteId, hostUserId: host.id, scheduledStart: null, durationMinutes: 30, reason: DEMO_REASON }));
  const invitation = await s.visits.invite(actor, visit.id, { kind: 'patient', sendEmail: false });
  return { visitId: visit.id, hostEmail: DEMO_HOST, joinUrl: invitation.joinUrl, validUntil: invitation.validUntil };
}
