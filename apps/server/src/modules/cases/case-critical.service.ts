import type { Case } from '@telehealth/contracts/cases';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { mayAcknowledgeCritical } from '../../platform/policy.js';
import { loadCase, lockCase } from './case-access.js';
import * as critical from './case-critical.repo.js';
import type { CasesService } from './cases.service.js';
import * as repo from './cases.repo.js';

const BATCH = 200;

/**
 * Records a critical result on a report version inside the signing transaction (docs/cases.md "Critical
 * results"): the result with its acknowledgement deadline, the timeline entry and the referrer's in-app
 * notice — all committed with the signature, so a signed critical report never exists without its notice.
 * The email follows the commit (case-review.service.ts).
 */
export async function flagCritical(
  tx: Db,
  cases: CasesService,
  c: { caseId: string; state: string; referrerId: string },
  version: number,
  finding: string,
  actorId: string,
  now: Date,
): Promise<void> {
  const ackDueAt = new Date(now.getTime() + cases.criticalAckMs());
  await critical.insert(tx, { caseId: c.caseId, reportVersion: version, finding, flaggedBy: actorId, flaggedAt: now, ackDueAt });
  await repo.insertEvent(tx, { caseId: c.caseId, event: 'critical_result', fromState: c.state, toState: c.state, actorId, reason: null, at: now });
  await cases.notifier.inApp([c.referrerId], 'critical', c.caseId, tx);
}

/**
 * Critical results after signing: the explicit acknowledgement by the referring side, and the escalation
 * sweeper. Escalation follows case-clock.service.ts: one transaction per batch claims the overdue results
 * (`escalated_at`, FOR UPDATE SKIP LOCKED), stores the in-app notices and the timeline entries, so each
 * escalation exists exactly once across restarts and concurrent servers; emails and the audit row follow the
 * commit.
 */
export class CaseCriticalService {
  private running: Promise<number> | null = null;

  constructor(private readonly cases: CasesService) {}

  private get db(): Db {
    return this.cases.db;
  }

  /**
   * Acknowledges the case's unacknowledged critical results, recording who and when. Only the referrer or a
   * clinician of the referring site (platform/policy.ts `mayAcknowledgeCritical`); a case without a critical
   * result is CASE_NOT_CRITICAL; acknowledging again changes nothing and answers the case.
   */
  async acknowledge(actor: Actor, id: string): Promise<Case> {
    const action = 'case.critical.acknowledge';
    const { row } = await loadCase(this.db, this.cases.audit, actor, id, 'referrer', action);
    const base = { actor, action, patientId: row.patientId, resourceType: 'case', resourceId: id } as const;
    if (!mayAcknowledgeCritical(actor, row)) {
      await this.cases.audit.record({ ...base, outcome: 'denied', detail: { reason: 'not_referring_clinician' } });
      throw new AppError('CASE_CRITICAL_ACK_FORBIDDEN');
    }
    const versions = await this.db.transaction(async (tx) => {
      const locked = await lockCase(tx, id);
      if ((await critical.listForCase(tx, id)).length === 0) return null;
      const now = new Date(this.cases.clock());
      const acked = await critical.acknowledge(tx, id, actor.userId, now);
      if (acked.length > 0) {
        const reason = `report version ${acked.join(', ')}`;
        await repo.insertEvent(tx, { caseId: id, event: 'critical_acknowledged', fromState: locked.state, toState: locked.state, actorId: actor.userId, reason, at: now });
      }
      return acked;
    });
    if (versions === null) {
      await this.cases.audit.record({ ...base, outcome: 'failure', detail: { reason: 'not_critical' } });
      throw new AppError('CASE_NOT_CRITICAL');
    }
    await this.cases.audited(actor, action, id, row.patientId, { versions, replay: versions.length === 0 });
    return this.cases.get(actor, id, false);
  }

  /** One escalation sweep; a sweep already in progress in this process is joined, not doubled. */
  sweep(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /** Resolves when no sweep is in progress (shutdown waits for it before the database closes). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<number> {
    const now = new Date(this.cases.clock());
    let total = 0;
    for (;;) {
      const sent = await this.db.transaction(async (tx) => {
        const out: { c: critical.EscalationCase; to: string[] }[] = [];
        for (const c of await critical.claimEscalations(tx, now, BATCH)) {
          const to = [...new Set([...(await critical.listSiteAdmins(tx, c.organizationId, c.siteId)), c.referrerId])];
          await this.cases.notifier.inApp(to, 'critical_escalation', c.caseId, tx);
          const reason = `report version ${c.reportVersion} not acknowledged`;
          await repo.insertEvent(tx, { caseId: c.caseId, event: 'critical_escalated', fromState: c.state, toState: c.state, actorId: null, reason, at: now });
          out.push({ c, to });
        }
        return out;
      });
      for (const { c, to } of sent) {
        await this.cases.notifier.email(to, 'critical_escalation', c.caseId);
        await this.cases.audit.record({
          actor: null,
          organizationId: c.organizationId,
          action: 'case.critical.escalate',
          outcome: 'success',
          patientId: c.patientId,
          resourceType: 'case',
          resourceId: c.caseId,
          detail: { reportVersion: c.reportVersion, notified: to },
        });
      }
      total += sent.length;
      if (sent.length < BATCH) return total;
    }
  }
}
