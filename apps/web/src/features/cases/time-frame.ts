/**
 * The window a report's recommended time frame suggests for the follow-up visit. The time frame is the
 * specialist's free text ("within 4 weeks", "2-3 months", "in two weeks"); the first number and unit found
 * give the latest date. Text that names no span gives no window (the referrer picks a time themselves),
 * except an urgent recommendation, which defaults to two days.
 */
const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, a: 1, an: 1 };
const DAYS: Record<string, number> = { day: 1, week: 7, fortnight: 14, month: 30, year: 365 };
const SPAN = /(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?)(?:\s*(?:-|–|to|or)\s*(\d{1,3}))?\s*(day|week|fortnight|month|year)s?\b/i;
const URGENT_DAYS = 2;

export interface VisitWindow {
  /** The latest start the recommendation allows. */
  by: Date;
  /** A sensible first proposal inside the window: the next day at 09:00 local time, or sooner if the window is shorter. */
  proposed: Date;
}

/**
 * @param outcome - the report's outcome code.
 * @param timeFrame - the report's time frame, as written.
 * @param now - the current time.
 */
export function suggestedWindow(outcome: string, timeFrame: string | null, now: Date): VisitWindow | null {
  const m = timeFrame ? SPAN.exec(timeFrame) : null;
  let days: number | null = null;
  if (m) {
    const first = /^\d/.test(m[1]!) ? Number(m[1]) : WORDS[m[1]!.toLowerCase()]!;
    const count = m[2] ? Math.max(first, Number(m[2])) : first;
    days = count * DAYS[m[3]!.toLowerCase()]!;
  } else if (outcome === 'recommend_urgent_visit') {
    days = URGENT_DAYS;
  }
  if (days === null || days <= 0) return null;
  const by = new Date(now.getTime() + days * 86_400_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const soon = new Date(Math.ceil((now.getTime() + 3_600_000) / 3_600_000) * 3_600_000);
  return { by, proposed: tomorrow < by ? tomorrow : soon };
}

/** A Date as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
