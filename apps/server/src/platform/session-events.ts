import { EventEmitter } from 'node:events';

/**
 * In-process notifications about credentials, so long-lived connections (signalling sockets) can close
 * at once when a user is disabled. With several app servers this moves to the Redis bus.
 */
export const sessionEvents = new EventEmitter<{ 'user-disabled': [userId: string] }>();
sessionEvents.setMaxListeners(0);
