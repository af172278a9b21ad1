import { describe, expect, it } from 'vitest';
import type { ParticipantKind } from '@telehealth/contracts/visits';
import { computeDurations, type DurationEvent } from './visit-durations.js';

const kinds = new Map<string, ParticipantKind>([
  ['H', 'host'],
  ['P', 'patient'],
  ['I', 'interpreter'],
]);
const s = (sec: number) => sec * 1000;
const ev = (at: number, kind: DurationEvent['kind'], participantId: string | null, detail: Record<string, unknown> = {}): DurationEvent => ({
  at: s(at),
  kind,
  participantId,
  detail,
});

describe('visit durations', () => {
  it('counts nothing for a visit that never started', () => {
    expect(computeDurations([ev(0, 'join', 'P')], kinds, 'video', s(100))).toEqual({ totalMs: 0, patientAndClinicianMs: 0, audioOnlyMs: 0 });
  });

  it('measures total from in_progress to ended and together-time from admit to the first leave', () => {
    const events = [
      ev(0, 'join', 'H'),
      ev(10, 'join', 'P'),
      ev(10, 'state', null, { to: 'waiting' }),
      ev(70, 'admit', 'P'),
      ev(70, 'admit', 'H'),
      ev(70, 'state', null, { to: 'in_progress' }),
      ev(670, 'leave', 'P'),
      ev(700, 'state', null, { to: 'ended' }),
    ];
    expect(computeDurations(events, kinds, 'video', s(10_000))).toEqual({ totalMs: s(630), patientAndClinicianMs: s(600), audioOnlyMs: 0 });
  });

  it('excludes a reconnection gap and counts audio-only time inside the together-time', () => {
    const events = [
      ev(0, 'join', 'H'),
      ev(0, 'admit', 'H'),
      ev(5, 'join', 'P'),
      ev(10, 'admit', 'P'),
      ev(10, 'state', null, { to: 'in_progress' }),
      ev(100, 'leave', 'P', { reason: 'dropped' }),
      ev(100, 'state', null, { to: 'reconnecting' }),
      ev(130, 'reconnect', 'P'),
      ev(130, 'state', null, { to: 'in_progress' }),
      ev(200, 'modality', 'P', { to: 'audio_only' }),
      ev(200, 'modality', 'P', { to: 'audio_only' }),
      ev(260, 'modality', 'H', { to: 'video' }),
      ev(300, 'join', 'I'),
      ev(400, 'state', null, { to: 'ended' }),
      ev(400, 'leave', 'H'),
    ];
    expect(computeDurations(events, kinds, 'video', s(9_999))).toEqual({
      totalMs: s(390),
      patientAndClinicianMs: s(90 + 270),
      audioOnlyMs: s(60),
    });
  });

  it('runs to now for a live visit and treats a removed patient as gone', () => {
    const events = [ev(0, 'join', 'H'), ev(0, 'admit', 'H'), ev(1, 'join', 'P'), ev(2, 'admit', 'P'), ev(2, 'state', null, { to: 'in_progress' })];
    expect(computeDurations(events, kinds, 'audio_only', s(62))).toEqual({ totalMs: s(60), patientAndClinicianMs: s(60), audioOnlyMs: s(60) });
    const removed = [...events, ev(32, 'remove', 'P')];
    expect(computeDurations(removed, kinds, 'video', s(62)).patientAndClinicianMs).toBe(s(30));
  });
});
