import { randomUUID } from 'node:crypto';
import type { Case, CaseCreate, CaseDraftUpdate, CaseList, CaseListQuery, CaseTemplate, Urgency } from '@telehealth/contracts/cases';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { GRANTS, patientScope } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SitesService } from '../identity/sites.service.js';
import type { PatientsService } from '../patients/patients.service.js';
import { applyEvent, loadCase, lockCase } from './case-access.js';
import { autoAssignee, pausedSince, resumeClock, startClock } from './case-clock.js';
import { toCase, toSummary } from './case-dto.js';
import type { CaseNotifier } from './case-notify.js';
import { checkFields, parseTemplate } from './case-templates.js';
import * as repo from './cases.repo.js';
import { makeCursor, openCursor } from './case-cursor.js';
import * as worklist from './case-worklist.repo.js';

/**
 * Store-and-forward consults, the referrer's side and reads (docs/cases.md): drafts, submission (idempotent
 * with an Idempotency-Key), withdrawal, replies to clarifying questions, acknowledgement and closing. Every
 * access is audited with the case's patient, allowed or denied. The specialist's side is case-review.service.ts.
 */
export class CasesService {
  constructor(
    readonly db: Db,
    readonly audit: AuditService,
    readonly clock: Clock,
    private readonly config: Config,
    private readonly patients: PatientsService,
    private readonly sites: SitesService,
    readonly notifier: CaseNotifier,
  ) {}

  /** Every specialty template: data from `case_templates`, read each time so a new row works at once. */
  async listTemplates(): Promise<CaseTemplate[]> {
    const rows = await repo.listTemplates(this.db);
    return rows.flatMap((r) => {
      const t = parseTemplate(r.definition);
      return t && t.specialty === r.specialty ? [t] : [];
    });
  }

  async template(specialty: string): Promise<CaseTemplate> {
    const t = (await this.listTemplates()).find((x) => x.specialty === specialty);
    if (!t) throw new AppError('SPECIALTY_UNKNOWN');
    return t;
  }

  /** Starts a draft for a patient the caller may write, at one of the caller's sites. */
  async create(actor: Actor, input: CaseCreate): Promise<Case> {
    const template = await this.template(input.specialty);
    await this.sites.assertOwnSites(actor.organizationId, [input.siteId]);
    // the patient must be reachable for writing (audited by the patients service, 404 across organizations)
    await this.patients.get(actor, input.patientId);
    const scope = patientScope({ ...actor, roles: actor.roles.filter((r) => GRANTS['case.write'].includes(r.role)) }, 'patient.write');
    if (scope.kind === 'sites' && !scope.siteIds.includes(input.siteId)) throw new AppError('FORBIDDEN', 'Cases are referred from your own sites.');
    this.checkHistory(template, input.history ?? {}, false);
    if (input.targetSpecialistId) await this.checkSpecialist(actor, input.targetSpecialistId, input.specialty);
    const now = new Date(this.clock());
    const row: repo.NewCaseRow = {
      id: randomUUID(),
      organizationId: actor.organizationId,
      siteId: input.siteId,
      patientId: input.patientId,
      referrerId: actor.userId,
      specialty: input.specialty,
      urgency: input.urgency ?? 'routine',
      state: 'draft',
      question: input.question ?? '',
      history: input.history ?? {},
      consent: input.consent ?? null,
      targetSpecialistId: input.targetSpecialistId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.transaction(async (tx) => {
      await repo.insert(tx, row);
      await repo.insertEvent(tx, { caseId: row.id, event: 'create', fromState: null, toState: 'draft', actorId: actor.userId, at: now });
    });
    await this.audited(actor, 'case.create', row.id, input.patientId);
    return this.get(actor, row.id, false);
  }

  /** The full case, for the referrer's staff or a specialist of the case's specialty. */
  async get(actor: Actor, id: string, audit = true): Promise<Case> {
    const { row } = await loadCase(this.db, this.audit, actor, id, 'either', 'case.read');
    if (audit) await this.audited(actor, 'case.read', id, row.patientId);
    return toCase(this.db, row, await this.template(row.specialty));
  }

  /** Worklists (keyset pages): the caller's referred cases, a specialty queue, or the specialist's assigned cases. */
  async list(actor: Actor, q: CaseListQuery): Promise<CaseList> {
    const limit = q.limit ?? 50;
    const page = q.cursor ? openCursor(q.cursor) : undefined;
    const specialties = [...new Set(actor.roles.filter((r) => r.role === 'specialist').flatMap((r) => r.specialties))];
    const view = q.view ?? (specialties.length > 0 ? 'queue' : 'referred');
    let rows: worklist.SummaryRow[];
    if (view === 'queue') rows = await worklist.listQueue(this.db, actor.organizationId, specialties, limit + 1, page);
    else if (view === 'assigned') rows = await worklist.listAssigned(this.db, actor.userId, q.state, limit + 1, page);
    else {
      const referrerRoles = actor.roles.filter((r) => GRANTS['case.write'].includes(r.role));
      rows = referrerRoles.length ? await worklist.listReferred(this.db, patientScope({ ...actor, roles: referrerRoles }, 'patient.write'), q.state, limit + 1, page) : [];
    }
    const items = rows.slice(0, limit);
    await this.audit.record({ actor, action: 'case.list', outcome: 'success', resourceType: 'case', detail: { view, caseIds: items.map((r) => r.id) } });
    const last = items.at(-1);
    return { items: items.map(toSummary), nextCursor: rows.length > limit && last ? makeCursor(last) : null };
  }

  /** Draft autosave: only a draft (or a returned case) changes; history is checked for shape, not completeness. */
  async updateDraft(actor: Actor, id: string, patch: CaseDraftUpdate): Promise<Case> {
    const { row } = await loadCase(this.db, this.audit, actor, id, 'referrer', 'case.update');
    if (row.state !== 'draft' && row.state !== 'returned') throw new AppError('CASE_TRANSITION_INVALID', 'Only a draft or returned case can be edited.');
    if (patch.history) this.checkHistory(await this.template(row.specialty), patch.history, false);
    if (patch.targetSpecialistId) await this.checkSpecialist(actor, patch.targetSpecialistId, row.specialty);
    await repo.update(this.db, id, {
      ...(patch.urgency ? { urgency: patch.urgency } : {}),
      ...(patch.question !== undefined ? { question: patch.question } : {}),
      ...(patch.history ? { history: patch.history } : {}),
      ...(patch.consent ? { consent: patch.consent } : {}),
      ...(patch.targetSpecialistId !== undefined ? { targetSpecialistId: patch.targetSpecialistId } : {}),
      updatedAt: new Date(this.clock()),
    });
    await this.audited(actor, 'case.update', id, row.patientId, { fields: Object.keys(patch) });
    return this.get(actor, id, false);
  }

  /**
   * Submits a draft (or resubmits a returned case). With an Idempotency-Key, a retry answers the case as it
   * is and changes nothing; the same key for a different case is IDEMPOTENCY_KEY_REUSED.
   */
  async submit(actor: Actor, id: string, idempotencyKey: string | undefined): Promise<Case> {
    const { row: loaded } = await loadCase(this.db, this.audit, actor, id, 'referrer', 'case.submit');
    const template = await this.template(loaded.specialty);
    // true: a replay; a user id: the case was assigned to them on submission
    const result = await this.db.transaction(async (tx) => {
      const row = await lockCase(tx, id);
      if (idempotencyKey) {
        const seen = await repo.findIdempotency(tx, actor.userId, idempotencyKey);
        if (seen) {
          if (seen.caseId !== id || seen.operation !== 'submit') throw new AppError('IDEMPOTENCY_KEY_REUSED');
          return true;
        }
      }
      this.checkComplete(template, row);
      const now = new Date(this.clock());
      const returnedMs = row.state === 'returned' ? await pausedSince(tx, id, 'return', now) : 0;
      const submitted = await applyEvent(tx, row, row.state === 'returned' ? 'resubmit' : 'submit', actor.userId, now, {
        patch: { ...startClock(row, now, this.turnaroundMs(row.urgency as Urgency), returnedMs), assigneeId: null },
      });
      const assignee = row.targetSpecialistId ?? (await autoAssignee(tx, row));
      if (assignee) await applyEvent(tx, submitted, 'assign', null, now, { patch: { assigneeId: assignee } });
      if (idempotencyKey) {
        const fresh = await repo.insertIdempotency(tx, { actorId: actor.userId, key: idempotencyKey, caseId: id, operation: 'submit', createdAt: now });
        if (!fresh) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      }
      return assignee ?? false;
    });
    await this.audited(actor, 'case.submit', id, loaded.patientId, { replay: result === true });
    if (typeof result === 'string') await this.notifier.notify([result], 'assigned', id);
    return this.get(actor, id, false);
  }

  /** Referrer events without content: withdraw, acknowledge the report, close. */
  async referrerEvent(actor: Actor, id: string, event: 'withdraw' | 'acknowledge' | 'close', reason?: string): Promise<Case> {
    const { row: loaded } = await loadCase(this.db, this.audit, actor, id, 'referrer', `case.${event}`);
    await this.db.transaction(async (tx) => {
      const row = await lockCase(tx, id);
      await applyEvent(tx, row, event, actor.userId, new Date(this.clock()), reason ? { reason } : {});
    });
    await this.audited(actor, `case.${event}`, id, loaded.patientId);
    return this.get(actor, id, false);
  }

  /** The referrer answers a clarifying question: awaiting_information → in_review; the clock resumes. */
  async reply(actor: Actor, id: string, body: string): Promise<Case> {
    const { row: loaded } = await loadCase(this.db, this.audit, actor, id, 'referrer', 'case.reply');
    await this.db.transaction(async (tx) => {
      const row = await lockCase(tx, id);
      const now = new Date(this.clock());
      await applyEvent(tx, row, 'reply', actor.userId, now, { patch: resumeClock(row, await pausedSince(tx, id, 'ask', now)) });
      await repo.insertMessage(tx, { id: randomUUID(), caseId: id, authorId: actor.userId, side: 'referrer', body, createdAt: now });
    });
    await this.audited(actor, 'case.reply', id, loaded.patientId);
    if (loaded.assigneeId) await this.notifier.notify([loaded.assigneeId], 'reply', id);
    return this.get(actor, id, false);
  }

  /** Records a successful access to a case on the audit trail. */
  async audited(actor: Actor, action: string, caseId: string, patientId: string, detail?: Record<string, unknown>): Promise<void> {
    await this.audit.record({ actor, action, outcome: 'success', patientId, resourceType: 'case', resourceId: caseId, ...(detail ? { detail } : {}) });
  }

  /** How long a critical result may go unacknowledged before escalation (CASE_CRITICAL_ACK_MINUTES). */
  criticalAckMs(): number {
    return this.config.caseCriticalAckMinutes * 60_000;
  }

  turnaroundMs(urgency: Urgency): number {
    return this.config.caseTurnaroundMinutes[urgency] * 60_000;
  }

  private checkHistory(template: CaseTemplate, history: Record<string, unknown>, complete: boolean): void {
    const errors = checkFields(template.historyFields, history, complete, '/history');
    if (errors.length) throw new AppError(complete ? 'CASE_INCOMPLETE' : 'CASE_FIELDS_INVALID', undefined, { errors });
  }

  private checkComplete(template: CaseTemplate, row: repo.CaseRow): void {
    const errors = checkFields(template.historyFields, row.history as Record<string, unknown>, true, '/history');
    if (!(row.consent as { given?: boolean } | null)?.given) errors.push({ path: '/consent', message: 'the patient’s consent is required' });
    if (row.question.trim() === '') errors.push({ path: '/question', message: 'is required' });
    if (errors.length) throw new AppError('CASE_INCOMPLETE', undefined, { errors });
  }

  private async checkSpecialist(actor: Actor, userId: string, specialty: string): Promise<void> {
    if (!(await repo.isSpecialistOf(this.db, actor.organizationId, userId, specialty))) throw new AppError('SPECIALIST_INVALID');
  }
}
