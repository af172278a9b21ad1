import type { Modality, ParticipantKind, VisitStatus } from '@telehealth/contracts/visits';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { isLive, isTerminal as isOver } from './visit-lifecycle.js';
import { applyTransition, recordEvent } from './visit-records.js';
import type { VisitsService } from './visits.service.js';
import * as repo from './visits.repo.js';

/** Who is acting in a room: always taken from the socket's authenticated credential, never from a message. */
export interface RoomIdentity {
  visitId: string;
  participantId: string;
  kind: ParticipantKind;
  /** Set for platform users (host, promoted clinician); null for link-only participants. */
  userId: string | null;
  organizationId: string;
  patientId: string;
  displayName: string;
}

/**
 * The staff side of a room: the host and platform users invited by account. A waiting participant may
 * pre-connect to them, and they see the waiting room's chat. Moderation is a separate right: see `mayModerate`.
 */
export function isStaffSide(who: { kind: ParticipantKind }): boolean {
  return who.kind === 'host' || who.kind === 'clinician';
}

/** What a participant may do in the room, read from the stored participant (never from the socket's copy). */
export function mayModerate(p: { kind: string; cohostAt: Date | null; removedAt: Date | null }, action: 'admit' | 'remove' | 'end' | 'cohost'): boolean {
  if (p.removedAt) return false;
  if (p.kind === 'host') return true;
  // A co-host admits and removes; ending the visit and naming co-hosts stay with the host, whose visit it is.
  return p.kind === 'clinician' && p.cohostAt !== null && (action === 'admit' || action === 'remove');
}

/**
 * What participants do in a visit, written to the timeline (the billing source of truth) and audited. Called by
 * the signalling hub with identities it took from the authenticated credential.
 */
export class VisitSessionService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly visits: VisitsService,
  ) {}

  /**
   * Whether the participant is admitted (the host and platform users invited by account always are) and
   * whether they are co-host.
   */
  async standing(who: RoomIdentity): Promise<{ admitted: boolean; cohost: boolean }> {
    const p = await this.participantOf(who);
    return { admitted: isStaffSide(who) || (p.admittedAt !== null && p.removedAt === null), cohost: p.cohostAt !== null };
  }

  /** A participant's socket joined the room (or came back after a drop). Returns the visit state after it. */
  async connected(who: RoomIdentity, resumed: boolean): Promise<VisitStatus> {
    const visit = await this.visitOf(who);
    const p = await this.participantOf(who);
    // The host, and a platform user the host invited by account, are admitted on connecting: no waiting room.
    const direct = isStaffSide(who) && !p.admittedAt;
    if (direct) await repo.updateParticipant(this.db, p.id, { admittedAt: new Date(this.clock()) });
    await recordEvent(this.db, this.clock, visit.id, resumed ? 'reconnect' : 'join', p.id);
    if (direct) await recordEvent(this.db, this.clock, visit.id, 'admit', p.id, { by: p.id, direct: true });
    if (who.kind === 'patient' && visit.status === 'scheduled') await applyTransition(this.db, this.clock, visit, 'patient_waiting', p.id);
    if (visit.status === 'reconnecting' && p.admittedAt) await applyTransition(this.db, this.clock, visit, 'resume', p.id);
    await this.record(who, resumed ? 'visit.reconnect' : 'visit.join', 'success');
    return visit.status as VisitStatus;
  }

  /** A socket closed. A dropped (not deliberately left) admitted participant puts a running visit into `reconnecting`. */
  async disconnected(who: RoomIdentity, reason: 'left' | 'dropped' | 'removed' | 'ended'): Promise<VisitStatus> {
    const visit = await this.visitOf(who);
    const p = await this.participantOf(who);
    await recordEvent(this.db, this.clock, visit.id, 'leave', p.id, { reason });
    if (reason === 'dropped' && p.admittedAt && visit.status === 'in_progress') await applyTransition(this.db, this.clock, visit, 'drop', p.id);
    return visit.status as VisitStatus;
  }

  /** Admits a waiting participant; admitting into a waiting visit starts it. */
  async admit(by: RoomIdentity, targetId: string): Promise<VisitStatus> {
    await this.requireModerator(by, 'admit', targetId);
    const visit = await this.visitOf(by);
    const target = await this.targetOf(visit.id, targetId);
    if (visit.status !== 'waiting' && !isLive(visit.status as VisitStatus)) throw new AppError('VISIT_TRANSITION_INVALID', 'The visit is not open for admission.');
    if (!target.admittedAt) await repo.updateParticipant(this.db, target.id, { admittedAt: new Date(this.clock()) });
    await recordEvent(this.db, this.clock, visit.id, 'admit', target.id, { by: by.participantId });
    if (visit.status === 'waiting') await applyTransition(this.db, this.clock, visit, 'admit', by.participantId);
    await this.record(by, 'visit.admit', 'success', { participantId: target.id });
    return visit.status as VisitStatus;
  }

  /** Removes a participant for good: their link stops working and their socket is closed. */
  async remove(by: RoomIdentity, targetId: string): Promise<void> {
    await this.requireModerator(by, 'remove', targetId);
    const visit = await this.visitOf(by);
    const target = await this.targetOf(visit.id, targetId);
    if (target.kind === 'host') {
      await this.record(by, 'visit.remove', 'denied', { reason: 'host', participantId: target.id });
      throw new AppError('FORBIDDEN', 'The host cannot be removed.');
    }
    await repo.updateParticipant(this.db, target.id, { removedAt: new Date(this.clock()) });
    await recordEvent(this.db, this.clock, visit.id, 'remove', target.id, { by: by.participantId });
    await this.record(by, 'visit.remove', 'success', { participantId: target.id });
    this.visits.evict(visit.id, target.id);
  }

  async end(by: RoomIdentity): Promise<void> {
    await this.requireModerator(by, 'end', null);
    const visit = await this.visitOf(by);
    await applyTransition(this.db, this.clock, visit, 'end', by.participantId);
    await this.record(by, 'visit.end', 'success');
    this.visits.evict(visit.id, null);
  }

  /**
   * The host makes a clinician participant co-host, or takes it back. Only a platform user invited by account
   * (kind `clinician`) who is still in the visit qualifies; a patient, interpreter or guest never does.
   * Recorded on the timeline (`cohost`) and audited, refusals included.
   */
  async setCohost(by: RoomIdentity, targetId: string, cohost: boolean): Promise<void> {
    await this.requireModerator(by, 'cohost', targetId);
    const visit = await this.visitOf(by);
    const target = await this.targetOf(visit.id, targetId);
    if (target.kind !== 'clinician' || target.removedAt || target.revokedAt || isOver(visit.status as VisitStatus)) {
      await this.record(by, 'visit.cohost', 'denied', { reason: 'not eligible', participantId: target.id, targetKind: target.kind });
      throw new AppError('VISIT_COHOST_INVALID');
    }
    if ((target.cohostAt !== null) === cohost) return;
    await this.db.transaction(async (tx) => {
      await repo.updateParticipant(tx, target.id, { cohostAt: cohost ? new Date(this.clock()) : null });
      await recordEvent(tx, this.clock, visit.id, 'cohost', target.id, { cohost, by: by.participantId });
    });
    await this.record(by, 'visit.cohost', 'success', { participantId: target.id, cohost });
  }

  /** Either side drops to audio only (or back to video); billing reads the change from the timeline. */
  async changeModality(who: RoomIdentity, to: Modality): Promise<void> {
    const visit = await this.visitOf(who);
    if (visit.modality === to) return;
    await this.db.transaction(async (tx) => {
      await repo.updateVisitIf(tx, visit.id, visit.status as VisitStatus, { modality: to });
      await recordEvent(tx, this.clock, visit.id, 'modality', who.participantId, { from: visit.modality, to });
    });
    await this.record(who, 'visit.modality', 'success', { to });
  }

  /** Screen sharing starts or stops; audited (a shared screen may show patient data), not a billing event. */
  async screenShare(who: RoomIdentity, sharing: boolean): Promise<void> {
    await this.record(who, 'visit.screen', 'success', { sharing });
  }

  /** Stores an in-call chat message with the visit record. */
  async chat(who: RoomIdentity, body: string): Promise<{ id: number; at: string }> {
    const at = new Date(this.clock());
    const id = await repo.insertChat(this.db, { visitId: who.visitId, participantId: who.participantId, at, body });
    await this.record(who, 'visit.chat', 'success', { chatId: id });
    return { id, at: at.toISOString() };
  }

  /** Decided on the stored participant, so a promotion (or its withdrawal) applies to the very next message. */
  private async requireModerator(by: RoomIdentity, action: 'admit' | 'remove' | 'end' | 'cohost', targetId: string | null): Promise<void> {
    if (mayModerate(await this.participantOf(by), action)) return;
    await this.record(by, `visit.${action}`, 'denied', { reason: 'not a moderator', participantId: targetId });
    throw new AppError('FORBIDDEN', action === 'end' || action === 'cohost' ? 'Only the host can do this.' : 'Only the host or a co-host can do this.');
  }

  private async visitOf(who: RoomIdentity): Promise<repo.VisitRow> {
    const visit = await repo.findVisit(this.db, who.visitId);
    if (!visit) throw new AppError('VISIT_NOT_FOUND');
    return visit;
  }

  private async participantOf(who: RoomIdentity): Promise<repo.ParticipantRow> {
    return this.targetOf(who.visitId, who.participantId);
  }

  /** A participant of this visit; any other id (another visit's included) is not found. */
  private async targetOf(visitId: string, participantId: string): Promise<repo.ParticipantRow> {
    const p = await repo.findParticipant(this.db, participantId);
    if (!p || p.visitId !== visitId) throw new AppError('VISIT_PARTICIPANT_NOT_FOUND');
    return p;
  }

  private record(who: RoomIdentity, action: string, outcome: 'success' | 'denied', detail: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record({
      actor: null,
      organizationId: who.organizationId,
      userId: who.userId,
      action,
      outcome,
      patientId: who.patientId,
      resourceType: 'visit',
      resourceId: who.visitId,
      detail: { participantId: who.participantId, kind: who.kind, ...detail },
    });
  }
}
