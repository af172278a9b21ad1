import type { CaseState } from '@telehealth/contracts/cases';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { decideCase, type CaseSide, type Decision } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { transition, type CaseEventName } from './case-lifecycle.js';
import * as repo from './cases.repo.js';
import { isOnCareTeam } from '../../platform/patient-scope-sql.js';
import { isQueueSharedWith } from './case-flow.repo.js';

/** Which side(s) an operation may be done from. */
export type SideRequirement = CaseSide | 'either';

/**
 * Loads a case and asks the policy layer (platform/policy.ts `decideCase`). Denials are audited with the
 * patient's id; another organization's case, a draft seen by a specialist, or a specialty the specialist
 * lacks answers 404 exactly like a case that does not exist.
 */
export async function loadCase(
  db: Db,
  audit: AuditService,
  actor: Actor,
  id: string,
  need: SideRequirement,
  action: string,
): Promise<{ row: repo.CaseRow; side: CaseSide }> {
  const row = await repo.findById(db, id);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const side = await sideOf(db, actor, row, need);
  if (side.decision !== 'allow') {
    await audit.record({
      actor,
      action,
      outcome: 'denied',
      patientId: row.patientId,
      resourceType: 'case',
      resourceId: row.id,
      detail: { reason: side.decision },
    });
    throw side.decision === 'not_found' ? new AppError('CASE_NOT_FOUND') : new AppError('FORBIDDEN');
  }
  return { row, side: side.side };
}

async function sideOf(db: Db, actor: Actor, row: repo.CaseRow, need: SideRequirement): Promise<{ decision: Decision; side: CaseSide }> {
  const careTeam = () => isOnCareTeam(db, row.patientId, actor.userId);
  const referrer = need === 'specialist' ? 'not_found' : decideCase(actor, row, 'referrer', await careTeam());
  if (referrer === 'allow') return { decision: 'allow', side: 'referrer' };
  const shared = row.organizationId !== actor.organizationId && (await isQueueSharedWith(db, row.organizationId, row.specialty, actor.organizationId));
  const specialist = need === 'referrer' ? 'not_found' : decideCase(actor, row, 'specialist', false, shared);
  if (specialist === 'allow') return { decision: 'allow', side: 'specialist' };
  return { decision: referrer === 'forbidden' ? 'forbidden' : 'not_found', side: 'referrer' };
}

/**
 * Moves a case through one lifecycle event inside the caller's transaction: validates against the table,
 * updates the row and appends the event.
 */
export async function applyEvent(
  tx: Db,
  row: repo.CaseRow,
  event: CaseEventName,
  actorId: string | null,
  at: Date,
  extra: { reason?: string; patch?: Partial<repo.CaseRow> } = {},
): Promise<repo.CaseRow> {
  const to = transition(row.state as CaseState, event);
  const patch = { ...extra.patch, state: to, updatedAt: at };
  await repo.update(tx, row.id, patch);
  await repo.insertEvent(tx, { caseId: row.id, event, fromState: row.state, toState: to, actorId, reason: extra.reason ?? null, at });
  return { ...row, ...patch };
}

/** The row, locked, inside a transaction; gone (deleted meanwhile) is CASE_NOT_FOUND. */
export async function lockCase(tx: Db, id: string): Promise<repo.CaseRow> {
  const row = await repo.findForUpdate(tx, id);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  return row;
}
