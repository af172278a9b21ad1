import type { Participant, ParticipantKind, TimelineKind, Visit, VisitDetail, VisitStatus } from '@telehealth/contracts/visits';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { computeDurations } from './visit-durations.js';
import { transition, type VisitEvent } from './visit-lifecycle.js';
import * as repo from './visits.repo.js';

/**
 * Moves a visit through the lifecycle and writes the `state` timeline row in one transaction. The update is a
 * compare-and-set on the current state, so two concurrent changes cannot both apply.
 * @returns the new state.
 */
export async function applyTransition(db: Db, clock: Clock, visit: repo.VisitRow, event: VisitEvent, participantId: string | null = null): Promise<VisitStatus> {
  const from = visit.status as VisitStatus;
  const to = transition(from, event);
  const at = new Date(clock());
  await db.transaction(async (tx) => {
    const patch: Partial<repo.VisitRow> = { status: to };
    if (to === 'in_progress' && !visit.startedAt) patch.startedAt = at;
    if (to === 'ended') patch.endedAt = at;
    if (!(await repo.updateVisitIf(tx, visit.id, from, patch))) throw new AppError('VISIT_TRANSITION_INVALID', 'The visit changed meanwhile.');
    await repo.insertEvent(tx, { visitId: visit.id, at, kind: 'state', participantId, detail: { from, to, event } });
  });
  Object.assign(visit, { status: to });
  return to;
}

/** Appends one timeline row. */
export async function recordEvent(db: Db, clock: Clock, visitId: string, kind: TimelineKind, participantId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await repo.insertEvent(db, { visitId, at: new Date(clock()), kind, participantId, detail });
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toVisitDto(r: repo.VisitRow): Visit {
  return {
    id: r.id,
    organizationId: r.organizationId,
    siteId: r.siteId,
    patientId: r.patientId,
    hostUserId: r.hostUserId,
    scheduledStart: iso(r.scheduledStart),
    durationMinutes: r.durationMinutes,
    reason: r.reason,
    modality: r.modality as Visit['modality'],
    status: r.status as VisitStatus,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    caseId: r.caseId,
  };
}

export function toParticipantDto(p: repo.ParticipantRow): Participant {
  return {
    id: p.id,
    kind: p.kind as ParticipantKind,
    displayName: p.displayName,
    userId: p.userId,
    invitedAt: p.invitedAt.toISOString(),
    admittedAt: iso(p.admittedAt),
    consentVersion: p.consentVersion,
    consentAt: iso(p.consentAt),
    revokedAt: iso(p.revokedAt),
    removedAt: iso(p.removedAt),
    cohostAt: iso(p.cohostAt),
  };
}

/** The visit with its participants, timeline and computed durations. */
export async function loadDetail(db: Db, clock: Clock, visit: repo.VisitRow): Promise<VisitDetail> {
  const [participants, events] = await Promise.all([repo.listParticipants(db, visit.id), repo.listEvents(db, visit.id)]);
  const kinds = new Map(participants.map((p) => [p.id, p.kind as ParticipantKind]));
  const timeline = events.map((e) => ({ at: e.at.toISOString(), kind: e.kind as TimelineKind, participantId: e.participantId, detail: e.detail }));
  const firstModality = events.find((e) => e.kind === 'modality')?.detail.from;
  const initial = firstModality === 'audio_only' || (firstModality === undefined && visit.modality === 'audio_only') ? 'audio_only' : 'video';
  const durations = computeDurations(
    events.map((e) => ({ at: e.at.getTime(), kind: e.kind as TimelineKind, participantId: e.participantId, detail: e.detail })),
    kinds,
    initial,
    clock(),
  );
  return { ...toVisitDto(visit), participants: participants.map(toParticipantDto), timeline, durations };
}
