import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';

/** 32 random bytes (256 bits), base64url: 43 characters, unguessable, carries no PHI. */
export function issueJoinToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashJoinToken(token) };
}

/** Only the SHA-256 of a join token is stored: a database reader cannot join a visit. */
export function hashJoinToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * When a visit's links work: from VISIT_JOIN_BEFORE_MINUTES before the scheduled start to
 * VISIT_JOIN_AFTER_MINUTES after it. An on-demand visit counts from when the link was issued.
 * @param invitedAt - when the participant was invited (the start of an on-demand visit's window).
 */
export function joinWindow(config: Config, visit: { scheduledStart: Date | null }, invitedAt: Date): { from: Date; until: Date } {
  const base = (visit.scheduledStart ?? invitedAt).getTime();
  return {
    from: new Date(visit.scheduledStart ? base - config.visitJoinBeforeMinutes * 60_000 : base),
    until: new Date(base + config.visitJoinAfterMinutes * 60_000),
  };
}
