import type { VisitCreate } from '@telehealth/contracts/visits';
import type { Actor } from '../../platform/actor.js';
import type { Services } from '../../services.js';
import type { RoomIdentity } from './visit-session.service.js';

type CallServices = Pick<Services, 'patients' | 'visits' | 'visitJoin' | 'visitSession'>;

/** The two seats of a call started by `startAdmittedCall`, for scripting what happens next. */
export interface AdmittedCall {
  visitId: string;
  host: RoomIdentity;
  patient: RoomIdentity;
}

/**
 * Creates a visit and takes it through the real join path without browsers: the host invites the patient,
 * the patient reads and accepts the consent with their date of birth, both connect and the host admits. The
 * timeline is the one a real call writes, so billing facts derived from it are exact. Used by the demo seed
 * (its completed visit) and by the billing tests (visits with scripted durations).
 */
export async function startAdmittedCall(s: CallServices, host: Actor, visit: VisitCreate): Promise<AdmittedCall> {
  const patient = await s.patients.get(host, visit.patientId);
  const created = await s.visits.create(host, visit);
  const invitation = await s.visits.invite(host, created.id, { kind: 'patient', sendEmail: false });
  const token = invitation.joinUrl.split('#')[1] ?? '';
  const { consent } = await s.visitJoin.lookup(token);
  await s.visitJoin.consent({ token, consentVersion: consent.version, birthDate: patient.birthDate });
  const { participant } = await s.visitJoin.authenticate(token);
  const hostSeat = await s.visits.staffIdentity(host, created.id);
  const patientSeat = { ...hostSeat, participantId: participant.id, kind: 'patient' as const, userId: null, displayName: participant.displayName };
  await s.visitSession.connected(hostSeat, false);
  await s.visitSession.connected(patientSeat, false);
  await s.visitSession.admit(hostSeat, participant.id);
  return { visitId: created.id, host: hostSeat, patient: patientSeat };
}
