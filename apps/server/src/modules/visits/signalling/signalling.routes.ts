import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../config.js';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '../../../platform/access.js';
import type { Actor } from '../../../platform/actor.js';
import { AppError } from '../../../platform/errors.js';
import type { Api } from '../../../platform/http.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { AuthService } from '../../identity/auth.service.js';
import { SIGNALLING_PATH, type VisitJoinService } from '../visit-join.service.js';
import type { VisitSessionService } from '../visit-session.service.js';
import type { VisitGraceSweeper } from '../visit-grace.js';
import type { VisitsService } from '../visits.service.js';
import { CLOSE, SignallingConnection, type SignallingLimits } from './connection.js';
import { InProcessRoomRegistry, type RoomRegistry } from './room-registry.js';

/** Largest frame accepted; an SDP offer with many candidates is ~10 KB. Bigger frames close the socket (1009). */
export const MAX_FRAME_BYTES = 64 * 1024;
export const DEFAULT_LIMITS: SignallingLimits = { messagesPerSecond: 50, burst: 100, maxViolations: 200, helloTimeoutMs: 10_000 };

interface Deps {
  config: Config;
  auth: AuthService;
  audit: AuditService;
  visits: VisitsService;
  visitJoin: VisitJoinService;
  visitSession: VisitSessionService;
  visitGrace: VisitGraceSweeper;
}

declare module 'fastify' {
  interface FastifyRequest {
    signallingActor?: Actor | null;
  }
}

/**
 * The one signalling WebSocket (`GET /signal`). The upgrade is refused (403) when the Origin is not the platform's
 * own — a cookie alone never opens a socket from another site (cross-site WebSocket hijacking). Participants then
 * authenticate in their first message: a join token, or a visit id with the session cookie of the upgrade.
 */
export async function signallingRoutes(app: Api, deps: Deps, limits: SignallingLimits = DEFAULT_LIMITS, rooms: RoomRegistry = new InProcessRoomRegistry()): Promise<RoomRegistry> {
  await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  const origin = new URL(deps.config.publicUrl).origin;
  deps.visits.onEviction((visitId, participantId) => {
    for (const m of rooms.members(visitId)) {
      if (participantId === null) m.close(CLOSE.ended, 'visit over');
      else if (m.participantId === participantId) m.close(CLOSE.removed, 'removed');
    }
  });
  // Someone stayed away past the grace period: the others stop showing them as reconnecting.
  deps.visitGrace.onExpired(({ visitId, participantId, status }) => {
    for (const m of rooms.members(visitId)) {
      m.send({ type: 'peer-left', participantId, reason: 'timed_out' });
      m.send({ type: 'status', status });
    }
  });
  app.get(SIGNALLING_PATH, {
    websocket: true,
    schema: { hide: true },
    preValidation: async (req: FastifyRequest) => {
      if (req.headers.origin !== origin) {
        await deps.audit.record({ actor: null, action: 'visit.signal.origin', outcome: 'denied', detail: { origin: String(req.headers.origin ?? '').slice(0, 200) } });
        throw new AppError('FORBIDDEN', 'Cross-origin sockets are refused.');
      }
      const cookie = req.cookies[SECURE_SESSION_COOKIE] ?? req.cookies[SESSION_COOKIE];
      const credential = cookie && cookie.length <= 100 ? await deps.auth.resolveSession(cookie) : null;
      req.signallingActor = credential?.stage === 'authenticated' ? credential.actor : null;
    },
  }, (socket, req) => {
    let alive = true;
    socket.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, deps.config.signalHeartbeatSeconds * 1000);
    socket.on('close', () => clearInterval(heartbeat));
    socket.on('error', () => undefined);
    new SignallingConnection(socket, req.signallingActor ?? null, {
      rooms,
      visits: deps.visits,
      visitJoin: deps.visitJoin,
      session: deps.visitSession,
      log: req.log,
      limits,
    });
  });
  return rooms;
}
