import { describe, expect, it } from 'vitest';
import { zonedDayRange } from './zoned-day.js';

describe('zonedDayRange', () => {
  it('bounds a Denver winter day at 07:00Z', () => {
    const r = zonedDayRange('2026-01-15', 'America/Denver');
    expect(r.from.toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-01-16T07:00:00.000Z');
  });

  it('gives the 23-hour day of the spring DST change', () => {
    const r = zonedDayRange('2026-03-08', 'America/Chicago');
    expect(r.from.toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(r.to.getTime() - r.from.getTime()).toBe(23 * 3600_000);
  });

  it('handles zones east of UTC and month ends', () => {
    const r = zonedDayRange('2026-01-31', 'Asia/Kolkata');
    expect(r.from.toISOString()).toBe('2026-01-30T18:30:00.000Z');
    expect(r.to.toISOString()).toBe('2026-01-31T18:30:00.000Z');
  });
});
