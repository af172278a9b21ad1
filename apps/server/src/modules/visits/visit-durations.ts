import type { Modality, ParticipantKind, TimelineKind, VisitDurations } from '@telehealth/contracts/visits';

/** One timeline row as the duration computation needs it. */
export interface DurationEvent {
  at: number;
  kind: TimelineKind;
  participantId: string | null;
  detail: Record<string, unknown>;
}

interface Interval {
  start: number;
  end: number;
}

/**
 * Computes visit durations from the timeline, the source of truth for billing. Exact to the millisecond and
 * deterministic: the same rows always give the same figures.
 *
 * - total: from the first transition into `in_progress` to the transition into `ended` (or `now`).
 * - patient and clinician: the union of intervals in which the patient and the host were both connected
 *   (joined or reconnected, not yet left or removed) and admitted.
 * - audio only: the part of the patient-and-clinician time spent in `audio_only` modality.
 *
 * @param events - the visit's timeline in order.
 * @param kinds - participant id → kind, to find the patient and host.
 * @param initialModality - the modality the visit was created with.
 * @param now - the clock, for a visit still running.
 */
export function computeDurations(
  events: readonly DurationEvent[],
  kinds: ReadonlyMap<string, ParticipantKind>,
  initialModality: Modality,
  now: number,
): VisitDurations {
  let startedAt: number | null = null;
  let endedAt: number | null = null;
  for (const e of events) {
    if (e.kind !== 'state') continue;
    if (e.detail.to === 'in_progress' && startedAt === null) startedAt = e.at;
    if (e.detail.to === 'ended') endedAt = e.at;
  }
  const stop = endedAt ?? now;
  const together = bothConnected(events, kinds, stop);
  const audio = modalityIntervals(events, initialModality, stop);
  return {
    totalMs: startedAt === null ? 0 : Math.max(0, stop - startedAt),
    patientAndClinicianMs: sum(together),
    audioOnlyMs: sum(intersect(together, audio)),
  };
}

function bothConnected(events: readonly DurationEvent[], kinds: ReadonlyMap<string, ParticipantKind>, stop: number): Interval[] {
  const connected = new Set<string>();
  const admitted = new Set<string>();
  const out: Interval[] = [];
  let since: number | null = null;
  const together = (): boolean => {
    const live = [...connected].filter((id) => admitted.has(id)).map((id) => kinds.get(id));
    return live.includes('patient') && live.includes('host');
  };
  for (const e of events) {
    if (e.at > stop) break;
    const id = e.participantId;
    if (id === null) continue;
    const was = together();
    if (e.kind === 'join' || e.kind === 'reconnect') connected.add(id);
    else if (e.kind === 'admit') admitted.add(id);
    else if (e.kind === 'leave' || e.kind === 'remove') connected.delete(id);
    else continue;
    // removed, or away longer than the reconnection grace period: admission must be given again
    if (e.kind === 'remove' || (e.kind === 'leave' && e.detail.reason === 'timed_out')) admitted.delete(id);
    const is = together();
    if (!was && is) since = e.at;
    if (was && !is && since !== null) {
      out.push({ start: since, end: e.at });
      since = null;
    }
  }
  if (since !== null) out.push({ start: since, end: stop });
  return out;
}

function modalityIntervals(events: readonly DurationEvent[], initial: Modality, stop: number): Interval[] {
  const out: Interval[] = [];
  let current = initial;
  let since = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (e.kind !== 'modality' || e.at > stop) continue;
    const to = e.detail.to === 'audio_only' ? 'audio_only' : 'video';
    if (to === current) continue;
    if (current === 'audio_only') out.push({ start: since, end: e.at });
    current = to;
    since = e.at;
  }
  if (current === 'audio_only') out.push({ start: since, end: stop });
  return out;
}

function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (end > start) out.push({ start, end });
    }
  }
  return out;
}

function sum(list: Interval[]): number {
  return list.reduce((acc, i) => acc + (i.end - i.start), 0);
}
