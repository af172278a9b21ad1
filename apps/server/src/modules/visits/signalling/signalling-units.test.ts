import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './messages.js';
import { TokenBucket } from './rate-limit.js';
import { InProcessRoomRegistry, type RoomMember } from './room-registry.js';

const member = (participantId: string, connectionId: string): RoomMember => ({
  connectionId,
  participantId,
  kind: 'patient',
  displayName: 'P',
  admitted: false,
  cohost: false,
  since: 0,
  send: () => undefined,
  close: () => undefined,
});

describe('client message validation', () => {
  it('accepts each documented message and refuses extra fields, unknown types and bad JSON', () => {
    const id = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
    for (const m of [
      { type: 'hello', joinToken: 'x'.repeat(43) },
      { type: 'signal', to: id, data: { sdp: { type: 'offer', sdp: 'v=0' } } },
      { type: 'signal', to: id, data: { candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } } },
      { type: 'chat', text: 'hi' },
      { type: 'admit', participantId: id },
      { type: 'end' },
      { type: 'modality', modality: 'audio_only' },
    ]) {
      expect(parseClientMessage(JSON.stringify(m)), m.type).toHaveProperty('message');
    }
    expect(parseClientMessage('{"type":"chat","text":"x","from":"' + id + '"}')).toHaveProperty('error');
    expect(parseClientMessage('{"type":"admit","participantId":"not-a-uuid"}')).toHaveProperty('error');
    expect(parseClientMessage('{"type":"chat","text":""}')).toHaveProperty('error');
    expect(parseClientMessage('[1,2]')).toEqual({ error: 'A message needs a "type".' });
    expect(parseClientMessage('{oops')).toEqual({ error: 'The frame is not JSON.' });
  });
});

describe('token bucket', () => {
  it('allows the burst, then refills at the configured rate', () => {
    let now = 0;
    const b = new TokenBucket(10, 5, () => now);
    expect(Array.from({ length: 6 }, () => b.take())).toEqual([true, true, true, true, true, false]);
    now += 100;
    expect(b.take()).toBe(true);
    expect(b.take()).toBe(false);
  });
});

describe('in-process room registry', () => {
  it('supersedes a participant’s older connection and ignores the old one’s late leave', () => {
    const rooms = new InProcessRoomRegistry();
    const old = member('p', 'c1');
    expect(rooms.join('v', old)).toBeNull();
    const fresh = member('p', 'c2');
    expect(rooms.join('v', fresh)).toBe(old);
    expect(rooms.leave('v', old)).toBe(false);
    expect(rooms.get('v', 'p')).toBe(fresh);
    expect(rooms.members('other')).toEqual([]);
    expect(rooms.leave('v', fresh)).toBe(true);
    expect(rooms.size()).toBe(0);
  });
});
