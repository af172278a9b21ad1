import { randomUUID } from 'node:crypto';
import type { CaseTime, CaseTimeCorrection, CaseTimeEntry } from '@telehealth/contracts/case-time';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { loadCase } from './case-access.js';
import type { CasesService } from './cases.service.js';
import * as repo from './case-time.repo.js';

/** The case page beats every 30 s while visible; a gap longer than this starts a new entry (the user left). */
export const HEARTBEAT_GAP_MS = 90_000;
/** Most one heartbeat adds: a slow beat cannot credit more than one interval and a margin. */
export const HEARTBEAT_MAX_CREDIT_MS = 60_000;
const FINAL_STATES = new Set(['closed', 'withdrawn']);

/**
 * Time on a store-and-forward case (docs/cases.md#time-on-case), the source of the specialist's review minutes
 * and the referrer's preparation and communication minutes that billing reads (99446–99452, G2010 review).
 * Heartbeats from the case page extend the caller's open entry on their side of the case; a correction with a
 * reason replaces an entry's figure. Starting an entry and every correction are audited; single beats are not
 * (the case read that opened the page is).
 */
export class CaseTimeService {
  constructor(private readonly cases: CasesService) {}

  /**
   * Records that the caller is working on the case now. The side (referrer or specialist) follows from who
   * they are to the case; a closed or withdrawn case takes no more time.
   * @returns the caller's current entry.
   */
  async heartbeat(actor: Actor, caseId: string): Promise<CaseTimeEntry> {
    const { row, side } = await loadCase(this.cases.db, this.cases.audit, actor, caseId, 'either', 'case.time.beat');
    if (FINAL_STATES.has(row.state)) throw new AppError('CASE_TRANSITION_INVALID', 'The case is over; no more time can be recorded.');
    const now = new Date(this.cases.clock());
    const open = await repo.findOpenEntry(this.cases.db, caseId, actor.userId, side, new Date(now.getTime() - HEARTBEAT_GAP_MS));
    if (open && now > open.lastBeatAt) {
      const credit = Math.floor(Math.min(now.getTime() - open.lastBeatAt.getTime(), HEARTBEAT_MAX_CREDIT_MS) / 1000);
      await repo.extendEntry(this.cases.db, open.id, open.lastBeatAt, now, credit);
      return toDto((await repo.findEntry(this.cases.db, caseId, open.id)) ?? open);
    }
    if (open) return toDto(open);
    const entry = { id: randomUUID(), caseId, userId: actor.userId, side, startedAt: now, lastBeatAt: now, seconds: 0 };
    await repo.insertEntry(this.cases.db, entry);
    await this.cases.audited(actor, 'case.time.start', caseId, row.patientId, { entryId: entry.id, side });
    return toDto({ ...entry, correctedSeconds: null, correctionReason: null, correctedBy: null, correctedAt: null });
  }

  /** Every entry of a case with the totals per side (audited as a read of the case). */
  async list(actor: Actor, caseId: string): Promise<CaseTime> {
    const { row } = await loadCase(this.cases.db, this.cases.audit, actor, caseId, 'either', 'case.time.read');
    await this.cases.audited(actor, 'case.time.read', caseId, row.patientId);
    return this.totals(caseId);
  }

  /**
   * Replaces an entry's figure with a corrected one and its reason. Only the person whose time it is, or an
   * administrator, may correct it; the audit row keeps both figures.
   */
  async correct(actor: Actor, caseId: string, entryId: string, input: CaseTimeCorrection): Promise<CaseTimeEntry> {
    const { row } = await loadCase(this.cases.db, this.cases.audit, actor, caseId, 'either', 'case.time.correct');
    const entry = await repo.findEntry(this.cases.db, caseId, entryId);
    if (!entry) throw new AppError('NOT_FOUND', 'No such time entry on this case.');
    if (entry.userId !== actor.userId && !actor.roles.some((r) => r.role === 'admin')) {
      await this.cases.audit.record({ actor, action: 'case.time.correct', outcome: 'denied', patientId: row.patientId, resourceType: 'case', resourceId: caseId, detail: { entryId } });
      throw new AppError('FORBIDDEN', 'Only the person whose time it is, or an administrator, can correct it.');
    }
    const patch = { correctedSeconds: input.seconds, correctionReason: input.reason, correctedBy: actor.userId, correctedAt: new Date(this.cases.clock()) };
    await repo.correctEntry(this.cases.db, entryId, patch);
    await this.cases.audited(actor, 'case.time.correct', caseId, row.patientId, {
      entryId,
      measuredSeconds: entry.seconds,
      from: entry.correctedSeconds ?? entry.seconds,
      to: input.seconds,
      reason: input.reason,
    });
    return toDto({ ...entry, ...patch });
  }

  /**
   * The entries and totals of a case, without an access decision: for services that decided access and audit
   * themselves (billing reads the minutes of an encounter it already audits).
   */
  async totals(caseId: string): Promise<CaseTime> {
    const entries = (await repo.listEntries(this.cases.db, caseId)).map(toDto);
    const sum = (side: string) => entries.filter((e) => e.side === side).reduce((n, e) => n + e.seconds, 0);
    return { entries, specialistSeconds: sum('specialist'), referrerSeconds: sum('referrer') };
  }
}

function toDto(r: repo.TimeEntryRow): CaseTimeEntry {
  return {
    id: r.id,
    userId: r.userId,
    side: r.side as CaseTimeEntry['side'],
    startedAt: r.startedAt.toISOString(),
    lastBeatAt: r.lastBeatAt.toISOString(),
    measuredSeconds: r.seconds,
    correctedSeconds: r.correctedSeconds,
    correctionReason: r.correctionReason,
    seconds: r.correctedSeconds ?? r.seconds,
  };
}
