import { Type } from 'typebox';
import { Attestation, BillingEncounter, BillingQueue, BillingQueueQuery, BillingTotals, ClaimDetails, EncounterExport, HoldRequest, LinesEdit } from '@telehealth/contracts/billing-queue';
import { Uuid } from '@telehealth/contracts/common';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { EncounterExportService } from './encounter-export.service.js';
import type { EncountersService } from './encounters.service.js';

const Params = Type.Object({ encounterId: Uuid }, { additionalProperties: false });
const one = withProblems({ 200: BillingEncounter });

/** The billing work queue (docs/billing.md#the-work-queue): thin adapters over EncountersService. */
export function encountersRoutes(app: Api, s: { encounters: EncountersService; encounterExport: EncounterExportService }): void {
  const p = `${API_PREFIX}/billing/encounters`;
  const tags = ['billing'];
  const queue = { access: 'billing.queue' as const };
  const schema = { tags, params: Params, response: one };

  app.get(p, { config: queue, schema: { tags, querystring: BillingQueueQuery, response: withProblems({ 200: BillingQueue }) } }, async (req) =>
    s.encounters.queue(requireActor(req.ctx.actor), req.query),
  );
  app.get(`${API_PREFIX}/billing/totals`, { config: queue, schema: { tags, response: withProblems({ 200: BillingTotals }) } }, async (req) =>
    s.encounters.totals(requireActor(req.ctx.actor)),
  );
  app.get(`${p}/:encounterId`, { config: queue, schema }, async (req) => s.encounters.get(requireActor(req.ctx.actor), req.params.encounterId));
  app.put(`${p}/:encounterId/attestation`, { config: { access: 'billing.attest' }, schema: { ...schema, body: Attestation } }, async (req) =>
    s.encounters.attest(requireActor(req.ctx.actor), req.params.encounterId, req.body),
  );
  app.put(`${p}/:encounterId/claim-details`, { config: queue, schema: { ...schema, body: ClaimDetails } }, async (req) =>
    s.encounters.setClaimDetails(requireActor(req.ctx.actor), req.params.encounterId, req.body),
  );
  app.put(`${p}/:encounterId/lines`, { config: queue, schema: { ...schema, body: LinesEdit } }, async (req) =>
    s.encounters.editLines(requireActor(req.ctx.actor), req.params.encounterId, req.body),
  );
  app.post(`${p}/:encounterId/hold`, { config: queue, schema: { ...schema, body: HoldRequest } }, async (req) =>
    s.encounters.hold(requireActor(req.ctx.actor), req.params.encounterId, req.body.reason),
  );
  app.post(`${p}/:encounterId/release`, { config: queue, schema }, async (req) => s.encounters.release(requireActor(req.ctx.actor), req.params.encounterId));
  app.post(
    `${p}/export`,
    { config: queue, schema: { tags, body: EncounterExport, response: withProblems({ 200: Type.Unknown() }) } },
    async (req, reply) => {
      const out = await s.encounterExport.export(requireActor(req.ctx.actor), req.body);
      return reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`).send(out.body);
    },
  );
}
