import { randomUUID } from 'node:crypto';
import type { FollowUp, FollowUpCreate, FollowUps } from '@telehealth/contracts/case-outputs';
import type { Outcome } from '@telehealth/contracts/cases';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { VisitsService } from '../visits/visits.service.js';
import { loadCase } from './case-access.js';
import * as outputs from './case-outputs.repo.js';
import type { CasesService } from './cases.service.js';
import * as repo from './cases.repo.js';

const VISIT_OUTCOMES = new Set<Outcome>(['recommend_visit', 'recommend_urgent_visit']);
const REPORTED = new Set(['answered', 'acknowledged', 'closed']);
const VISIT_REASON = 'Follow-up visit recommended by a specialist consult';

/** The visit's reason: the fixed sentence and the report's recommended time frame (the window to book in). */
function visitReason(timeFrame: string | null): string {
  return (timeFrame ? `${VISIT_REASON} (${timeFrame})` : VISIT_REASON).slice(0, 500);
}

function toFollowUp(r: outputs.FollowUpRow): FollowUp {
  return {
    id: r.id,
    kind: r.kind as FollowUp['kind'],
    visitId: r.visitId,
    scheduledStart: r.scheduledStart.toISOString(),
    durationMinutes: r.durationMinutes,
    location: r.location,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * The follow-up after a report that recommends a visit (docs/cases.md): the referrer is offered a video visit
 * — scheduled through the visits module, hosted by the case's specialist unless another host is named — or
 * records an in-person visit booked in the site's own system. The case lists what was scheduled.
 */
export class CaseFollowUpsService {
  constructor(
    private readonly cases: CasesService,
    private readonly visits: VisitsService,
  ) {}

  /** The offer (while the report in force recommends a visit) and the follow-ups recorded so far. */
  async list(actor: Actor, id: string): Promise<FollowUps> {
    const { row } = await loadCase(this.cases.db, this.cases.audit, actor, id, 'either', 'case.follow_up.list');
    const offer = await this.offer(row);
    const items = await outputs.listFollowUps(this.cases.db, id);
    await this.cases.audited(actor, 'case.follow_up.list', id, row.patientId);
    return { offer, items: items.map(toFollowUp) };
  }

  /** Schedules the recommended visit; refused (CASE_FOLLOW_UP_NOT_OFFERED) when the report recommends none. */
  async create(actor: Actor, id: string, input: FollowUpCreate): Promise<FollowUp> {
    const { row } = await loadCase(this.cases.db, this.cases.audit, actor, id, 'referrer', 'case.follow_up.create');
    const offer = await this.offer(row);
    if (!offer) throw new AppError('CASE_FOLLOW_UP_NOT_OFFERED');
    const visit =
      input.kind === 'video'
        ? await this.visits.create(actor, {
            patientId: row.patientId,
            siteId: row.siteId,
            hostUserId: input.hostUserId ?? row.assigneeId ?? actor.userId,
            scheduledStart: input.scheduledStart,
            durationMinutes: input.durationMinutes,
            reason: visitReason(offer.timeFrame),
            modality: 'video',
          }, { caseId: id })
        : null;
    const followUp: outputs.FollowUpRow = {
      id: randomUUID(),
      caseId: id,
      kind: input.kind,
      visitId: visit?.id ?? null,
      scheduledStart: new Date(input.scheduledStart),
      durationMinutes: input.durationMinutes,
      location: input.kind === 'in_person' ? input.location : null,
      createdBy: actor.userId,
      createdAt: new Date(this.cases.clock()),
    };
    await outputs.insertFollowUp(this.cases.db, followUp);
    await this.cases.audited(actor, 'case.follow_up.create', id, row.patientId, { kind: input.kind, visitId: followUp.visitId });
    // the host learns of the visit they are to hold (a fixed sentence and the case link: no PHI)
    if (visit && visit.hostUserId !== actor.userId) await this.cases.notifier.notify([visit.hostUserId], 'follow_up', id);
    return toFollowUp(followUp);
  }

  private async offer(row: repo.CaseRow): Promise<FollowUps['offer']> {
    if (!REPORTED.has(row.state)) return null;
    const report = await repo.latestReport(this.cases.db, row.id);
    if (!report || !VISIT_OUTCOMES.has(report.outcome as Outcome)) return null;
    return { outcome: report.outcome as Outcome, timeFrame: report.timeFrame, specialistId: row.assigneeId };
  }
}
