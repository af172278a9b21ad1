import type { CaseState } from '@telehealth/contracts/cases';
import { AppError } from '../../platform/errors.js';

/**
 * The case lifecycle (issue 4) as an explicit state machine. Every transition the platform makes goes through
 * `transition()`; anything not in this table is refused with CASE_TRANSITION_INVALID.
 *
 * | from                  | event            | to                    | who                         |
 * |-----------------------|------------------|-----------------------|-----------------------------|
 * | draft                 | submit           | submitted             | referrer                    |
 * | draft                 | withdraw         | withdrawn             | referrer                    |
 * | submitted             | claim            | assigned              | specialist of the specialty |
 * | submitted             | assign           | assigned              | automatic / named target    |
 * | submitted             | withdraw         | withdrawn             | referrer                    |
 * | assigned              | start_review     | in_review             | assignee                    |
 * | assigned              | reassign         | assigned              | assignee, with a reason     |
 * | assigned              | withdraw         | withdrawn             | referrer                    |
 * | in_review             | ask              | awaiting_information  | assignee (clarifying q.)    |
 * | in_review             | sign             | answered              | assignee (signed report)    |
 * | in_review             | return           | returned              | assignee (retake requested) |
 * | in_review             | reassign         | assigned              | assignee, with a reason     |
 * | in_review             | withdraw         | withdrawn             | referrer                    |
 * | awaiting_information  | reply            | in_review             | referrer                    |
 * | awaiting_information  | withdraw         | withdrawn             | referrer                    |
 * | returned              | resubmit         | submitted             | referrer                    |
 * | returned              | withdraw         | withdrawn             | referrer                    |
 * | answered              | amend            | answered              | signer (new report version) |
 * | answered              | acknowledge      | acknowledged          | referrer                    |
 * | acknowledged          | amend            | answered              | signer (referrer re-acks)   |
 * | acknowledged          | close            | closed                | referrer                    |
 *
 * closed and withdrawn are final.
 */
export type CaseEventName =
  | 'submit'
  | 'withdraw'
  | 'claim'
  | 'assign'
  | 'start_review'
  | 'reassign'
  | 'ask'
  | 'sign'
  | 'return'
  | 'reply'
  | 'resubmit'
  | 'amend'
  | 'acknowledge'
  | 'close';

export const CASE_TRANSITIONS: Readonly<Record<CaseState, Partial<Record<CaseEventName, CaseState>>>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { claim: 'assigned', assign: 'assigned', withdraw: 'withdrawn' },
  assigned: { start_review: 'in_review', reassign: 'assigned', withdraw: 'withdrawn' },
  in_review: { ask: 'awaiting_information', sign: 'answered', return: 'returned', reassign: 'assigned', withdraw: 'withdrawn' },
  awaiting_information: { reply: 'in_review', withdraw: 'withdrawn' },
  returned: { resubmit: 'submitted', withdraw: 'withdrawn' },
  answered: { amend: 'answered', acknowledge: 'acknowledged' },
  acknowledged: { amend: 'answered', close: 'closed' },
  closed: {},
  withdrawn: {},
};

/** States in which the turnaround clock runs (paused while awaiting information from the referrer). */
export const CLOCK_RUNNING: readonly CaseState[] = ['submitted', 'assigned', 'in_review'];

/** States the referrer may still withdraw from (derived from the table). */
export function canWithdraw(state: CaseState): boolean {
  return CASE_TRANSITIONS[state].withdraw !== undefined;
}

/**
 * The state after `event` in `from`, or CASE_TRANSITION_INVALID.
 * @param from - the case's current state.
 * @param event - what is happening to it.
 */
export function transition(from: CaseState, event: CaseEventName): CaseState {
  const to = CASE_TRANSITIONS[from][event];
  if (!to) throw new AppError('CASE_TRANSITION_INVALID', `A case that is ${from} cannot ${event.replace('_', ' ')}.`);
  return to;
}
