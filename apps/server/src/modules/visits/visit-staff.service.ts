import { randomUUID } from 'node:crypto';
import type { Participant, StaffInvitationCreate, StaffInvitationList, Visit } from '@telehealth/contracts/visits';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation, type Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { GRANTS } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UsersService } from '../identity/users.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { assertPlaceFree } from './visit-capacity.js';
import { isTerminal } from './visit-lifecycle.js';
import { toParticipantDto } from './visit-records.js';
import type { VisitsService } from './visits.service.js';
import * as repo from './visits.repo.js';

/** The notice's fixed title: no patient, no reason (notifications carry no PHI). */
const INVITED_TITLE = 'You were invited to a video visit. Open Visits to join.';

/**
 * Platform users in a visit: the host (or any staff who may write the visit) invites a clinician or specialist
 * of the same organization by user id; they join with their own signed-in session — no link, no token — and
 * are admitted on connecting, since the host chose them by account (docs/visits.md "Participants and roles").
 */
export class VisitStaffService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly deps: { visits: VisitsService; users: UsersService; notifications: NotificationsService },
  ) {}

  /**
   * Invites a platform user into a visit that is not over. Another organization's user is 404 like a missing
   * one; a user without a role that `visit.consult` grants, or disabled, is refused; a user already in the
   * visit (the host included) is a conflict. The invitee gets an in-app notice in the same transaction.
   */
  async invite(actor: Actor, visitId: string, input: StaffInvitationCreate): Promise<Participant> {
    const visit = await this.deps.visits.requireVisit(actor, visitId, 'patient.write', 'visit.invite');
    if (isTerminal(visit.status as Visit['status'])) throw new AppError('VISIT_TRANSITION_INVALID', 'The visit is over.');
    const user = await this.deps.users.get(actor, input.userId).catch(async (err: unknown) => {
      await this.audit.record({ actor, action: 'visit.invite', outcome: 'denied', patientId: visit.patientId, resourceType: 'user', resourceId: input.userId, detail: { reason: 'user not found' } });
      throw err;
    });
    if (user.disabled || !user.roles.some((r) => GRANTS['visit.consult'].includes(r.role))) {
      await this.audit.record({ actor, action: 'visit.invite', outcome: 'denied', patientId: visit.patientId, resourceType: 'user', resourceId: user.id, detail: { reason: 'role' } });
      throw new AppError('VISIT_INVITEE_INVALID');
    }
    const now = new Date(this.clock());
    const row = { id: randomUUID(), visitId, kind: 'clinician', userId: user.id, displayName: user.name, email: null, tokenHash: null, invitedAt: now };
    try {
      await this.db.transaction(async (tx) => {
        await assertPlaceFree(tx, visitId, null);
        await repo.insertParticipant(tx, row);
        await repo.insertEvent(tx, { visitId, at: now, kind: 'invite', participantId: row.id, detail: { kind: 'clinician', userId: user.id } });
        await this.deps.notifications.deliver([user.id], 'visit_invitation', INVITED_TITLE, null, tx);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('VISIT_ALREADY_PARTICIPANT');
      throw err;
    }
    await this.audit.record({ actor, action: 'visit.invite', outcome: 'success', patientId: visit.patientId, resourceType: 'visit_participant', resourceId: row.id, detail: { kind: 'clinician', userId: user.id } });
    return toParticipantDto({ ...row, admittedAt: null, consentVersion: null, consentAt: null, revokedAt: null, removedAt: null, cohostAt: null });
  }

  /** The visits (not yet over) the caller was invited into by account, with the host's name; audited as a list. */
  async mine(actor: Actor): Promise<StaffInvitationList> {
    const rows = await repo.listInvitedVisits(this.db, actor.organizationId, actor.userId);
    await this.audit.record({
      actor,
      action: 'visit.list',
      outcome: 'success',
      resourceType: 'user',
      resourceId: actor.userId,
      detail: { invited: true, count: rows.length, visitIds: rows.map((r) => r.visitId), patientIds: [...new Set(rows.map((r) => r.patientId))] },
    });
    return {
      items: rows.map((r) => ({
        visitId: r.visitId,
        participantId: r.participantId,
        siteId: r.siteId,
        status: r.status as Visit['status'],
        scheduledStart: r.scheduledStart ? r.scheduledStart.toISOString() : null,
        invitedAt: r.invitedAt.toISOString(),
        hostName: r.hostName,
        cohost: r.cohostAt !== null,
      })),
    };
  }
}
