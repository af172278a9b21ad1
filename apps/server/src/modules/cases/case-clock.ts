import type { Db } from '../../platform/db.js';
import type { CaseRow } from './cases.repo.js';
import * as repo from './cases.repo.js';
import * as flow from './case-flow.repo.js';

/**
 * The turnaround clock of a case (docs/cases.md "Turnaround clocks"). Submission starts it: the deadline is
 * `target(urgency)` away and the warning falls at 75 % of it. Awaiting information pauses it: the referrer's
 * reply moves both later by the time spent waiting and adds that time to `pausedMs`. Resubmission of a
 * returned case restarts it (new warning and breach notices), counting the time with the referrer as paused.
 */
export const WARN_FRACTION = 0.75;

type ClockPatch = Pick<CaseRow, 'dueAt' | 'warnAt' | 'pausedMs'> & Partial<Pick<CaseRow, 'submittedAt' | 'warnedAt' | 'breachedAt'>>;

/** The clock fields at (re)submission. */
export function startClock(row: Pick<CaseRow, 'submittedAt' | 'pausedMs'>, now: Date, targetMs: number, pausedMs: number): ClockPatch {
  return {
    submittedAt: row.submittedAt ?? now,
    dueAt: new Date(now.getTime() + targetMs),
    warnAt: new Date(now.getTime() + Math.round(targetMs * WARN_FRACTION)),
    warnedAt: null,
    breachedAt: null,
    pausedMs: row.pausedMs + pausedMs,
  };
}

/** The clock fields when the clock resumes after `pausedMs` of waiting. */
export function resumeClock(row: Pick<CaseRow, 'dueAt' | 'warnAt' | 'pausedMs'>, pausedMs: number): ClockPatch {
  const later = (d: Date | null) => (d ? new Date(d.getTime() + pausedMs) : null);
  return { dueAt: later(row.dueAt), warnAt: later(row.warnAt), pausedMs: row.pausedMs + pausedMs };
}

/** Milliseconds since the case's last `event` (the pause's start), 0 when there was none. */
export async function pausedSince(tx: Db, caseId: string, event: 'ask' | 'return', now: Date): Promise<number> {
  const last = (await repo.listEvents(tx, caseId)).filter((e) => e.event === event).at(-1);
  return last ? Math.max(0, now.getTime() - last.at.getTime()) : 0;
}

/** The specialist a submitted case goes to when its queue assigns automatically (least loaded), or null. */
export async function autoAssignee(tx: Db, row: Pick<CaseRow, 'organizationId' | 'specialty'>): Promise<string | null> {
  const queue = await flow.findQueue(tx, row.organizationId, row.specialty);
  return queue?.autoAssign ? flow.pickLeastLoaded(tx, row.organizationId, row.specialty) : null;
}
