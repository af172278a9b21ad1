import { Type } from 'typebox';
import { CaseTime, CaseTimeCorrection, CaseTimeEntry, CaseTimeEntryParams } from '@telehealth/contracts/case-time';
import { Uuid } from '@telehealth/contracts/common';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { CaseTimeService } from './case-time.service.js';

const CaseParams = Type.Object({ caseId: Uuid }, { additionalProperties: false });

/** Time on a case (docs/cases.md#time-on-case): heartbeats from the case page, the list, corrections. */
export function caseTimeRoutes(app: Api, s: { caseTime: CaseTimeService }): void {
  const p = `${API_PREFIX}/cases/:caseId/time`;
  const tags = ['cases'];
  const config = { access: 'case.read' as const };
  app.post(`${p}/heartbeat`, { config, schema: { tags, params: CaseParams, response: withProblems({ 200: CaseTimeEntry }) } }, async (req) =>
    s.caseTime.heartbeat(requireActor(req.ctx.actor), req.params.caseId),
  );
  app.get(p, { config, schema: { tags, params: CaseParams, response: withProblems({ 200: CaseTime }) } }, async (req) =>
    s.caseTime.list(requireActor(req.ctx.actor), req.params.caseId),
  );
  app.patch(
    `${p}/:entryId`,
    { config, schema: { tags, params: CaseTimeEntryParams, body: CaseTimeCorrection, response: withProblems({ 200: CaseTimeEntry }) } },
    async (req) => s.caseTime.correct(requireActor(req.ctx.actor), req.params.caseId, req.params.entryId, req.body),
  );
}
