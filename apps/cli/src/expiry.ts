import { UsageError } from './cli-errors.js';

/**
 * Parses a token lifetime: `Nd`, N days from 1 to 365 (the API's ApiTokenCreate.expiresInDays range).
 * @param text - the value of `--expires`, such as `30d`.
 * @returns the number of days.
 * @throws UsageError for anything else.
 */
export function parseExpiry(text: string): number {
  const m = /^([0-9]{1,3})d$/.exec(text.trim());
  const days = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new UsageError(`--expires must be a number of days from 1d to 365d, such as 30d (got "${text}")`);
  }
  return days;
}
