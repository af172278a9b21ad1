import { randomUUID } from 'node:crypto';
import type { Invitation, JoinGrant, ParticipantKind, InvitationCreate, VisitCreate, VisitDay, VisitDayQuery, VisitDetail, VisitReschedule, Visit } from '@telehealth/contracts/visits';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mailer.js';
import { decidePatient, patientScope } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SitesService } from '../identity/sites.service.js';
import type { UsersService } from '../identity/users.service.js';
import type { PatientsService } from '../patients/patients.service.js';
import { issueJoinToken, joinWindow } from './join-token.js';
import { iceServersFor } from './turn.js';
import { SIGNALLING_PATH } from './visit-join.service.js';
import { assertPlaceFree } from './visit-capacity.js';
import { isTerminal } from './visit-lifecycle.js';
import { applyTransition, loadDetail, recordEvent, toVisitDto } from './visit-records.js';
import type { RoomIdentity } from './visit-session.service.js';
import * as repo from './visits.repo.js';
import { zonedDayRange } from './zoned-day.js';
import { isOnCareTeam } from '../../platform/patient-scope-sql.js';

const HOST_ROLES = new Set(['admin', 'clinician', 'specialist', 'nurse']);

/** Which own place in a visit opens it to a site-scoped user: none, any live place, or host/co-host. */
export type Participation = 'none' | 'any' | 'moderator';

/** Told when a participant loses the right to be in a visit (revoked, removed, visit ended): the room drops them. */
export type EvictionListener = (visitId: string, participantId: string | null) => void;

/**
 * Scheduling and the visit record for staff: create, reschedule, cancel, a site's day, invitations. Every
 * access is decided by the policy layer on the visit's patient at the visit's site, and audited.
 */
export class VisitsService {
  private readonly evictionListeners: EvictionListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly deps: { sites: SitesService; users: UsersService; patients: PatientsService; mailer: Mailer | null },
  ) {}

  /** Registers a listener for evictions (the signalling room registry). */
  onEviction(listener: EvictionListener): void {
    this.evictionListeners.push(listener);
  }

  evict(visitId: string, participantId: string | null): void {
    for (const l of this.evictionListeners) l(visitId, participantId);
  }

  /**
   * Schedules a visit.
   * @param link - `caseId`: the consult the visit follows up (set only by the cases module, never by the API body).
   */
  async create(actor: Actor, input: VisitCreate, link: { caseId?: string } = {}): Promise<Visit> {
    await this.deps.sites.assertOwnSites(actor.organizationId, [input.siteId]);
    await this.deps.patients.get(actor, input.patientId);
    const scope = patientScope(actor, 'patient.write');
    if (scope.kind === 'sites' && !scope.siteIds.includes(input.siteId)) {
      await this.audit.record({ actor, action: 'visit.create', outcome: 'denied', patientId: input.patientId, resourceType: 'site', resourceId: input.siteId });
      throw new AppError('FORBIDDEN', 'You can schedule visits only at your own sites.');
    }
    const host = await this.deps.users.get(actor, input.hostUserId ?? actor.userId).catch(() => null);
    if (!host || host.disabled || !host.roles.some((r) => HOST_ROLES.has(r.role))) throw new AppError('VISIT_HOST_INVALID');
    const now = new Date(this.clock());
    const row: repo.VisitRow = {
      id: randomUUID(),
      organizationId: actor.organizationId,
      siteId: input.siteId,
      patientId: input.patientId,
      hostUserId: host.id,
      scheduledStart: input.scheduledStart ? new Date(input.scheduledStart) : null,
      durationMinutes: input.durationMinutes,
      reason: input.reason,
      modality: input.modality ?? 'video',
      status: 'scheduled',
      createdAt: now,
      startedAt: null,
      endedAt: null,
      reminderSentAt: null,
      caseId: link.caseId ?? null,
    };
    await this.db.transaction(async (tx) => {
      await repo.insertVisit(tx, row);
      await repo.insertParticipant(tx, { id: randomUUID(), visitId: row.id, kind: 'host', userId: host.id, displayName: host.name, invitedAt: now });
      await repo.insertEvent(tx, { visitId: row.id, at: now, kind: 'state', participantId: null, detail: { from: null, to: 'scheduled' } });
    });
    await this.audit.record({ actor, action: 'visit.create', outcome: 'success', patientId: row.patientId, resourceType: 'visit', resourceId: row.id });
    return toVisitDto(row);
  }

  async get(actor: Actor, id: string): Promise<VisitDetail> {
    const visit = await this.requireVisit(actor, id, 'patient.read', 'visit.read');
    const detail = await loadDetail(this.db, this.clock, visit);
    await this.audit.record({ actor, action: 'visit.read', outcome: 'success', patientId: visit.patientId, resourceType: 'visit', resourceId: id });
    return detail;
  }

  /** A site's visits on one calendar day in the site's own time zone. */
  async listDay(actor: Actor, siteId: string, q: VisitDayQuery): Promise<VisitDay> {
    const site = await this.deps.sites.get(actor, siteId);
    const date = q.date ?? new Intl.DateTimeFormat('en-CA', { timeZone: site.timeZone }).format(new Date(this.clock()));
    const { from, to } = zonedDayRange(date, site.timeZone);
    const rows = await repo.listSiteDay(this.db, patientScope(actor, 'patient.read'), site.id, from, to);
    await this.audit.record({
      actor,
      action: 'visit.list',
      outcome: 'success',
      resourceType: 'site',
      resourceId: site.id,
      detail: { date, count: rows.length, visitIds: rows.map((r) => r.id), patientIds: [...new Set(rows.map((r) => r.patientId))] },
    });
    return { siteId: site.id, date, timeZone: site.timeZone, items: rows.map(toVisitDto) };
  }

  async reschedule(actor: Actor, id: string, input: VisitReschedule): Promise<Visit> {
    const visit = await this.requireVisit(actor, id, 'patient.write', 'visit.reschedule');
    if (visit.status !== 'scheduled') throw new AppError('VISIT_TRANSITION_INVALID', 'Only a scheduled visit can be rescheduled.');
    // a new time means a new reminder
    const patch = { scheduledStart: new Date(input.scheduledStart), durationMinutes: input.durationMinutes ?? visit.durationMinutes, reminderSentAt: null };
    if (!(await repo.updateVisitIf(this.db, id, 'scheduled', patch))) throw new AppError('VISIT_TRANSITION_INVALID', 'The visit changed meanwhile.');
    await this.audit.record({
      actor,
      action: 'visit.reschedule',
      outcome: 'success',
      patientId: visit.patientId,
      resourceType: 'visit',
      resourceId: id,
      detail: { from: visit.scheduledStart?.toISOString() ?? null, to: patch.scheduledStart.toISOString() },
    });
    return toVisitDto({ ...visit, ...patch });
  }

  async cancel(actor: Actor, id: string): Promise<Visit> {
    const visit = await this.requireVisit(actor, id, 'patient.write', 'visit.cancel');
    await applyTransition(this.db, this.clock, visit, 'cancel');
    await this.audit.record({ actor, action: 'visit.cancel', outcome: 'success', patientId: visit.patientId, resourceType: 'visit', resourceId: id });
    this.evict(id, null);
    return toVisitDto(visit);
  }

  /**
   * Invites a participant: a join token bound to this visit and this participant, usable only inside the visit's
   * window. A new patient invitation revokes the previous patient link. Emails the link when asked and possible.
   */
  async invite(actor: Actor, id: string, input: InvitationCreate): Promise<Invitation> {
    const visit = await this.requireVisit(actor, id, 'patient.write', 'visit.invite');
    if (isTerminal(visit.status as Visit['status'])) throw new AppError('VISIT_TRANSITION_INVALID', 'The visit is over.');
    const patient = input.kind === 'patient' ? await this.deps.patients.get(actor, visit.patientId) : null;
    const displayName = input.displayName ?? (patient ? `${patient.givenName} ${patient.familyName}` : null);
    if (!displayName) throw new AppError('VALIDATION_FAILED', 'displayName is required.', { errors: [{ path: '/displayName', message: 'required' }] });
    const email = input.email ?? patient?.email ?? null;
    const { token, tokenHash } = issueJoinToken();
    const now = new Date(this.clock());
    const participantId = randomUUID();
    const replaced = await this.db.transaction(async (tx) => {
      await assertPlaceFree(tx, id, input.kind === 'patient' ? 'patient' : null);
      const revoked = input.kind === 'patient' ? await repo.revokeLiveOfKind(tx, id, 'patient', now) : [];
      await repo.insertParticipant(tx, { id: participantId, visitId: id, kind: input.kind, displayName, email, tokenHash, invitedAt: now });
      await repo.insertEvent(tx, { visitId: id, at: now, kind: 'invite', participantId, detail: { kind: input.kind } });
      return revoked;
    });
    for (const old of replaced) this.evict(id, old);
    const joinUrl = `${this.config.publicUrl}/join#${token}`;
    const emailed = input.sendEmail !== false && email !== null && (await this.sendInvitation(email, joinUrl, visit));
    await this.audit.record({ actor, action: 'visit.invite', outcome: 'success', patientId: visit.patientId, resourceType: 'visit_participant', resourceId: participantId, detail: { kind: input.kind, emailed } });
    const window = joinWindow(this.config, visit, now);
    return { participantId, joinUrl, validFrom: window.from.toISOString(), validUntil: window.until.toISOString(), emailed };
  }

  /** Revokes a participant's link; a connected participant is dropped from the room at once. */
  async revoke(actor: Actor, id: string, participantId: string): Promise<void> {
    const visit = await this.requireVisit(actor, id, 'patient.write', 'visit.revoke');
    const p = await repo.findParticipant(this.db, participantId);
    if (!p || p.visitId !== id || p.kind === 'host') throw new AppError('VISIT_PARTICIPANT_NOT_FOUND');
    if (!p.revokedAt) {
      await repo.updateParticipant(this.db, participantId, { revokedAt: new Date(this.clock()) });
      await recordEvent(this.db, this.clock, id, 'revoke', participantId);
    }
    await this.audit.record({ actor, action: 'visit.revoke', outcome: 'success', patientId: visit.patientId, resourceType: 'visit_participant', resourceId: participantId });
    this.evict(id, participantId);
  }

  /**
   * The room identity of a signed-in staff member joining a visit's room: they need access to the visit and a
   * participant row of their own (the host has one from creation).
   */
  async staffIdentity(actor: Actor, visitId: string): Promise<RoomIdentity> {
    const visit = await this.requireVisit(actor, visitId, 'patient.read', 'visit.join');
    const p = await repo.findParticipantByUser(this.db, visitId, actor.userId);
    if (!p || p.revokedAt || p.removedAt || isTerminal(visit.status as Visit['status'])) {
      await this.audit.record({ actor, action: 'visit.join', outcome: 'denied', patientId: visit.patientId, resourceType: 'visit', resourceId: visitId, detail: { reason: p ? 'not allowed now' : 'not a participant' } });
      throw new AppError(p ? 'VISIT_TRANSITION_INVALID' : 'FORBIDDEN', p ? 'The visit is over.' : 'You are not a participant of this visit.');
    }
    return { visitId, participantId: p.id, kind: p.kind as ParticipantKind, userId: actor.userId, organizationId: visit.organizationId, patientId: visit.patientId, displayName: p.displayName };
  }

  /** ICE servers (with TURN credentials bounded by the visit window) for a staff participant's browser. */
  async staffGrant(actor: Actor, visitId: string): Promise<JoinGrant> {
    const who = await this.staffIdentity(actor, visitId);
    const visit = await repo.findVisit(this.db, visitId);
    const window = joinWindow(this.config, { scheduledStart: visit?.scheduledStart ?? null }, new Date(this.clock()));
    await this.audit.record({ actor, action: 'visit.connect', outcome: 'success', patientId: who.patientId, resourceType: 'visit', resourceId: visitId });
    return {
      visitId,
      participantId: who.participantId,
      iceServers: iceServersFor(this.config, who.participantId, window.until),
      iceTransportPolicy: this.config.turnRelayOnly ? 'relay' : 'all',
      signallingPath: SIGNALLING_PATH,
    };
  }

  /** An open (not yet over) visit of this patient, host and reason, or null (idempotent seeding). */
  async findOpen(actor: Actor, patientId: string, hostUserId: string, reason: string): Promise<Visit | null> {
    const row = await repo.findOpenVisit(this.db, patientId, hostUserId, reason);
    if (!row) return null;
    return toVisitDto(await this.requireVisit(actor, row.id, 'patient.read', 'visit.read'));
  }

  /**
   * Loads a visit and asks the policy layer about its patient at the visit's site. Another organization's visit
   * is 404 like a missing one; every refusal is audited.
   */
  async requireVisit(actor: Actor, id: string, permission: 'patient.read' | 'patient.write', action: string, participation: Participation = permission === 'patient.read' ? 'any' : 'none'): Promise<repo.VisitRow> {
    const visit = await repo.findVisit(this.db, id);
    if (!visit) throw new AppError('VISIT_NOT_FOUND');
    const scope = patientScope(actor, permission);
    const granted = scope.kind === 'sites' && ((await isOnCareTeam(this.db, visit.patientId, actor.userId)) || (await this.participates(visit.id, actor.userId, participation)));
    const decision = decidePatient(scope, { id: visit.patientId, organizationId: visit.organizationId, siteId: visit.siteId }, granted);
    if (decision !== 'allow') {
      await this.audit.record({ actor, action, outcome: 'denied', patientId: visit.patientId, resourceType: 'visit', resourceId: id, detail: { reason: decision } });
      throw decision === 'not_found' ? new AppError('VISIT_NOT_FOUND') : new AppError('FORBIDDEN');
    }
    return visit;
  }

  /**
   * Whether a platform user's own place in the visit opens it to them like care-team membership: an invited
   * specialist from another site reads and joins the visit they were invited into ('any'); a co-host also reads
   * and writes its notes ('moderator'). Only a live place counts (not revoked, not removed).
   */
  private async participates(visitId: string, userId: string, participation: Participation): Promise<boolean> {
    if (participation === 'none') return false;
    const p = await repo.findParticipantByUser(this.db, visitId, userId);
    if (!p || p.revokedAt || p.removedAt) return false;
    return participation === 'any' || p.kind === 'host' || p.cohostAt !== null;
  }

  private async sendInvitation(to: string, joinUrl: string, visit: repo.VisitRow): Promise<boolean> {
    if (!this.deps.mailer) return false;
    const when = visit.scheduledStart ? `at ${visit.scheduledStart.toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'now';
    // No PHI in the subject or body beyond what the recipient already knows: no reason, no names.
    await this.deps.mailer.send({
      to,
      subject: 'Your video visit link',
      text: `You are invited to a video visit ${when}.\n\nJoin from any browser, nothing to install:\n${joinUrl}\n\nThe link works from ${this.config.visitJoinBeforeMinutes} minutes before the start. Do not share it.\n`,
    });
    return true;
  }
}
