import { describe, expect, it } from 'vitest';
import { suggestedWindow, toLocalInput } from './time-frame';

const now = new Date('2026-03-02T15:20:00Z'); // TZ=UTC in tests
const days = (w: ReturnType<typeof suggestedWindow>) => (w ? (w.by.getTime() - now.getTime()) / 86_400_000 : null);

describe('suggestedWindow', () => {
  it('reads the span of common time frames', () => {
    expect(days(suggestedWindow('recommend_visit', 'within 4 weeks', now))).toBe(28);
    expect(days(suggestedWindow('recommend_visit', 'Within 3 months', now))).toBe(90);
    expect(days(suggestedWindow('recommend_visit', '2-3 weeks', now))).toBe(21);
    expect(days(suggestedWindow('recommend_visit', 'in two weeks', now))).toBe(14);
    expect(days(suggestedWindow('recommend_visit', 'within a fortnight', now))).toBe(14);
    expect(days(suggestedWindow('recommend_visit', '10 days', now))).toBe(10);
  });

  it('gives no window for text without a span, except two days for an urgent visit', () => {
    expect(suggestedWindow('recommend_visit', 'at your convenience', now)).toBeNull();
    expect(suggestedWindow('recommend_visit', null, now)).toBeNull();
    expect(days(suggestedWindow('recommend_urgent_visit', null, now))).toBe(2);
    expect(days(suggestedWindow('recommend_urgent_visit', 'within 1 day', now))).toBe(1);
  });

  it('proposes tomorrow at 09:00, or the next full hour when the window is shorter', () => {
    expect(suggestedWindow('recommend_visit', 'within 4 weeks', now)!.proposed.toISOString()).toBe('2026-03-03T09:00:00.000Z');
    const early = new Date('2026-03-02T08:10:00Z');
    expect(suggestedWindow('recommend_urgent_visit', 'within 1 day', early)!.proposed.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(suggestedWindow('recommend_visit', '0 days', now)).toBeNull();
    expect(toLocalInput(new Date('2026-03-03T09:05:00Z'))).toBe('2026-03-03T09:05');
  });
});
