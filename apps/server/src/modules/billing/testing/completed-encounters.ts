/** Test helpers: a video visit taken through the real visit session with a scripted timeline. */
import type { Actor } from '../../../platform/actor.js';
import type { TestApp } from '../../../testing/harness.js';

const MIN = 60_000;

/** A user of the test app as a service-layer actor. */
export function actorOf(userId: string, organizationId: string, roles: Actor['roles']): Actor {
  return { userId, organizationId, roles, patientId: null, via: 'token', sessionId: null, tokenId: null };
}

/**
 * Creates an on-demand visit, lets the patient join with their link and consent, admits them, then runs the
 * call for `videoMinutes` of video and `audioMinutes` of audio only before the host ends it.
 */
export async function completedVisit(t: TestApp, host: Actor, patientId: string, siteId: string, script: { videoMinutes: number; audioMinutes: number; startAudioOnly?: boolean }): Promise<string> {
  const s = t.services;
  const patient = await s.patients.get(host, patientId);
  const visit = await s.visits.create(host, { patientId, siteId, scheduledStart: null, durationMinutes: 30, reason: 'Follow-up', ...(script.startAudioOnly ? { modality: 'audio_only' as const } : {}) });
  const invitation = await s.visits.invite(host, visit.id, { kind: 'patient', sendEmail: false });
  const token = invitation.joinUrl.split('#')[1] ?? '';
  const { consent } = await s.visitJoin.lookup(token);
  await s.visitJoin.consent({ token, consentVersion: consent.version, birthDate: patient.birthDate });
  const { participant } = await s.visitJoin.authenticate(token);
  const hostRoom = await s.visits.staffIdentity(host, visit.id);
  const patientRoom = { ...hostRoom, participantId: participant.id, kind: 'patient' as const, userId: null, displayName: participant.displayName };
  await s.visitSession.connected(hostRoom, false);
  await s.visitSession.connected(patientRoom, false);
  await s.visitSession.admit(hostRoom, participant.id);
  t.clock.advance(script.videoMinutes * MIN);
  if (script.audioMinutes > 0 && !script.startAudioOnly) await s.visitSession.changeModality(patientRoom, 'audio_only');
  t.clock.advance(script.audioMinutes * MIN);
  await s.visitSession.end(hostRoom);
  return visit.id;
}
