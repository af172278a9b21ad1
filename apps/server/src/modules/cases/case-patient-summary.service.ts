import type { MyConsultSummaryList, PatientSummary, PatientSummaryApprove } from '@telehealth/contracts/case-outputs';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mailer.js';
import { currentContext } from '../../platform/request-context.js';
import { loadCase } from './case-access.js';
import * as outputs from './case-outputs.repo.js';
import { parseTemplate } from './case-templates.js';
import type { CasesService } from './cases.service.js';
import type { CaseRow } from './cases.repo.js';

const REPORTED = new Set(['answered', 'acknowledged', 'closed']);
const NOTICE_SUBJECT = 'A summary of your specialist consult is ready';

/**
 * The plain-language summary of a consult for the patient (docs/cases.md): the assigned specialist writes
 * it after signing the report and approves it; approved versions never change. The patient reads it after
 * signing in; the optional email notice says only that it is ready, with a link — never the text.
 */
export class CasePatientSummaryService {
  constructor(
    private readonly cases: CasesService,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {}

  /**
   * The versions: every one for the specialists of the case; only approved ones for the referring side (a
   * draft is the specialist's working text until approved).
   */
  async get(actor: Actor, id: string): Promise<PatientSummary> {
    const { row, side } = await loadCase(this.cases.db, this.cases.audit, actor, id, 'either', 'case.summary.read');
    await this.cases.audited(actor, 'case.summary.read', id, row.patientId);
    return this.dto(row, side === 'referrer');
  }

  /** Writes the draft: rewrites the unapproved latest version, or starts a new one after an approved one. */
  async write(actor: Actor, id: string, body: string): Promise<PatientSummary> {
    const row = await this.assignedWithReport(actor, id, 'case.summary.write');
    const now = new Date(this.cases.clock());
    await this.cases.db.transaction(async (tx) => {
      const latest = await outputs.latestSummary(tx, id);
      const updated = latest && !latest.approvedAt && (await outputs.updateDraftSummary(tx, id, latest.version, { body, writtenBy: actor.userId, updatedAt: now }));
      if (!updated) await outputs.insertSummary(tx, { caseId: id, version: (latest?.version ?? 0) + 1, body, writtenBy: actor.userId, updatedAt: now });
    });
    await this.cases.audited(actor, 'case.summary.write', id, row.patientId);
    return this.dto(row);
  }

  /** Approves the draft; with `notifyPatient`, emails the patient record's address a sign-in notice. */
  async approve(actor: Actor, id: string, input: PatientSummaryApprove): Promise<PatientSummary> {
    const row = await this.assignedWithReport(actor, id, 'case.summary.approve');
    const email = input.notifyPatient ? await outputs.patientEmail(this.cases.db, row.patientId) : null;
    if (input.notifyPatient && !email) throw new AppError('PATIENT_EMAIL_MISSING');
    const now = new Date(this.cases.clock());
    const latest = await outputs.latestSummary(this.cases.db, id);
    if (!latest || latest.approvedAt || !(await outputs.approveSummary(this.cases.db, id, latest.version, actor.userId, now))) {
      throw new AppError('CASE_SUMMARY_NO_DRAFT');
    }
    await this.cases.audited(actor, 'case.summary.approve', id, row.patientId, { version: latest.version });
    if (email && (await this.notice(email, id))) {
      await outputs.markPatientNotified(this.cases.db, id, latest.version, now);
      await this.cases.audited(actor, 'case.summary.notify', id, row.patientId, { version: latest.version, channel: 'email' });
    }
    return this.dto(row);
  }

  /** A patient's own consult summaries (latest approved version of each); staff logins are refused. */
  async mine(actor: Actor): Promise<MyConsultSummaryList> {
    if (!actor.patientId || !actor.roles.some((r) => r.role === 'patient')) {
      await this.cases.audit.record({ actor, action: 'case.summary.mine', outcome: 'denied', detail: { reason: 'not a patient login' } });
      throw new AppError('FORBIDDEN', 'Only a patient’s own login lists their consult summaries.');
    }
    const rows = await outputs.listApprovedForPatient(this.cases.db, actor.organizationId, actor.patientId);
    await this.cases.audit.record({
      actor,
      action: 'case.summary.mine',
      outcome: 'success',
      patientId: actor.patientId,
      resourceType: 'case',
      detail: { caseIds: rows.map((r) => r.summary.caseId) },
    });
    return {
      items: rows.map((r) => ({
        caseId: r.summary.caseId,
        specialty: r.specialty,
        specialtyTitle: parseTemplate(r.definition)?.title ?? r.specialty,
        body: r.summary.body,
        approvedByName: r.approvedByName,
        approvedAt: r.summary.approvedAt!.toISOString(),
      })),
    };
  }

  /** The caller as the case's assigned specialist, on a case whose report is signed. */
  private async assignedWithReport(actor: Actor, id: string, action: string): Promise<CaseRow> {
    const { row } = await loadCase(this.cases.db, this.cases.audit, actor, id, 'specialist', action);
    if (row.assigneeId !== actor.userId) {
      await this.cases.audit.record({ actor, action, outcome: 'denied', patientId: row.patientId, resourceType: 'case', resourceId: id, detail: { reason: 'not_assignee' } });
      throw new AppError('FORBIDDEN', 'Only the case’s specialist writes the patient summary.');
    }
    if (!REPORTED.has(row.state)) throw new AppError('CASE_REPORT_NOT_SIGNED', 'The patient summary follows a signed report.');
    return row;
  }

  private async dto(row: CaseRow, approvedOnly = false): Promise<PatientSummary> {
    const versions = (await outputs.listSummaries(this.cases.db, row.id)).filter((v) => !approvedOnly || v.summary.approvedAt !== null);
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      caseId: row.id,
      patientHasEmail: (await outputs.patientEmail(this.cases.db, row.patientId)) !== null,
      versions: versions.map(({ summary: s, writtenByName }) => ({
        version: s.version,
        body: s.body,
        writtenBy: s.writtenBy,
        writtenByName,
        updatedAt: s.updatedAt.toISOString(),
        approvedBy: s.approvedBy,
        approvedAt: iso(s.approvedAt),
        patientNotifiedAt: iso(s.patientNotifiedAt),
      })),
    };
  }

  /** Sends the sign-in notice; a mail failure is logged and leaves the approval in place. */
  private async notice(email: string, caseId: string): Promise<boolean> {
    const text = `${NOTICE_SUBJECT}.\n\nSign in to read it: ${this.publicUrl}/\n\nIf you have no account, ask your clinic for a copy.\n`;
    try {
      await this.mailer.send({ to: email, subject: NOTICE_SUBJECT, text });
      return true;
    } catch (err) {
      currentContext()?.log.warn({ err, caseId }, 'patient summary notice not sent');
      return false;
    }
  }
}
