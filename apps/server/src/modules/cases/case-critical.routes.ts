import { Type } from 'typebox';
import { Case } from '@telehealth/contracts/cases';
import { Uuid } from '@telehealth/contracts/common';
import type { Config } from '../../config.js';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { CaseCriticalService } from './case-critical.service.js';

const CaseParams = Type.Object({ caseId: Uuid }, { additionalProperties: false });

/** Critical results (docs/cases.md "Critical results"): the referring side's acknowledgement, and the escalation sweeper. */
export function caseCriticalRoutes(app: Api, s: { caseCritical: CaseCriticalService; config: Config }): void {
  app.post(
    `${API_PREFIX}/cases/:caseId/critical-result/acknowledge`,
    { config: { access: 'case.write' }, schema: { tags: ['cases'], params: CaseParams, response: withProblems({ 200: Case }) } },
    async (req) => s.caseCritical.acknowledge(requireActor(req.ctx.actor), req.params.caseId),
  );

  // The escalation sweeper runs with the turnaround sweeper's period; its state is in the database
  // (escalated_at), so a restart loses nothing and two servers send nothing twice.
  const sweep = setInterval(
    () => void s.caseCritical.sweep().catch((err: unknown) => app.log.warn({ err }, 'critical result sweep failed')),
    s.config.caseClockSweepSeconds * 1000,
  );
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await s.caseCritical.settled();
  });
}
