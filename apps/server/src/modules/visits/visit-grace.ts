import type { VisitStatus } from '@telehealth/contracts/visits';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { applyTransition, recordEvent } from './visit-records.js';
import * as repo from './visits.repo.js';

/** One participant the grace period gave up on. */
export interface GraceExpiry {
  visitId: string;
  participantId: string;
  /** The visit's state after the sweep. */
  status: VisitStatus;
}

export type GraceListener = (expiry: GraceExpiry) => void;

/** Most visits looked at in one sweep; the rest wait for the next one. */
const SWEEP_BATCH = 200;

/**
 * Participants whose connection dropped and has not come back, with the time of the drop. Read from the
 * timeline (the source of truth, shared by every server process): a participant is away when their last
 * join/reconnect/leave row is a `leave` with reason `dropped`.
 * @param events - the visit's timeline in order.
 */
export function awayParticipants(events: readonly Pick<repo.EventRow, 'kind' | 'participantId' | 'at' | 'detail'>[]): Map<string, number> {
  const away = new Map<string, number>();
  for (const e of events) {
    if (!e.participantId) continue;
    if (e.kind === 'join' || e.kind === 'reconnect') away.delete(e.participantId);
    else if (e.kind === 'leave') {
      if (e.detail.reason === 'dropped') away.set(e.participantId, e.at.getTime());
      else away.delete(e.participantId);
    }
  }
  return away;
}

/**
 * The reconnection grace period. A participant whose socket dropped keeps their admission while the visit is
 * `reconnecting`; the sweep, run on an interval, treats anyone away longer than the grace period as having left:
 * a `leave` row with reason `timed_out`, their admission withdrawn (coming back means the waiting room again),
 * and — once nobody is still within grace — the visit back to `in_progress` (`grace_expired`).
 */
export class VisitGraceSweeper {
  private readonly listeners: GraceListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly graceMs: number,
  ) {}

  /** Registers a listener (the signalling hub tells the room). */
  onExpired(listener: GraceListener): void {
    this.listeners.push(listener);
  }

  /** One pass over the reconnecting visits. Returns who was given up on. */
  async sweep(): Promise<GraceExpiry[]> {
    const out: GraceExpiry[] = [];
    for (const visit of await repo.listVisitsInStatus(this.db, 'reconnecting', SWEEP_BATCH)) out.push(...(await this.sweepVisit(visit)));
    for (const e of out) for (const l of this.listeners) l(e);
    return out;
  }

  private async sweepVisit(visit: repo.VisitRow): Promise<GraceExpiry[]> {
    const away = awayParticipants(await repo.listEvents(this.db, visit.id));
    const now = this.clock();
    const expired = [...away].filter(([, at]) => now - at >= this.graceMs);
    for (const [participantId, droppedAt] of expired) {
      await this.db.transaction(async (tx) => {
        await recordEvent(tx, this.clock, visit.id, 'leave', participantId, { reason: 'timed_out', droppedAt: new Date(droppedAt).toISOString() });
        await repo.updateParticipant(tx, participantId, { admittedAt: null });
      });
      await this.audit.record({
        actor: null,
        organizationId: visit.organizationId,
        action: 'visit.reconnect_timeout',
        outcome: 'success',
        patientId: visit.patientId,
        resourceType: 'visit',
        resourceId: visit.id,
        detail: { participantId, graceMs: this.graceMs },
      });
    }
    if (expired.length > 0 && expired.length === away.size) await this.backInProgress(visit);
    return expired.map(([participantId]) => ({ visitId: visit.id, participantId, status: visit.status as VisitStatus }));
  }

  /** A participant may have come back meanwhile (compare-and-set lost): then the visit already resumed. */
  private async backInProgress(visit: repo.VisitRow): Promise<void> {
    try {
      await applyTransition(this.db, this.clock, visit, 'grace_expired');
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'VISIT_TRANSITION_INVALID')) throw err;
      Object.assign(visit, { status: (await repo.findVisit(this.db, visit.id))?.status ?? visit.status });
    }
  }
}
