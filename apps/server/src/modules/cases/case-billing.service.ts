import type { CaseTime } from '@telehealth/contracts/case-time';
import { AppError } from '../../platform/errors.js';
import * as billingRepo from './case-billing.repo.js';
import type { CaseTimeService } from './case-time.service.js';
import type { CasesService } from './cases.service.js';
import * as repo from './cases.repo.js';

/** What billing reads of a consult: who, when, the signed report's outcome and the time on the case. */
export interface CaseForBilling {
  id: string;
  organizationId: string;
  siteId: string;
  patientId: string;
  referrerId: string;
  assigneeId: string | null;
  specialty: string;
  state: string;
  submittedAt: string | null;
  answeredAt: string | null;
  consent: { given: boolean; method: string } | null;
  report: { outcome: string; timeFrame: string | null; signedBy: string; signedAt: string } | null;
  time: CaseTime;
}

/**
 * Read-only access to a consult's record for the billing module (docs/billing.md). It makes no access decision
 * and writes no audit row: the billing service decides access to the encounter and audits it.
 */
export class CaseBillingService {
  constructor(
    private readonly cases: CasesService,
    private readonly caseTime: CaseTimeService,
  ) {}

  /** Ids of an organization's answered (or acknowledged, or closed) cases. */
  async listAnswered(organizationId: string, since: Date | null = null): Promise<{ id: string; answeredAt: string | null }[]> {
    const rows = await billingRepo.listAnsweredInOrganization(this.cases.db, organizationId, since);
    return rows.map((r) => ({ id: r.id, answeredAt: r.answeredAt?.toISOString() ?? null }));
  }

  async record(caseId: string): Promise<CaseForBilling> {
    const row = await repo.findById(this.cases.db, caseId);
    if (!row) throw new AppError('CASE_NOT_FOUND');
    const [reports, time] = await Promise.all([repo.listReports(this.cases.db, caseId), this.caseTime.totals(caseId)]);
    // the newest version: an amendment may change the outcome
    const report = reports.at(-1)?.report ?? null;
    return {
      id: row.id,
      organizationId: row.organizationId,
      siteId: row.siteId,
      patientId: row.patientId,
      referrerId: row.referrerId,
      assigneeId: row.assigneeId,
      specialty: row.specialty,
      state: row.state,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      answeredAt: row.answeredAt?.toISOString() ?? null,
      consent: (row.consent as CaseForBilling['consent']) ?? null,
      report: report ? { outcome: report.outcome, timeFrame: report.timeFrame, signedBy: report.signedBy, signedAt: report.signedAt.toISOString() } : null,
      time,
    };
  }
}
