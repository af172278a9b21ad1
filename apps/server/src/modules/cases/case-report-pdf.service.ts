import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { PatientsService } from '../patients/patients.service.js';
import { loadCase } from './case-access.js';
import { toCase } from './case-dto.js';
import * as outputs from './case-outputs.repo.js';
import { renderReportPdf } from './case-report-pdf.js';
import type { CasesService } from './cases.service.js';

/** The PDF of a case's signed report, for the referrer's own record system (docs/cases.md). */
export class CaseReportPdfService {
  constructor(
    private readonly cases: CasesService,
    private readonly patients: PatientsService,
  ) {}

  /**
   * Renders the report in force with its amendments. The referring side's PDF names the patient (name, MRN,
   * birth date, sex — what the referrer sees on the patient record); a specialist's copy carries only the case
   * id, as the specialist's case view does. Audited as `case.report.pdf`.
   */
  async render(actor: Actor, id: string): Promise<{ filename: string; data: Uint8Array }> {
    const { row, side } = await loadCase(this.cases.db, this.cases.audit, actor, id, 'either', 'case.report.pdf');
    const template = await this.cases.template(row.specialty);
    const c = await toCase(this.cases.db, row, template);
    if (c.reports.length === 0) throw new AppError('CASE_REPORT_NOT_SIGNED');
    const patient = side === 'referrer' ? await this.patients.get(actor, row.patientId) : null;
    const names = await outputs.userNames(this.cases.db, [row.referrerId]);
    const data = await renderReportPdf({
      caseId: row.id,
      template,
      urgency: row.urgency,
      siteName: (await outputs.siteName(this.cases.db, row.siteId)) ?? '',
      referrerName: names.get(row.referrerId) ?? '',
      submittedAt: row.submittedAt,
      question: row.question,
      patient: patient
        ? { name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn, birthDate: patient.birthDate, sex: patient.sex }
        : null,
      reports: c.reports,
      criticalResults: c.criticalResults,
      generatedAt: new Date(this.cases.clock()),
    });
    await this.cases.audited(actor, 'case.report.pdf', id, row.patientId, { version: c.reports.at(-1)!.version, withPatientIdentifiers: patient !== null });
    // the file name is the case id only: no patient data in names that other systems log
    return { filename: `consult-report-${row.id}.pdf`, data };
  }
}
