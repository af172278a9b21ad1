import { Type } from 'typebox';
import {
  Availability,
  CaseQueue,
  CaseQueueList,
  CaseQueueShare,
  CaseQueueShareCreate,
  CaseQueueShareList,
  CaseQueueUpdate,
  Dashboard,
  DashboardQuery,
  SpecialtyParams,
} from '@telehealth/contracts/case-flow';
import { Uuid } from '@telehealth/contracts/common';
import type { Config } from '../../config.js';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { CaseClockService } from './case-clock.service.js';
import type { CaseFlowService } from './case-flow.service.js';

const ShareParams = Type.Object({ shareId: Uuid }, { additionalProperties: false });

/** Queue settings, sharing agreements, availability and the dashboard; starts the turnaround sweeper. */
export function caseFlowRoutes(app: Api, s: { caseFlow: CaseFlowService; caseClock: CaseClockService; config: Config }): void {
  const tags = ['cases'];
  const manage = { access: 'case.manage' as const };
  const me = { access: 'case.review' as const };
  const queues = `${API_PREFIX}/case-queues`;
  const shares = `${API_PREFIX}/case-queue-shares`;
  const availability = `${API_PREFIX}/specialists/me/availability`;

  app.get(queues, { config: manage, schema: { tags, response: withProblems({ 200: CaseQueueList }) } }, async (req) => s.caseFlow.listQueues(requireActor(req.ctx.actor)));
  app.put(`${queues}/:specialty`, { config: manage, schema: { tags, params: SpecialtyParams, body: CaseQueueUpdate, response: withProblems({ 200: CaseQueue }) } }, async (req) =>
    s.caseFlow.updateQueue(requireActor(req.ctx.actor), req.params.specialty, req.body),
  );
  app.get(shares, { config: manage, schema: { tags, response: withProblems({ 200: CaseQueueShareList }) } }, async (req) => s.caseFlow.listShares(requireActor(req.ctx.actor)));
  app.post(shares, { config: manage, schema: { tags, body: CaseQueueShareCreate, response: withProblems({ 201: CaseQueueShare }) } }, async (req, reply) =>
    reply.code(201).send(await s.caseFlow.createShare(requireActor(req.ctx.actor), req.body)),
  );
  app.post(`${shares}/:shareId/revoke`, { config: manage, schema: { tags, params: ShareParams, response: withProblems({ 200: CaseQueueShareList }) } }, async (req) =>
    s.caseFlow.revokeShare(requireActor(req.ctx.actor), req.params.shareId),
  );
  app.get(availability, { config: me, schema: { tags, response: withProblems({ 200: Availability }) } }, async (req) => s.caseFlow.availability(requireActor(req.ctx.actor)));
  app.put(availability, { config: me, schema: { tags, body: Availability, response: withProblems({ 200: Availability }) } }, async (req) =>
    s.caseFlow.setAvailability(requireActor(req.ctx.actor), req.body),
  );
  app.get(`${API_PREFIX}/case-dashboard`, { config: { access: 'case.dashboard' }, schema: { tags, querystring: DashboardQuery, response: withProblems({ 200: Dashboard }) } }, async (req) =>
    s.caseFlow.dashboard(requireActor(req.ctx.actor), req.query),
  );

  // The turnaround sweeper: its state is in the database (warned_at / breached_at), so a restart loses nothing.
  const sweep = setInterval(() => void s.caseClock.sweep().catch((err: unknown) => app.log.warn({ err }, 'turnaround sweep failed')), s.config.caseClockSweepSeconds * 1000);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await s.caseClock.settled();
  });
}
