import { Type } from 'typebox';
import { FollowUp, FollowUpCreate, FollowUps, MyConsultSummaryList, PatientSummary, PatientSummaryApprove, PatientSummaryWrite } from '@telehealth/contracts/case-outputs';
import { Uuid } from '@telehealth/contracts/common';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { CaseFollowUpsService } from './case-follow-ups.service.js';
import type { CasePatientSummaryService } from './case-patient-summary.service.js';
import type { CaseReportPdfService } from './case-report-pdf.service.js';

const CaseParams = Type.Object({ caseId: Uuid }, { additionalProperties: false });

/** What a signed report leads to: its PDF, the patient's plain-language summary, the follow-up visit. */
export function caseOutputsRoutes(
  app: Api,
  s: { caseReportPdf: CaseReportPdfService; casePatientSummary: CasePatientSummaryService; caseFollowUps: CaseFollowUpsService },
): void {
  const p = `${API_PREFIX}/cases/:caseId`;
  const tags = ['cases'];
  const summary = { tags, params: CaseParams, response: withProblems({ 200: PatientSummary }) };

  app.get(`${p}/report.pdf`, { config: { access: 'case.read' }, schema: { tags, params: CaseParams, produces: ['application/pdf'] } }, async (req, reply) => {
    const pdf = await s.caseReportPdf.render(requireActor(req.ctx.actor), req.params.caseId);
    // always a download, never rendered in the app's origin; the sandbox CSP covers a browser that ignores that
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${pdf.filename}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'same-origin')
      .send(Buffer.from(pdf.data));
  });

  app.get(`${p}/patient-summary`, { config: { access: 'case.read' }, schema: summary }, async (req) =>
    s.casePatientSummary.get(requireActor(req.ctx.actor), req.params.caseId),
  );
  app.put(`${p}/patient-summary`, { config: { access: 'case.review' }, schema: { ...summary, body: PatientSummaryWrite } }, async (req) =>
    s.casePatientSummary.write(requireActor(req.ctx.actor), req.params.caseId, req.body.body),
  );
  app.post(`${p}/patient-summary/approve`, { config: { access: 'case.review' }, schema: { ...summary, body: PatientSummaryApprove } }, async (req) =>
    s.casePatientSummary.approve(requireActor(req.ctx.actor), req.params.caseId, req.body),
  );
  app.get(
    `${API_PREFIX}/my/consult-summaries`,
    { config: { access: 'patient.read' }, schema: { tags, response: withProblems({ 200: MyConsultSummaryList }) } },
    async (req) => s.casePatientSummary.mine(requireActor(req.ctx.actor)),
  );

  app.get(`${p}/follow-ups`, { config: { access: 'case.read' }, schema: { tags, params: CaseParams, response: withProblems({ 200: FollowUps }) } }, async (req) =>
    s.caseFollowUps.list(requireActor(req.ctx.actor), req.params.caseId),
  );
  app.post(
    `${p}/follow-ups`,
    { config: { access: 'case.write' }, schema: { tags, params: CaseParams, body: FollowUpCreate, response: withProblems({ 201: FollowUp }) } },
    async (req, reply) => reply.code(201).send(await s.caseFollowUps.create(requireActor(req.ctx.actor), req.params.caseId, req.body)),
  );
}
