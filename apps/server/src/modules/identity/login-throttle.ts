import type { LoginAttemptRow } from './credentials.repo.js';

/**
 * Per-account sign-in throttle. After FREE_FAILURES failures inside WINDOW_MS, each further failure blocks
 * the account for an exponentially growing time, capped at MAX_BLOCK_MS, and the count resets once a window
 * passes with no failure. Brute force is slowed to a crawl, but the owner is never locked out for good:
 * the block always expires (OWASP Authentication Cheat Sheet, "account lockout").
 */
export const FREE_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const BASE_BLOCK_MS = 30_000;
export const MAX_BLOCK_MS = 15 * 60_000;

export function blockedFor(attempt: LoginAttemptRow | null, now: number): number {
  if (!attempt?.blockedUntil) return 0;
  return Math.max(0, attempt.blockedUntil.getTime() - now);
}

export function afterFailure(accountKey: string, attempt: LoginAttemptRow | null, now: number): LoginAttemptRow {
  const fresh = !attempt || now - attempt.windowStart.getTime() > WINDOW_MS + (attempt.blockedUntil ? MAX_BLOCK_MS : 0);
  const failures = fresh ? 1 : attempt.failures + 1;
  const windowStart = fresh ? new Date(now) : attempt.windowStart;
  const over = failures - FREE_FAILURES;
  const blockedUntil = over > 0 ? new Date(now + Math.min(MAX_BLOCK_MS, BASE_BLOCK_MS * 2 ** (over - 1))) : null;
  return { accountKey, failures, windowStart, blockedUntil };
}
