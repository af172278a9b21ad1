import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { makeCursor, openCursor } from './case-cursor.js';
import { resumeClock, startClock } from './case-clock.js';

const H = 3_600_000;
const t0 = new Date(Date.UTC(2026, 0, 15, 14));

describe('the turnaround clock', () => {
  it('starts with the deadline at the target and the warning at 75 % of it', () => {
    const c = startClock({ submittedAt: null, pausedMs: 0 }, t0, 24 * H, 0);
    expect([c.submittedAt, c.dueAt!.getTime() - t0.getTime(), c.warnAt!.getTime() - t0.getTime()]).toEqual([t0, 24 * H, 18 * H]);
    expect([c.warnedAt, c.breachedAt, c.pausedMs]).toEqual([null, null, 0]);
  });

  it('keeps the first submission time on resubmission and counts the returned time as paused', () => {
    const first = new Date(t0.getTime() - 5 * H);
    const c = startClock({ submittedAt: first, pausedMs: H }, t0, 2 * H, 3 * H);
    expect([c.submittedAt, c.pausedMs, c.dueAt!.getTime() - t0.getTime()]).toEqual([first, 4 * H, 2 * H]);
  });

  it('moves the deadline and the warning later by the pause when it resumes', () => {
    const c = resumeClock({ dueAt: new Date(t0.getTime() + 10 * H), warnAt: new Date(t0.getTime() + 7 * H), pausedMs: H }, 2 * H);
    expect([c.dueAt!.getTime() - t0.getTime(), c.warnAt!.getTime() - t0.getTime(), c.pausedMs]).toEqual([12 * H, 9 * H, 3 * H]);
  });
});

describe('worklist cursors', () => {
  it('round-trips a key with microseconds and refuses anything else', () => {
    const key = { key: '2026-01-15 14:00:00.123456+00', id: '0b6f3c1e-8f5a-4c1e-9a57-2c3d4e5f6a7b' };
    expect(openCursor(makeCursor(key))).toEqual(key);
    for (const bad of ['', '!!', Buffer.from('{}').toString('base64url'), Buffer.from('["now()","x"]').toString('base64url')]) {
      expect(() => openCursor(bad)).toThrow(AppError);
    }
  });
});
