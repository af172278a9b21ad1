import type { VisitStatus } from '@telehealth/contracts/visits';
import { AppError } from '../../platform/errors.js';

/**
 * The visit lifecycle as an explicit state machine (STYLE §9).
 *
 * | from          | event            | to           |
 * |---------------|------------------|--------------|
 * | scheduled     | patient_waiting  | waiting      |
 * | scheduled     | cancel           | cancelled    |
 * | scheduled     | no_show          | no_show      |
 * | waiting       | admit            | in_progress  |
 * | waiting       | cancel           | cancelled    |
 * | waiting       | no_show          | no_show      |
 * | in_progress   | drop             | reconnecting |
 * | in_progress   | end              | ended        |
 * | reconnecting  | resume           | in_progress  |
 * | reconnecting  | grace_expired    | in_progress  |
 * | reconnecting  | end              | ended        |
 *
 * `ended`, `cancelled` and `no_show` are terminal. Every pair not in the table is refused with
 * VISIT_TRANSITION_INVALID. `grace_expired`: every dropped participant stayed away longer than the reconnection
 * grace period and is treated as having left; the call goes on with whoever is there. `waiting` means the patient has joined the waiting room at least once; whether they
 * are there right now is live room state, not a visit state.
 */
export const VISIT_EVENTS = ['patient_waiting', 'admit', 'drop', 'resume', 'grace_expired', 'end', 'cancel', 'no_show'] as const;
export type VisitEvent = (typeof VISIT_EVENTS)[number];

export const VISIT_TRANSITIONS: Readonly<Record<VisitStatus, Partial<Record<VisitEvent, VisitStatus>>>> = {
  scheduled: { patient_waiting: 'waiting', cancel: 'cancelled', no_show: 'no_show' },
  waiting: { admit: 'in_progress', cancel: 'cancelled', no_show: 'no_show' },
  in_progress: { drop: 'reconnecting', end: 'ended' },
  reconnecting: { resume: 'in_progress', grace_expired: 'in_progress', end: 'ended' },
  ended: {},
  cancelled: {},
  no_show: {},
};

/** The state after `event`, or null when the table has no such transition. */
export function nextStatus(from: VisitStatus, event: VisitEvent): VisitStatus | null {
  return VISIT_TRANSITIONS[from][event] ?? null;
}

/**
 * The state after `event`; throws VISIT_TRANSITION_INVALID (409) when the table does not allow it.
 * @param from - the visit's current state.
 * @param event - what happened.
 */
export function transition(from: VisitStatus, event: VisitEvent): VisitStatus {
  const to = nextStatus(from, event);
  if (!to) throw new AppError('VISIT_TRANSITION_INVALID', `A ${from.replace('_', ' ')} visit cannot take "${event}".`);
  return to;
}

/** A visit in one of these states has a live call (admitted participants may be connected). */
export function isLive(status: VisitStatus): boolean {
  return status === 'in_progress' || status === 'reconnecting';
}

/** No further transition exists. */
export function isTerminal(status: VisitStatus): boolean {
  return Object.keys(VISIT_TRANSITIONS[status]).length === 0;
}
