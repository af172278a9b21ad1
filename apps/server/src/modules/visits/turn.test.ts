import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { iceServersFor, turnCredential } from './turn.js';

describe('TURN REST credentials', () => {
  it('signs <expiry>:<participant> with HMAC-SHA1 of the shared secret, as coturn --use-auth-secret checks', () => {
    const c = turnCredential('s3cret', 'p-1', new Date(1_800_000_000_500));
    expect(c.username).toBe('1800000000:p-1');
    expect(c.credential).toBe(createHmac('sha1', 's3cret').update('1800000000:p-1').digest('base64'));
  });

  it('hands out no TURN server when none is configured, and one with credentials when it is', () => {
    expect(iceServersFor(loadConfig({}), 'p', new Date())).toEqual([]);
    const config = loadConfig({ TURN_URLS: 'turn:127.0.0.1:3478?transport=udp, turns:turn.example.org:443', TURN_SECRET: 'x' });
    const [server] = iceServersFor(config, 'p', new Date(0));
    expect(server?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp', 'turns:turn.example.org:443']);
    expect(server?.username).toBe('0:p');
  });

  it('refuses TURN URLs without a secret and non-TURN URLs', () => {
    expect(() => loadConfig({ TURN_URLS: 'turn:a:3478' })).toThrow(/TURN_SECRET/);
    expect(() => loadConfig({ TURN_URLS: 'http://a', TURN_SECRET: 'x' })).toThrow(/TURN_URLS/);
  });
});
