import { randomUUID } from 'node:crypto';
import type { Availability, CaseQueue, CaseQueueShare, CaseQueueShareCreate, CaseQueueUpdate, Dashboard, DashboardQuery } from '@telehealth/contracts/case-flow';
import type { Actor } from '../../platform/actor.js';
import { isUniqueViolation } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import * as flow from './case-flow.repo.js';
import type { CasesService } from './cases.service.js';
import * as repo from './cases.repo.js';

/**
 * Routing settings of an organization's consult queues (docs/cases.md "Routing"): the lead and automatic
 * assignment per specialty, the specialist's own availability, sharing agreements with other organizations,
 * and the turnaround dashboard. Settings changes are audited.
 */
export class CaseFlowService {
  constructor(private readonly cases: CasesService) {}

  private get db() {
    return this.cases.db;
  }

  private now(): Date {
    return new Date(this.cases.clock());
  }

  /** Every specialty's queue of the caller's organization, with defaults where nothing is set. */
  async listQueues(actor: Actor): Promise<{ items: CaseQueue[] }> {
    const set = new Map((await flow.listQueues(this.db, actor.organizationId)).map((q) => [q.specialty, q]));
    const items = (await this.cases.listTemplates()).map((t) => {
      const q = set.get(t.specialty);
      return { specialty: t.specialty, leadUserId: q?.leadUserId ?? null, autoAssign: q?.autoAssign ?? false };
    });
    return { items };
  }

  /** Sets a queue's lead (an admin of the organization or a specialist of the specialty) and auto-assignment. */
  async updateQueue(actor: Actor, specialty: string, input: CaseQueueUpdate): Promise<CaseQueue> {
    await this.cases.template(specialty);
    const lead = input.leadUserId;
    if (lead && !(await flow.isAdminOf(this.db, actor.organizationId, lead)) && !(await repo.isSpecialistOf(this.db, actor.organizationId, lead, specialty))) {
      throw new AppError('CASE_QUEUE_LEAD_INVALID');
    }
    await flow.upsertQueue(this.db, { organizationId: actor.organizationId, specialty, leadUserId: lead, autoAssign: input.autoAssign, updatedAt: this.now() });
    await this.record(actor, 'case_queue.update', null, { specialty, leadUserId: lead, autoAssign: input.autoAssign });
    return { specialty, leadUserId: lead, autoAssign: input.autoAssign };
  }

  async availability(actor: Actor): Promise<Availability> {
    return { available: await flow.isAvailable(this.db, actor.userId) };
  }

  /** A specialist marks themself available (or not) for automatic assignment. */
  async setAvailability(actor: Actor, input: Availability): Promise<Availability> {
    await flow.setAvailability(this.db, actor.userId, input.available, this.now());
    await this.record(actor, 'specialist.availability', actor.userId, { available: input.available });
    return input;
  }

  /** Agreements the caller's organization made, and those that open another organization's queue to it. */
  async listShares(actor: Actor): Promise<{ items: CaseQueueShare[] }> {
    return { items: (await flow.listShares(this.db, actor.organizationId)).map(toShare) };
  }

  /** Opens the organization's queue of a specialty to the partner organization's specialists. */
  async createShare(actor: Actor, input: CaseQueueShareCreate): Promise<CaseQueueShare> {
    await this.cases.template(input.specialty);
    if (input.partnerOrganizationId === actor.organizationId || !(await flow.organizationExists(this.db, input.partnerOrganizationId))) {
      throw new AppError('CASE_SHARE_PARTNER_UNKNOWN');
    }
    const row = { id: randomUUID(), organizationId: actor.organizationId, ...input, createdBy: actor.userId, createdAt: this.now(), revokedAt: null };
    try {
      await flow.insertShare(this.db, row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CASE_SHARE_EXISTS');
      throw err;
    }
    await this.record(actor, 'case_queue.share', row.id, { specialty: input.specialty, partnerOrganizationId: input.partnerOrganizationId });
    return toShare(row);
  }

  /** Ends an agreement of the caller's organization; another organization's (or an ended one) is 404. */
  async revokeShare(actor: Actor, id: string): Promise<{ items: CaseQueueShare[] }> {
    if (!(await flow.revokeShare(this.db, actor.organizationId, id, this.now()))) {
      await this.cases.audit.record({ actor, action: 'case_queue.unshare', outcome: 'denied', resourceType: 'case_queue_share', resourceId: id });
      throw new AppError('CASE_SHARE_NOT_FOUND');
    }
    await this.record(actor, 'case_queue.unshare', id);
    return this.listShares(actor);
  }

  /**
   * Turnaround figures of the caller's organization: every specialty for an admin, the caller's
   * specialties for a specialist.
   */
  async dashboard(actor: Actor, q: DashboardQuery): Promise<Dashboard> {
    const days = q.days ?? 30;
    const now = this.now();
    const since = new Date(now.getTime() - days * 86_400_000);
    const admin = actor.roles.some((r) => r.role === 'admin');
    const specialties = admin ? null : [...new Set(actor.roles.filter((r) => r.role === 'specialist').flatMap((r) => r.specialties))];
    const rows = specialties?.length === 0 ? [] : await flow.dashboard(this.db, actor.organizationId, specialties, since, now);
    await this.record(actor, 'case.dashboard', null, { days });
    const items = rows.map((r) => ({ specialty: r.specialty, open: r.open, answered: r.answered, medianAnswerMinutes: round(r.median), p90AnswerMinutes: round(r.p90), breaches: r.breaches }));
    return { days, since: since.toISOString(), items };
  }

  private async record(actor: Actor, action: string, resourceId: string | null, detail?: Record<string, unknown>): Promise<void> {
    await this.cases.audit.record({ actor, action, outcome: 'success', resourceType: action.split('.')[0]!, resourceId, ...(detail ? { detail } : {}) });
  }
}

const round = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

function toShare(r: flow.ShareRow): CaseQueueShare {
  return {
    id: r.id,
    organizationId: r.organizationId,
    specialty: r.specialty,
    partnerOrganizationId: r.partnerOrganizationId,
    createdAt: new Date(r.createdAt).toISOString(),
    revokedAt: r.revokedAt ? new Date(r.revokedAt).toISOString() : null,
  };
}
