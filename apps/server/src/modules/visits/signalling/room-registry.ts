import type { ParticipantKind, RoomPeer, ServerMessage } from '@telehealth/contracts/visits';

/** One connected participant as the room sees it. `connectionId` tells a superseded connection from the current one. */
export interface RoomMember {
  connectionId: string;
  participantId: string;
  kind: ParticipantKind;
  displayName: string;
  admitted: boolean;
  /** Co-host of the visit (mirrors the stored participant; moderation rights are decided from the database). */
  cohost: boolean;
  since: number;
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
}

/**
 * Who is connected to which visit. The in-process implementation below serves one server process; a later
 * issue adds a Redis-backed one (presence + a pub/sub bus) behind this same interface, so nothing else changes.
 */
export interface RoomRegistry {
  /** Adds a member; returns the same participant's previous connection, which the caller closes (superseded). */
  join(visitId: string, member: RoomMember): RoomMember | null;
  /** Removes the member only if it is still the participant's current connection. */
  leave(visitId: string, member: RoomMember): boolean;
  get(visitId: string, participantId: string): RoomMember | undefined;
  members(visitId: string): RoomMember[];
  /** Number of rooms with at least one member (metrics, tests). */
  size(): number;
}

export function peerOf(m: RoomMember): RoomPeer {
  return { participantId: m.participantId, kind: m.kind, displayName: m.displayName, admitted: m.admitted, cohost: m.cohost, since: new Date(m.since).toISOString() };
}

export class InProcessRoomRegistry implements RoomRegistry {
  private readonly rooms = new Map<string, Map<string, RoomMember>>();

  join(visitId: string, member: RoomMember): RoomMember | null {
    let room = this.rooms.get(visitId);
    if (!room) this.rooms.set(visitId, (room = new Map<string, RoomMember>()));
    const previous = room.get(member.participantId) ?? null;
    room.set(member.participantId, member);
    return previous && previous.connectionId !== member.connectionId ? previous : null;
  }

  leave(visitId: string, member: RoomMember): boolean {
    const room = this.rooms.get(visitId);
    if (room?.get(member.participantId)?.connectionId !== member.connectionId) return false;
    room.delete(member.participantId);
    if (room.size === 0) this.rooms.delete(visitId);
    return true;
  }

  get(visitId: string, participantId: string): RoomMember | undefined {
    return this.rooms.get(visitId)?.get(participantId);
  }

  members(visitId: string): RoomMember[] {
    return [...(this.rooms.get(visitId)?.values() ?? [])];
  }

  size(): number {
    return this.rooms.size;
  }
}
