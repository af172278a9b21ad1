import type { VisitDetail } from '@telehealth/contracts/visits';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { loadDetail } from './visit-records.js';
import * as repo from './visits.repo.js';

/** A visit as billing sees it: who started it, when, and with whom. */
export interface VisitSummaryForBilling {
  id: string;
  hostUserId: string;
  startedAt: string | null;
  endedAt: string | null;
  status: string;
}

/**
 * Read-only access to what the visit timeline recorded, for the billing module (docs/billing.md). It makes no
 * access decision and writes no audit row: its caller (the billing service) decides access to the encounter
 * and audits it.
 */
export class VisitBillingService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Ids of an organization's ended visits (those ended at or after `since`, when given). */
  async listEnded(organizationId: string, since: Date | null = null): Promise<{ id: string; endedAt: string | null }[]> {
    const rows = await repo.listEndedInOrganization(this.db, organizationId, since);
    return rows.map((r) => ({ id: r.id, endedAt: r.endedAt?.toISOString() ?? null }));
  }

  /** The visit with participants, timeline and durations (the same figures the visit page shows). */
  async detail(visitId: string): Promise<VisitDetail> {
    const row = await repo.findVisit(this.db, visitId);
    if (!row) throw new AppError('VISIT_NOT_FOUND');
    return loadDetail(this.db, this.clock, row);
  }

  /** A patient's visits (not cancelled) that started in [from, to). */
  async patientVisitsStarted(patientId: string, from: Date, to: Date): Promise<VisitSummaryForBilling[]> {
    const rows = await repo.listPatientVisitsStarted(this.db, patientId, from, to);
    return rows.map((r) => ({ id: r.id, hostUserId: r.hostUserId, startedAt: r.startedAt?.toISOString() ?? null, endedAt: r.endedAt?.toISOString() ?? null, status: r.status }));
  }

  /** The newest ended visit of this patient, host and reason, if any (idempotent demo seeding). */
  async findEnded(patientId: string, hostUserId: string, reason: string): Promise<string | null> {
    return (await repo.findEndedVisit(this.db, patientId, hostUserId, reason))?.id ?? null;
  }
}
