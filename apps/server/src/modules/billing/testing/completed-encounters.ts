/** Test helpers: a video visit taken through the real visit session with a scripted timeline. */
import type { Actor } from '../../../platform/actor.js';
import type { TestApp } from '../../../testing/harness.js';
import { startAdmittedCall } from '../../visits/admitted-call.service.js';

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
  const call = await startAdmittedCall(t.services, host, {
    patientId, siteId, scheduledStart: null, durationMinutes: 30, reason: 'Follow-up', ...(script.startAudioOnly ? { modality: 'audio_only' as const } : {}),
  });
  t.clock.advance(script.videoMinutes * MIN);
  if (script.audioMinutes > 0 && !script.startAudioOnly) await t.services.visitSession.changeModality(call.patient, 'audio_only');
  t.clock.advance(script.audioMinutes * MIN);
  await t.services.visitSession.end(call.host);
  return call.visitId;
}
