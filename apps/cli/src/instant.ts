import { UsageError } from './cli-errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO 8601 instant for `--from`/`--to`: a UTC date (`2026-01-31`) or a date-time with `Z` or an
 * offset (`2026-01-31T08:00:00-07:00`). A bare date starts at 00:00 UTC, or with `endOfDay` runs to the
 * day's last millisecond, so `--to 2026-01-31` includes that whole day.
 * @throws UsageError for anything else, including a date-time without a zone (ambiguous).
 */
export function parseInstant(text: string, flag: string, endOfDay = false): Date {
  const t = text.trim();
  let date: Date | null = null;
  if (DATE.test(t)) date = new Date(`${t}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`);
  else if (DATE_TIME.test(t)) date = new Date(t);
  if (!date || Number.isNaN(date.getTime()) || (DATE.test(t) && date.toISOString().slice(0, 10) !== t)) {
    throw new UsageError(
      `${flag} must be an ISO 8601 date (2026-01-31) or date-time with a zone (2026-01-31T08:00:00Z); got "${text}"`,
    );
  }
  return date;
}
