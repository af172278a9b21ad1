/** Milliseconds since the epoch. Injected so tests can move time (idle sessions, TOTP steps, throttles). */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
