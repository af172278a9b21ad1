import { Type } from 'typebox';
import { ClaimBatch, CodeRequest, CodeResponse } from '@telehealth/contracts/billing';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { BillingService } from './billing.service.js';

/** Billing routes: coding (facts → lines) and claim exports. See docs/billing.md. */
export function billingRoutes(app: Api, s: { billing: BillingService }): void {
  const p = `${API_PREFIX}/billing`;
  const tags = ['billing'];
  const access = 'billing.code' as const;

  app.post(
    `${p}/code`,
    { config: { access }, schema: { tags, body: CodeRequest, response: withProblems({ 200: CodeResponse }) } },
    (req) => s.billing.code(req.body),
  );
  app.post(
    `${p}/export/837p`,
    { config: { access }, schema: { tags, body: ClaimBatch, response: withProblems({ 200: Type.String() }) } },
    async (req, reply) =>
      reply
        .type('application/edi-x12')
        .header('content-disposition', 'attachment; filename="claims-837p.x12"')
        .send(await s.billing.exportText(requireActor(req.ctx.actor), '837p', req.body)),
  );
  app.post(
    `${p}/export/fhir-claim`,
    { config: { access }, schema: { tags, body: ClaimBatch, response: withProblems({ 200: Type.Unknown() }) } },
    async (req, reply) => reply.type('application/fhir+json').send(await s.billing.exportFhir(requireActor(req.ctx.actor), req.body)),
  );
  app.post(
    `${p}/export/csv`,
    { config: { access }, schema: { tags, body: ClaimBatch, response: withProblems({ 200: Type.String() }) } },
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="claims.csv"')
        .send(await s.billing.exportText(requireActor(req.ctx.actor), 'csv', req.body)),
  );
}
