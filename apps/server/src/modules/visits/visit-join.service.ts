import type { JoinConsent, JoinGrant, JoinInfo, ParticipantKind, VisitStatus } from '@telehealth/contracts/visits';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PatientsService } from '../patients/patients.service.js';
import { systemActor } from '../../platform/actor.js';
import { CONSENT } from './consent.js';
import { hashJoinToken, joinWindow } from './join-token.js';
import { iceServersFor } from './turn.js';
import { isTerminal } from './visit-lifecycle.js';
import { recordEvent } from './visit-records.js';
import * as repo from './visits.repo.js';

/** A participant proven by a join token: the visit and participant it is bound to. */
export interface TokenHolder {
  visit: repo.VisitRow;
  participant: repo.ParticipantRow;
}

export const SIGNALLING_PATH = '/signal';

/**
 * Joining without an account. A join token is bound to one visit and one invited participant; it works only
 * inside the visit's window, until revoked, until the participant is removed, and while the visit is not over.
 * Every use, allowed or refused, is audited with the visit's patient.
 */
export class VisitJoinService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly patients: PatientsService,
  ) {}

  /** What the join page shows before consent. */
  async lookup(token: string): Promise<JoinInfo> {
    const { visit, participant } = await this.redeem(token, 'visit.join.lookup');
    await this.audited(visit, participant, 'visit.join.lookup', 'success');
    return {
      displayName: participant.displayName,
      kind: participant.kind as ParticipantKind,
      scheduledStart: visit.scheduledStart?.toISOString() ?? null,
      modality: visit.modality as JoinInfo['modality'],
      status: visit.status as VisitStatus,
      birthDateRequired: this.config.visitRequireBirthDate && participant.kind === 'patient',
      consent: { version: CONSENT.version, text: CONSENT.text },
      consentGiven: participant.consentVersion === CONSENT.version,
    };
  }

  /** Stores the consent (version, time, participant), checks the date of birth when required, and grants ICE servers. */
  async consent(input: JoinConsent): Promise<JoinGrant> {
    const holder = await this.redeem(input.token, 'visit.join.consent');
    const { visit, participant } = holder;
    if (input.consentVersion !== CONSENT.version) throw new AppError('CONSENT_VERSION_STALE');
    if (this.config.visitRequireBirthDate && participant.kind === 'patient') {
      const patient = await this.patients.get(systemActor(visit.organizationId), visit.patientId);
      if (input.birthDate !== patient.birthDate) {
        await this.audited(visit, participant, 'visit.join.identity', 'denied');
        throw new AppError('JOIN_IDENTITY_MISMATCH');
      }
    }
    const at = new Date(this.clock());
    await repo.updateParticipant(this.db, participant.id, { consentVersion: CONSENT.version, consentAt: at });
    await recordEvent(this.db, this.clock, visit.id, 'consent', participant.id, { version: CONSENT.version });
    await this.audited(visit, participant, 'visit.join.consent', 'success', { version: CONSENT.version });
    return this.grant(holder);
  }

  /** ICE servers and the socket path for a proven participant (TURN credentials end with the join window). */
  grant({ visit, participant }: TokenHolder): JoinGrant {
    const window = joinWindow(this.config, visit, participant.invitedAt);
    return {
      visitId: visit.id,
      participantId: participant.id,
      iceServers: iceServersFor(this.config, participant.id, window.until),
      iceTransportPolicy: this.config.turnRelayOnly ? 'relay' : 'all',
      signallingPath: SIGNALLING_PATH,
    };
  }

  /** For the signalling socket: a token holder who has also given the current consent. */
  async authenticate(token: string): Promise<TokenHolder> {
    const holder = await this.redeem(token, 'visit.join.socket');
    if (holder.participant.consentVersion !== CONSENT.version) throw new AppError('CONSENT_VERSION_STALE');
    return holder;
  }

  /**
   * Resolves a token to its visit and participant, refusing a revoked or removed participant, a visit that is
   * over, and any time outside the window. Refusals of a known token are audited against its visit.
   */
  async redeem(token: string, action: string): Promise<TokenHolder> {
    const participant = /^[A-Za-z0-9_-]{40,64}$/.test(token) ? await repo.findParticipantByTokenHash(this.db, hashJoinToken(token)) : null;
    const visit = participant ? await repo.findVisit(this.db, participant.visitId) : null;
    if (!participant || !visit) {
      await this.audit.record({ actor: null, action, outcome: 'denied', resourceType: 'visit_participant', detail: { reason: 'unknown token' } });
      throw new AppError('JOIN_TOKEN_INVALID');
    }
    const refusal = participant.revokedAt ? 'revoked' : participant.removedAt ? 'removed' : isTerminal(visit.status as VisitStatus) ? `visit ${visit.status}` : null;
    if (refusal) {
      await this.audited(visit, participant, action, 'denied', { reason: refusal });
      throw new AppError('JOIN_TOKEN_INVALID');
    }
    const window = joinWindow(this.config, visit, participant.invitedAt);
    const now = this.clock();
    if (now < window.from.getTime() || now > window.until.getTime()) {
      await this.audited(visit, participant, action, 'denied', { reason: 'outside window' });
      throw new AppError('JOIN_WINDOW_CLOSED', `The link works from ${window.from.toISOString()} to ${window.until.toISOString()}.`);
    }
    return { visit, participant };
  }

  private audited(visit: repo.VisitRow, p: repo.ParticipantRow, action: string, outcome: 'success' | 'denied', detail: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record({
      actor: null,
      organizationId: visit.organizationId,
      action,
      outcome,
      patientId: visit.patientId,
      resourceType: 'visit_participant',
      resourceId: p.id,
      detail: { visitId: visit.id, kind: p.kind, ...detail },
    });
  }
}
