import { createHmac } from 'node:crypto';
import type { IceServer } from '@telehealth/contracts/visits';
import type { Config } from '../../config.js';

/**
 * Short-lived TURN credentials in coturn's shared-secret REST scheme (`--use-auth-secret`, the TURN REST API
 * draft, draft-uberti-behave-turn-rest-00 §2.2): username `<expiry-unix-seconds>:<participantId>`, password
 * base64(HMAC-SHA1(secret, username)). coturn refuses the credential after the expiry, so a leaked one dies with
 * the visit window.
 * @param participantId - who the credential is for (appears in coturn's logs; not PHI).
 * @param expiresAt - the end of the visit's join window.
 */
export function turnCredential(secret: string, participantId: string, expiresAt: Date): { username: string; credential: string } {
  const username = `${Math.floor(expiresAt.getTime() / 1000)}:${participantId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The ICE servers for one participant: TURN with fresh credentials when configured, else none (host candidates). */
export function iceServersFor(config: Config, participantId: string, expiresAt: Date): IceServer[] {
  if (!config.turnUrls.length || !config.turnSecret) return [];
  return [{ urls: config.turnUrls, ...turnCredential(config.turnSecret, participantId, expiresAt) }];
}
