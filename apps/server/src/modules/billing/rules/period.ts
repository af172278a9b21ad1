import type { Facts } from '../rule-types.js';

/** The effective dates of a calendar year's rules. */
export interface Period {
  from: string;
  to: string;
}
export const year = (y: number): Period => ({ from: `${y}-01-01`, to: `${y}-12-31` });

/** Optional flags that mean "no" when the facts leave them out. */
export const DEFAULTS: Partial<Facts> = { interpreterInvolved: false, acuteStroke: false };

/** Synchronous modalities. */
export const SYNC = ['audio_video', 'audio_only'] as const;
export const ASYNC_IMAGES = ['asynchronous_images', 'asynchronous_portal_with_images'] as const;
export const PORTAL = ['asynchronous_portal', 'asynchronous_portal_with_images'] as const;
export const EM_PRACTITIONERS = ['physician', 'nurse_practitioner', 'physician_assistant'] as const;
