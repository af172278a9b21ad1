import { describe, expect, it } from 'vitest';
import type { LoginAttemptRow } from './credentials.repo.js';
import { afterFailure, BASE_BLOCK_MS, blockedFor, FREE_FAILURES, MAX_BLOCK_MS, WINDOW_MS } from './login-throttle.js';

const T0 = Date.UTC(2026, 0, 15, 14, 0, 0);

/** Records `n` consecutive failures at `at`, starting from `from`. */
function fail(n: number, at: number, from: LoginAttemptRow | null = null): LoginAttemptRow | null {
  let row = from;
  for (let i = 0; i < n; i++) row = afterFailure('k', row, at);
  return row;
}

describe('login throttle', () => {
  it('allows five failures without any block (OWASP: do not lock out on a few typos)', () => {
    expect(FREE_FAILURES).toBe(5);
    let row: LoginAttemptRow | null = null;
    for (let i = 1; i <= 5; i++) {
      row = afterFailure('k', row, T0 + i);
      expect(row.failures).toBe(i);
      expect(row.blockedUntil).toBeNull();
      expect(blockedFor(row, T0 + i)).toBe(0);
    }
  });

  it('blocks from the sixth failure, doubling each time from 30 s', () => {
    const row5 = fail(5, T0);
    const waits: number[] = [];
    let row = row5;
    for (let i = 0; i < 5; i++) {
      row = afterFailure('k', row, T0);
      waits.push(blockedFor(row, T0));
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(BASE_BLOCK_MS).toBe(30_000);
  });

  it('caps the block at 15 minutes however many failures follow', () => {
    const row = fail(60, T0);
    expect(MAX_BLOCK_MS).toBe(15 * 60_000);
    expect(blockedFor(row, T0)).toBe(MAX_BLOCK_MS);
    expect(row?.failures).toBe(60);
  });

  it('counts the remaining wait down and ends the block when it expires (no permanent lock-out)', () => {
    const row = fail(6, T0)!;
    expect(blockedFor(row, T0 + 10_000)).toBe(20_000);
    expect(blockedFor(row, T0 + 30_000)).toBe(0);
    expect(blockedFor(row, T0 + 31_000)).toBe(0);
  });

  it('reports no block for an account with no failures', () => {
    expect(blockedFor(null, T0)).toBe(0);
  });

  it('keeps counting failures spread within the window', () => {
    let row = afterFailure('k', null, T0);
    for (let i = 1; i <= 5; i++) row = afterFailure('k', row, T0 + i * 2 * 60_000);
    expect(row.failures).toBe(6);
    expect(row.windowStart.getTime()).toBe(T0);
    expect(row.blockedUntil).not.toBeNull();
  });

  it('starts a fresh count once a window passes with no failure', () => {
    const row = fail(4, T0);
    const next = afterFailure('k', row, T0 + WINDOW_MS + 1);
    expect(next).toMatchObject({ failures: 1, blockedUntil: null });
    expect(next.windowStart.getTime()).toBe(T0 + WINDOW_MS + 1);
  });

  it('does not reset the count exactly at the window edge', () => {
    expect(afterFailure('k', fail(4, T0), T0 + WINDOW_MS).failures).toBe(5);
  });

  it('after a block, starts fresh only once the window and the longest block have passed', () => {
    const blocked = fail(7, T0);
    expect(afterFailure('k', blocked, T0 + WINDOW_MS + 1).failures).toBe(8);
    expect(afterFailure('k', blocked, T0 + WINDOW_MS + MAX_BLOCK_MS + 1)).toMatchObject({ failures: 1, blockedUntil: null });
  });

  it('keeps the account key it was given', () => {
    expect(afterFailure('acct-1', null, T0).accountKey).toBe('acct-1');
  });
});
