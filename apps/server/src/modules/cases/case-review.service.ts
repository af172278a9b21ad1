import { randomUUID } from 'node:crypto';
import type { Case, CaseTemplate, Reassign, ReportAmend, ReportSign } from '@telehealth/contracts/cases';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { applyEvent, loadCase, lockCase } from './case-access.js';
import { flagCritical } from './case-critical.service.js';
import { checkFields } from './case-templates.js';
import type { CasesService } from './cases.service.js';
import * as repo from './cases.repo.js';

/**
 * The specialist's side of a consult (docs/cases.md): claim from the specialty queue (atomic), clarifying
 * questions, signed structured reports and their amendments, and reassignment with a reason. A specialist
 * of another organization or specialty gets 404, audited (case-access.ts).
 */
export class CaseReviewService {
  constructor(private readonly cases: CasesService) {}

  private get db(): Db {
    return this.cases.db;
  }

  private now(): Date {
    return new Date(this.cases.clock());
  }

  /** Claims an unclaimed case. Two specialists at once: one wins, the other gets CASE_ALREADY_CLAIMED. */
  async claim(actor: Actor, id: string): Promise<Case> {
    const { row } = await loadCase(this.db, this.cases.audit, actor, id, 'specialist', 'case.claim');
    const now = this.now();
    const won = await this.db.transaction(async (tx) => {
      if (!(await repo.claim(tx, id, actor.userId, now))) return false;
      await repo.insertEvent(tx, { caseId: id, event: 'claim', fromState: 'submitted', toState: 'assigned', actorId: actor.userId, at: now });
      return true;
    });
    if (!won) {
      await this.cases.audit.record({ actor, action: 'case.claim', outcome: 'failure', patientId: row.patientId, resourceType: 'case', resourceId: id });
      throw row.state === 'submitted' || row.assigneeId ? new AppError('CASE_ALREADY_CLAIMED') : new AppError('CASE_TRANSITION_INVALID');
    }
    await this.cases.audited(actor, 'case.claim', id, row.patientId);
    return this.cases.get(actor, id, false);
  }

  /** Asks the referrer a clarifying question: the case waits for information and its clock pauses. */
  async ask(actor: Actor, id: string, body: string): Promise<Case> {
    const row = await this.mine(actor, id, 'case.ask');
    await this.db.transaction(async (tx) => {
      const now = this.now();
      const locked = await this.reviewing(tx, await lockCase(tx, id), actor, now);
      await applyEvent(tx, locked, 'ask', actor.userId, now);
      await repo.insertMessage(tx, { id: randomUUID(), caseId: id, authorId: actor.userId, side: 'specialist', body, createdAt: now });
    });
    await this.cases.audited(actor, 'case.ask', id, row.patientId);
    await this.cases.notifier.notify([row.referrerId], 'question', id);
    return this.cases.get(actor, id, false);
  }

  /**
   * Signs the report (version 1): the case is answered, or returned when the outcome is `retake_requested`.
   * A signed report never changes; later changes are amendments.
   */
  async sign(actor: Actor, id: string, input: ReportSign): Promise<Case> {
    const row = await this.mine(actor, id, 'case.sign');
    const finding = this.checkReport(await this.cases.template(row.specialty), input);
    await this.db.transaction(async (tx) => {
      const now = this.now();
      const locked = await this.reviewing(tx, await lockCase(tx, id), actor, now);
      const event = input.outcome === 'retake_requested' ? 'return' : 'sign';
      const signed = await applyEvent(tx, locked, event, actor.userId, now, event === 'sign' ? { patch: { answeredAt: now } } : {});
      await repo.insertReport(tx, { caseId: id, version: 1, ...this.reportValues(input), amendmentReason: null, signedBy: actor.userId, signedAt: now });
      if (finding) await flagCritical(tx, this.cases, { caseId: id, state: signed.state, referrerId: row.referrerId }, 1, finding, actor.userId, now);
    });
    await this.cases.audited(actor, 'case.sign', id, row.patientId, { outcome: input.outcome, critical: finding !== null });
    if (finding) await this.cases.audited(actor, 'case.critical.flag', id, row.patientId, { reportVersion: 1 });
    await this.tell(row.referrerId, id, finding !== null, input.outcome === 'retake_requested' ? 'returned' : 'report');
    return this.cases.get(actor, id, false);
  }

  /** Amends a signed report: a new version with its reason; the referrer is told and acknowledges again. */
  async amend(actor: Actor, id: string, input: ReportAmend): Promise<Case> {
    const row = await this.mine(actor, id, 'case.amend');
    if (!input.reason.trim()) throw new AppError('VALIDATION_FAILED', 'An amendment needs a reason.', { errors: [{ path: '/reason', message: 'must not be blank' }] });
    if (input.outcome === 'retake_requested') throw new AppError('CASE_FIELDS_INVALID', 'An amendment cannot request a retake.');
    const finding = this.checkReport(await this.cases.template(row.specialty), input);
    const version = await this.db.transaction(async (tx) => {
      const now = this.now();
      const locked = await lockCase(tx, id);
      const last = await repo.latestReport(tx, id);
      const amended = await applyEvent(tx, locked, 'amend', actor.userId, now, { reason: input.reason });
      if (!last) throw new AppError('CASE_TRANSITION_INVALID');
      const version = last.version + 1;
      await repo.insertReport(tx, { caseId: id, version, ...this.reportValues(input), amendmentReason: input.reason, signedBy: actor.userId, signedAt: now });
      if (finding) await flagCritical(tx, this.cases, { caseId: id, state: amended.state, referrerId: row.referrerId }, version, finding, actor.userId, now);
      return version;
    });
    await this.cases.audited(actor, 'case.amend', id, row.patientId, { outcome: input.outcome, critical: finding !== null });
    if (finding) await this.cases.audited(actor, 'case.critical.flag', id, row.patientId, { reportVersion: version });
    await this.tell(row.referrerId, id, finding !== null, 'amendment');
    return this.cases.get(actor, id, false);
  }

  /** Hands the case to another specialist of the specialty, with a reason; it goes back to `assigned`. */
  async reassign(actor: Actor, id: string, input: Reassign): Promise<Case> {
    const row = await this.mine(actor, id, 'case.reassign');
    if (!(await repo.isSpecialistOf(this.db, actor.organizationId, input.specialistId, row.specialty))) throw new AppError('SPECIALIST_INVALID');
    await this.db.transaction(async (tx) => {
      const locked = await lockCase(tx, id);
      await applyEvent(tx, locked, 'reassign', actor.userId, this.now(), { reason: input.reason, patch: { assigneeId: input.specialistId } });
    });
    await this.cases.audited(actor, 'case.reassign', id, row.patientId, { to: input.specialistId });
    await this.cases.notifier.notify([input.specialistId], 'assigned', id);
    return this.cases.get(actor, id, false);
  }

  /** A case the caller may act on as its assigned specialist (others of the specialty: 403). */
  private async mine(actor: Actor, id: string, action: string): Promise<repo.CaseRow> {
    const { row } = await loadCase(this.db, this.cases.audit, actor, id, 'specialist', action);
    if (row.assigneeId !== actor.userId) {
      await this.cases.audit.record({ actor, action, outcome: 'denied', patientId: row.patientId, resourceType: 'case', resourceId: id, detail: { reason: 'not_assignee' } });
      throw new AppError('FORBIDDEN', 'Only the assigned specialist can do this; claim the case first.');
    }
    return row;
  }

  /** An assigned case enters review on the specialist's first action (assigned → in_review). */
  private async reviewing(tx: Db, row: repo.CaseRow, actor: Actor, now: Date): Promise<repo.CaseRow> {
    return row.state === 'assigned' ? applyEvent(tx, row, 'start_review', actor.userId, now) : row;
  }

  /** Checks the report against the template; returns the critical finding when the report is flagged critical. */
  private checkReport(template: CaseTemplate, input: ReportSign): string | null {
    const complete = input.outcome !== 'retake_requested';
    const errors = checkFields(template.reportFields, input.fields, complete, '/fields');
    if (input.outcome === 'recommend_visit' && !input.timeFrame) errors.push({ path: '/timeFrame', message: 'is required for recommend_visit' });
    const finding = input.criticalFinding?.trim() ?? '';
    if (input.critical === true) {
      if (!complete) errors.push({ path: '/critical', message: 'a retake request cannot carry a critical result' });
      if (finding === '') errors.push({ path: '/criticalFinding', message: 'is required for a critical result' });
    } else if (input.criticalFinding !== undefined) {
      errors.push({ path: '/criticalFinding', message: 'is only given with critical: true' });
    }
    if (errors.length) throw new AppError('CASE_FIELDS_INVALID', undefined, { errors });
    return input.critical === true ? finding : null;
  }

  /**
   * Tells the referrer after the commit. A critical result's in-app notice was stored with the signature; its
   * email goes now, with a fixed subject (no finding, no patient).
   */
  private async tell(referrerId: string, id: string, isCritical: boolean, notice: 'report' | 'returned' | 'amendment'): Promise<void> {
    if (isCritical) await this.cases.notifier.email([referrerId], 'critical', id);
    else await this.cases.notifier.notify([referrerId], notice, id);
  }

  private reportValues(input: ReportSign) {
    return { outcome: input.outcome, timeFrame: input.timeFrame ?? null, fields: input.fields };
  }
}
