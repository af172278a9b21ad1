import { Type } from 'typebox';
import {
  Case,
  CaseCreate,
  CaseDraftUpdate,
  CaseList,
  CaseListQuery,
  CaseTemplateList,
  MessageCreate,
  Reassign,
  ReportAmend,
  ReportSign,
} from '@telehealth/contracts/cases';
import { Uuid } from '@telehealth/contracts/common';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { CaseReviewService } from './case-review.service.js';
import type { CasesService } from './cases.service.js';

const CaseParams = Type.Object({ caseId: Uuid }, { additionalProperties: false });
/** An Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header): an opaque client-chosen string. */
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' })) });
const ok = withProblems({ 200: Case });

/** Consult routes: thin adapters over CasesService (referrer, reads) and CaseReviewService (specialist). */
export function casesRoutes(app: Api, s: { cases: CasesService; caseReview: CaseReviewService }): void {
  const p = `${API_PREFIX}/cases`;
  const tags = ['cases'];
  const one = { tags, params: CaseParams, response: ok };

  app.get(
    `${API_PREFIX}/case-templates`,
    { config: { access: 'case.read' }, schema: { tags, response: withProblems({ 200: CaseTemplateList }) } },
    async () => ({ items: await s.cases.listTemplates() }),
  );
  app.get(p, { config: { access: 'case.read' }, schema: { tags, querystring: CaseListQuery, response: withProblems({ 200: CaseList }) } }, async (req) =>
    s.cases.list(requireActor(req.ctx.actor), req.query),
  );
  app.post(p, { config: { access: 'case.write' }, schema: { tags, body: CaseCreate, response: withProblems({ 201: Case }) } }, async (req, reply) =>
    reply.code(201).send(await s.cases.create(requireActor(req.ctx.actor), req.body)),
  );
  app.get(`${p}/:caseId`, { config: { access: 'case.read' }, schema: one }, async (req) => s.cases.get(requireActor(req.ctx.actor), req.params.caseId));
  app.patch(`${p}/:caseId`, { config: { access: 'case.write' }, schema: { ...one, body: CaseDraftUpdate } }, async (req) =>
    s.cases.updateDraft(requireActor(req.ctx.actor), req.params.caseId, req.body),
  );
  app.post(`${p}/:caseId/submit`, { config: { access: 'case.write' }, schema: { ...one, headers: IdempotencyHeaders } }, async (req) =>
    s.cases.submit(requireActor(req.ctx.actor), req.params.caseId, req.headers['idempotency-key']),
  );
  for (const event of ['withdraw', 'acknowledge', 'close'] as const) {
    app.post(`${p}/:caseId/${event}`, { config: { access: 'case.write' }, schema: one }, async (req) =>
      s.cases.referrerEvent(requireActor(req.ctx.actor), req.params.caseId, event),
    );
  }
  app.post(`${p}/:caseId/replies`, { config: { access: 'case.write' }, schema: { ...one, body: MessageCreate } }, async (req) =>
    s.cases.reply(requireActor(req.ctx.actor), req.params.caseId, req.body.body),
  );
  app.post(`${p}/:caseId/claim`, { config: { access: 'case.review' }, schema: one }, async (req) =>
    s.caseReview.claim(requireActor(req.ctx.actor), req.params.caseId),
  );
  app.post(`${p}/:caseId/questions`, { config: { access: 'case.review' }, schema: { ...one, body: MessageCreate } }, async (req) =>
    s.caseReview.ask(requireActor(req.ctx.actor), req.params.caseId, req.body.body),
  );
  app.post(`${p}/:caseId/report`, { config: { access: 'case.review' }, schema: { ...one, body: ReportSign } }, async (req) =>
    s.caseReview.sign(requireActor(req.ctx.actor), req.params.caseId, req.body),
  );
  app.post(`${p}/:caseId/report/amendments`, { config: { access: 'case.review' }, schema: { ...one, body: ReportAmend } }, async (req) =>
    s.caseReview.amend(requireActor(req.ctx.actor), req.params.caseId, req.body),
  );
  app.post(`${p}/:caseId/reassign`, { config: { access: 'case.review' }, schema: { ...one, body: Reassign } }, async (req) =>
    s.caseReview.reassign(requireActor(req.ctx.actor), req.params.caseId, req.body),
  );
}
