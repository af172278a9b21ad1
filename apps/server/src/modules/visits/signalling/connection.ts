import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ClientMessage, ParticipantKind, ServerMessage } from '@telehealth/contracts/visits';
import type { Actor } from '../../../platform/actor.js';
import { AppError } from '../../../platform/errors.js';
import type { FastifyBaseLogger } from 'fastify';
import { isStaffSide, type RoomIdentity, type VisitSessionService } from '../visit-session.service.js';
import type { VisitJoinService } from '../visit-join.service.js';
import type { VisitsService } from '../visits.service.js';
import { parseClientMessage } from './messages.js';
import { TokenBucket } from './rate-limit.js';
import { peerOf, type RoomMember, type RoomRegistry } from './room-registry.js';

export interface SignallingDeps {
  rooms: RoomRegistry;
  visits: VisitsService;
  visitJoin: VisitJoinService;
  session: VisitSessionService;
  log: FastifyBaseLogger;
  limits: SignallingLimits;
}

export interface SignallingLimits {
  messagesPerSecond: number;
  burst: number;
  /** Over-rate frames tolerated before the socket is closed (1008 policy violation). */
  maxViolations: number;
  helloTimeoutMs: number;
}

/** WebSocket close codes (RFC 6455 §7.4.1; 4000–4999 application-defined). */
export const CLOSE = { normal: 1000, policy: 1008, unauthenticated: 4401, removed: 4403, superseded: 4409, ended: 4410 } as const;

/**
 * One participant's signalling socket. Identity comes from the credential (join token, or the session cookie
 * checked with the upgrade's Origin), never from a message. Frames are handled one at a time in order; rate is
 * checked before a frame is even parsed.
 */
export class SignallingConnection {
  private who: RoomIdentity | null = null;
  private member: RoomMember | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly bucket: TokenBucket;
  private violations = 0;
  private closedBy: 'left' | 'dropped' | 'removed' | 'ended' = 'dropped';
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly actor: Actor | null,
    private readonly deps: SignallingDeps,
  ) {
    this.bucket = new TokenBucket(deps.limits.messagesPerSecond, deps.limits.burst);
    this.helloTimer = setTimeout(() => this.who || socket.close(CLOSE.unauthenticated, 'hello expected'), deps.limits.helloTimeoutMs);
    socket.on('message', (raw, isBinary) => this.onFrame(raw as Buffer, isBinary));
    socket.on('close', (code) => {
      clearTimeout(this.helloTimer);
      if (code === CLOSE.normal && this.closedBy === 'dropped') this.closedBy = 'left';
      this.chain = this.chain.then(() => this.onClose()).catch((err: unknown) => this.deps.log.error({ err }, 'signalling close failed'));
    });
  }

  /** Sends one message if the socket is open. */
  send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private onFrame(raw: Buffer, isBinary: boolean): void {
    if (!this.bucket.take()) {
      this.violations++;
      if (this.violations === 1) this.send({ type: 'error', code: 'RATE_LIMITED', message: 'Too many messages; slow down.' });
      if (this.violations > this.deps.limits.maxViolations) this.socket.close(CLOSE.policy, 'rate limit');
      return;
    }
    this.violations = 0;
    const parsed = isBinary ? null : parseClientMessage(raw.toString('utf8'));
    if (!parsed || 'error' in parsed) {
      this.send({ type: 'error', code: 'MESSAGE_INVALID', message: parsed?.error ?? 'Text frames with JSON only.' });
      return;
    }
    this.chain = this.chain.then(() => this.handle(parsed.message)).catch((err: unknown) => this.fail(err));
  }

  private fail(err: unknown): void {
    if (err instanceof AppError) {
      this.send({ type: 'error', code: err.code, message: err.message });
      if (!this.who) this.socket.close(CLOSE.unauthenticated, err.code);
      return;
    }
    this.deps.log.error({ err }, 'signalling message failed');
    this.send({ type: 'error', code: 'INTERNAL', message: 'Internal error' });
  }

  private async handle(m: ClientMessage): Promise<void> {
    if (m.type === 'ping') return this.send({ type: 'pong' });
    if (m.type === 'hello') return this.hello(m.joinToken, m.visitId, m.resume === true);
    const who = this.who;
    const me = this.member;
    if (!who || !me) throw new AppError('UNAUTHENTICATED', 'Say hello first.');
    switch (m.type) {
      case 'signal':
        return this.relay(who, me, m.to, m.data);
      case 'chat':
        return this.chat(who, me, m.text);
      case 'admit':
        return this.admit(who, m.participantId);
      case 'remove':
        return this.deps.session.remove(who, m.participantId);
      case 'end':
        return this.deps.session.end(who);
      case 'modality':
        await this.deps.session.changeModality(who, m.modality);
        return this.broadcast(who.visitId, { type: 'modality', from: who.participantId, modality: m.modality });
      case 'screen':
        return this.screen(who, me, m.sharing);
      case 'cohost':
        return this.cohost(who, m.participantId, m.cohost);
    }
  }

  private async hello(joinToken: string | undefined, visitId: string | undefined, resume: boolean): Promise<void> {
    if (this.who) throw new AppError('CONFLICT', 'Already joined.');
    this.who = await this.identify(joinToken, visitId);
    clearTimeout(this.helloTimer);
    const who = this.who;
    const { admitted, cohost } = await this.deps.session.standing(who);
    const member: RoomMember = {
      connectionId: randomUUID(),
      participantId: who.participantId,
      kind: who.kind,
      displayName: who.displayName,
      admitted,
      cohost,
      since: Date.now(),
      send: (msg) => this.send(msg),
      close: (code, reason) => {
        this.closedBy = code === CLOSE.removed ? 'removed' : code === CLOSE.ended ? 'ended' : this.closedBy;
        this.socket.close(code, reason);
      },
    };
    this.member = member;
    this.deps.rooms.join(who.visitId, member)?.close(CLOSE.superseded, 'superseded');
    const status = await this.deps.session.connected(who, resume);
    const peers = this.deps.rooms.members(who.visitId).filter((p) => p.participantId !== who.participantId);
    this.send({ type: 'welcome', participantId: who.participantId, kind: who.kind, status, admitted, cohost, peers: peers.map(peerOf) });
    for (const p of peers) p.send({ type: 'peer-joined', peer: peerOf(member) });
    this.broadcast(who.visitId, { type: 'status', status });
  }

  private async identify(joinToken: string | undefined, visitId: string | undefined): Promise<RoomIdentity> {
    if (joinToken) {
      const { visit, participant } = await this.deps.visitJoin.authenticate(joinToken);
      return {
        visitId: visit.id,
        participantId: participant.id,
        kind: participant.kind as ParticipantKind,
        userId: participant.userId,
        organizationId: visit.organizationId,
        patientId: visit.patientId,
        displayName: participant.displayName,
      };
    }
    if (visitId && this.actor) return this.deps.visits.staffIdentity(this.actor, visitId);
    throw new AppError('UNAUTHENTICATED', 'A join token, or a signed-in session and a visit id, is required.');
  }

  /** Relays SDP/ICE to one participant of the same room. Before admission, only the host side may be addressed (pre-connect). */
  private relay(who: RoomIdentity, me: RoomMember, to: string, data: Extract<ClientMessage, { type: 'signal' }>['data']): void {
    const target = this.deps.rooms.get(who.visitId, to);
    if (!target || (!me.admitted && !isStaffSide(target)) || (!target.admitted && !isStaffSide(who))) {
      throw new AppError('VISIT_PARTICIPANT_NOT_FOUND', 'No such participant in this visit.');
    }
    target.send({ type: 'signal', from: who.participantId, data });
  }

  private async chat(who: RoomIdentity, me: RoomMember, text: string): Promise<void> {
    const { at } = await this.deps.session.chat(who, text);
    const msg: ServerMessage = { type: 'chat', from: who.participantId, displayName: who.displayName, text, at };
    for (const m of this.deps.rooms.members(who.visitId)) {
      if (m === me || isStaffSide(m) || (me.admitted && m.admitted) || isStaffSide(who)) m.send(msg);
    }
  }

  private async admit(who: RoomIdentity, participantId: string): Promise<void> {
    const status = await this.deps.session.admit(who, participantId);
    const target = this.deps.rooms.get(who.visitId, participantId);
    if (target) target.admitted = true;
    this.broadcast(who.visitId, { type: 'admitted', participantId });
    this.broadcast(who.visitId, { type: 'status', status });
  }

  /** The host names (or un-names) a co-host; everyone in the room learns it, so the co-host's screen shows the controls. */
  private async cohost(who: RoomIdentity, participantId: string, cohost: boolean): Promise<void> {
    await this.deps.session.setCohost(who, participantId, cohost);
    const target = this.deps.rooms.get(who.visitId, participantId);
    if (target) target.cohost = cohost;
    this.broadcast(who.visitId, { type: 'cohost', participantId, cohost });
  }

  /** Screen sharing is media: only admitted participants share, and only with admitted ones. */
  private async screen(who: RoomIdentity, me: RoomMember, sharing: boolean): Promise<void> {
    if (!me.admitted) throw new AppError('FORBIDDEN', 'Share your screen once you are admitted.');
    await this.deps.session.screenShare(who, sharing);
    for (const m of this.deps.rooms.members(who.visitId)) if (m !== me && m.admitted) m.send({ type: 'screen', from: who.participantId, sharing });
  }

  private broadcast(visitId: string, msg: ServerMessage): void {
    for (const m of this.deps.rooms.members(visitId)) m.send(msg);
  }

  private async onClose(): Promise<void> {
    const who = this.who;
    const member = this.member;
    if (!who || !member || !this.deps.rooms.leave(who.visitId, member)) return;
    const status = await this.deps.session.disconnected(who, this.closedBy);
    this.broadcast(who.visitId, { type: 'peer-left', participantId: who.participantId, reason: this.closedBy });
    this.broadcast(who.visitId, { type: 'status', status });
  }
}
