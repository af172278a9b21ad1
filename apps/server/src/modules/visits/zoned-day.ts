/**
 * The UTC instants bounding a calendar day in an IANA time zone, DST-aware (a local day may be 23 or 25 hours).
 * @param date - 'YYYY-MM-DD' in the zone.
 * @param timeZone - IANA zone name (already validated when the site was created).
 */
export function zonedDayRange(date: string, timeZone: string): { from: Date; to: Date } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { from: new Date(zonedMidnight(y, m, d, timeZone)), to: new Date(zonedMidnight(y, m, d + 1, timeZone)) };
}

function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess, then at the corrected instant (handles a DST change that day).
  const first = guess - offsetMs(guess, timeZone);
  return guess - offsetMs(first, timeZone);
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(at / 1000) * 1000;
}
